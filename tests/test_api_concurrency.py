"""Two calls of the intake API at once, played with a second database connection.

The test's transaction stands for one call; a connection of its own stands for the other
call, which either is filing the same thing right now (it holds the advisory lock) or has
just committed it (after the snapshot of this transaction, which repeatable read keeps).
Either way this call answers "in_progress" without running a statement that fails: such
a statement was logged as an ERROR with the enterprise's personal data."""
from unittest.mock import patch

import odoo

from .common import AgencyCaseCommon
from .test_api import valid_payload

CODE = '91150400MA0T2X6K3R'


class TestConcurrentApplications(AgencyCaseCommon):

    @classmethod
    def setUpClass(cls):
        super(TestConcurrentApplications, cls).setUpClass()
        cls.Intake = cls.env['agency.intake.request']
        cls.env['res.lang'].load_lang('en_US')

    def setUp(self):
        super(TestConcurrentApplications, self).setUp()
        self.other = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(self.other.close)
        # The snapshot of this transaction is taken already.
        self.env.cr.execute('SELECT 1')

    def payload(self, **changes):
        changes.setdefault('region_code', self.region.code)
        changes.setdefault('project_code', None)
        changes.setdefault('credit_code', CODE)
        return valid_payload(**changes)

    def submit(self, key='k-1', **changes):
        payload = {k: v for k, v in self.payload(**changes).items() if v is not None}
        with patch.object(odoo.sql_db._logger, 'error') as logged:
            result = self.Intake._submit('app', key, payload)
        self.assertFalse(logged.called, 'no failing query logged: %s' % logged.call_args)
        return result

    def lock(self, name):
        self.other.execute('SELECT pg_advisory_lock(150000, hashtext(%s))', (name,))
        self.addCleanup(self.other.execute, 'SELECT pg_advisory_unlock_all()')

    def test_same_key_being_filed(self):
        self.lock('app:k-1')
        status, case, errors = self.submit()
        self.assertEqual((status, case), ('conflict', None))
        self.assertEqual([(e['field'], e['code']) for e in errors],
                         [('Idempotency-Key', 'in_progress')])

    def test_same_enterprise_being_registered(self):
        self.lock('partner:%s' % CODE)
        status, _case, errors = self.submit()
        self.assertEqual(status, 'conflict')
        self.assertEqual([(e['field'], e['code']) for e in errors],
                         [('credit_code', 'in_progress')])

    def test_same_project_code_being_filed(self):
        self.lock('project:2026-150302-26-03-000777')
        status, _case, errors = self.submit(project_code='2026-150302-26-03-000777')
        self.assertEqual(status, 'conflict')
        self.assertEqual([(e['field'], e['code']) for e in errors],
                         [('project_code', 'in_progress')])

    def test_enterprise_committed_meanwhile(self):
        """The other call committed the new enterprise after this call's snapshot: its
        INSERT would fail on the unique credit code."""
        self.other.execute("""
            INSERT INTO res_partner (name, agency_credit_code, active, is_company, type)
            VALUES ('并发企业', %s, true, true, 'contact') RETURNING id""", (CODE,))
        partner_id = self.other.fetchone()[0]
        self.other.commit()
        self.addCleanup(self.other.commit)
        self.addCleanup(self.other.execute, 'DELETE FROM res_partner WHERE id = %s',
                        (partner_id,))
        status, _case, errors = self.submit()
        self.assertEqual(status, 'conflict')
        self.assertEqual((errors[0]['field'], errors[0]['code']),
                         ('credit_code', 'in_progress'))

    def test_key_committed_meanwhile(self):
        self.other.execute("""
            INSERT INTO agency_intake_request (channel, idempotency_key, request_hash)
            VALUES ('app', 'k-1', 'x') RETURNING id""")
        request_id = self.other.fetchone()[0]
        self.other.commit()
        self.addCleanup(self.other.commit)
        self.addCleanup(self.other.execute,
                        'DELETE FROM agency_intake_request WHERE id = %s', (request_id,))
        status, _case, errors = self.submit()
        self.assertEqual(status, 'conflict')
        self.assertEqual((errors[0]['field'], errors[0]['code']),
                         ('Idempotency-Key', 'in_progress'))

    def test_alone_it_files(self):
        status, case, errors = self.submit()
        self.assertEqual((status, errors), ('created', []))
        self.assertEqual(case.partner_id.agency_credit_code, CODE)

    def test_authentication_writes_nothing(self):
        """Every call of a channel reads its key; a write on that row made the calls in
        flight fail their foreign key check."""
        key = self.env['agency.api.key'].create({'name': 'k', 'channel': 'app'})
        raw = key.action_issue()['context']['agency_new_key']
        self.env.cr.execute('SELECT ctid FROM agency_api_key WHERE id = %s', (key.id,))
        before = self.env.cr.fetchone()
        self.assertEqual(self.env['agency.api.key']._authenticate(raw), key)
        self.env['agency.api.key'].invalidate_cache()
        self.env.cr.execute('SELECT ctid FROM agency_api_key WHERE id = %s', (key.id,))
        self.assertEqual(self.env.cr.fetchone(), before)
        self.assertFalse(key.date_last_used)
        self.Intake._submit('app', 'k-2', {k: v for k, v in self.payload().items()
                                           if v is not None}, api_key=key)
        key.invalidate_cache()
        self.assertTrue(key.date_last_used)


class TestCaseSequences(AgencyCaseCommon):

    def test_sequences_ready_before_the_first_case(self):
        """A new region gets its case numbers for this year and the next at once: two
        first cases filed at the same moment do not create them twice."""
        region = self.env['agency.region'].create({
            'name': '海勃湾区', 'code': '150302', 'level': 'county',
            'parent_id': self.region.id, 'bureau_name': '海勃湾区政务服务局'})
        sequence = self.env['ir.sequence'].search([('code', '=', 'agency.case.150302')])
        self.assertEqual(len(sequence), 1)
        year = int(self.env['resource.calendar'].agency_today()[:4])
        self.assertEqual(sorted(sequence.date_range_ids.mapped('date_from')),
                         ['%d-01-01' % year, '%d-01-01' % (year + 1)])
        # Idempotent: the daily action adds nothing.
        self.env['agency.region']._ensure_case_sequences(region)
        self.assertEqual(len(sequence.date_range_ids), 2)
        self.assertEqual(self.env['agency.case']._next_case_number(region)[:16],
                         'BNB-150302-%d-' % year)
