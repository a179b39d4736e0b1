"""Who may do what, from one table: every group × every agency model × read, write,
create, unlink; then the region and department confinement, both ways.

A model the module adds without a row here fails ``test_every_model_is_in_the_table``:
its access has to be decided, not inherited by accident.
"""
from odoo.exceptions import AccessError

from .common import AgencyTestCommon, out_of_reach

GROUPS = ('employee', 'liaison', 'agent', 'manager', 'catalog', 'portal', 'admin')
# model: rights of each group, in the order of GROUPS ('' = none); admin is
# base.group_system.
ACCESS = {
    'agency.region':                ('', 'r', 'r', 'r', 'rwcu', 'r', 'rwcu'),
    'agency.department.type':       ('', 'r', 'r', 'r', 'rwcu', 'r', 'rwcu'),
    'agency.department':            ('', 'r', 'r', 'rw', 'rwcu', 'r', 'rwcu'),
    'agency.phase':                 ('', 'r', 'r', 'r', 'rwcu', 'r', 'rwcu'),
    'agency.item':                  ('', 'r', 'r', 'r', 'rwcu', 'r', 'rwcu'),
    'agency.item.material':         ('', 'r', 'r', 'r', 'rwcu', 'r', 'rwcu'),
    'agency.item.publication':      ('', 'r', 'r', 'r', 'rwcu', 'r', 'rwcu'),
    'agency.publication.event':     ('', 'r', 'r', 'r', 'rwc', '', 'rwc'),
    'agency.region.stage':         ('', 'r', 'r', 'rwcu', 'rwcu', '', 'rwcu'),
    'agency.stage':                 ('', 'r', 'r', 'r', 'rwcu', 'r', 'rwcu'),
    'agency.project':               ('', 'r', 'rwc', 'rwcu', 'r', 'r', 'rwcu'),
    'agency.case':                  ('', 'r', 'rwc', 'rwcu', 'r', 'r', 'rwcu'),
    'agency.case.line':             ('', 'rw', 'rwcu', 'rwcu', 'rw', 'r', 'rwcu'),
    'agency.case.returned.material': ('', 'r', 'rwcu', 'rwcu', 'r', 'r', 'rwcu'),
    'agency.line.procedure':        ('', 'rwcu', 'rwcu', 'rwcu', 'rwcu', '', 'rwcu'),
    'agency.case.line.material':    ('', 'rw', 'rwc', 'rwc', 'rw', 'r', 'rwc'),
    'agency.transfer':              ('', '', 'r', 'rwc', '', '', 'rwc'),
    'agency.meeting':               ('', 'r', 'rwc', 'rwcu', 'r', '', 'rwcu'),
    'agency.meeting.decision':      ('', 'rw', 'rwcu', 'rwcu', 'rw', '', 'rwcu'),
    'agency.rating.followup':       ('', '', 'r', 'rw', '', '', 'rw'),
    'agency.enquiry':               ('', '', 'rwc', 'rwcu', '', '', 'rwcu'),
    'agency.monthly.report':        ('', '', 'r', 'rwcu', '', '', 'rwcu'),
    'agency.monthly.report.line':   ('', '', 'r', 'rwcu', '', '', 'rwcu'),
    'agency.case.analysis':         ('', '', '', 'r', '', '', 'r'),
    'agency.line.analysis':         ('', '', '', 'r', '', '', 'r'),
    'agency.item.statistics':       ('', '', '', 'r', '', '', 'r'),
    'agency.agent.workload':        ('', '', '', 'r', '', '', 'r'),
    'agency.api.key':               ('', '', '', '', '', '', 'rwcu'),
    'agency.intake.request':        ('', '', '', '', '', '', 'r'),
    'agency.cron.run':              ('', '', '', '', '', '', 'r'),
    'agency.webhook.delivery':      ('', '', '', '', '', '', 'rw'),
    'agency.sms.message':           ('', '', '', '', '', '', 'rw'),
    'resource.calendar.workday':    ('r', 'r', 'r', 'r', 'rwcu', '', 'rwcu'),
}
OPERATIONS = (('r', 'read'), ('w', 'write'), ('c', 'create'), ('u', 'unlink'))


class TestAccessMatrix(AgencyTestCommon):

    @classmethod
    def setUpClass(cls):
        super(TestAccessMatrix, cls).setUpClass()
        cls.users = {
            'employee': cls.plain_user,
            'liaison': cls.liaison_hhht_nr,
            'agent': cls.agent_hhht,
            'manager': cls.manager_hhht,
            'catalog': cls.catalog_admin,
            'portal': cls._create_user('t_matrix_portal', cls.group_portal, False),
            'admin': cls._create_user('t_matrix_admin', cls.env.ref('base.group_system'), False),
        }

    def test_every_model_is_in_the_table(self):
        models = sorted(name for name, model in self.env.registry.items()
                        if name.startswith('agency.') and not model._abstract and
                        not model._transient)
        self.assertEqual(models, sorted(name for name in ACCESS if name.startswith('agency.')))

    def test_rights_of_each_group(self):
        for model, rights in sorted(ACCESS.items()):
            for group, expected in zip(GROUPS, rights):
                Model = self.env[model].sudo(self.users[group])
                for letter, operation in OPERATIONS:
                    self.assertEqual(
                        Model.check_access_rights(operation, raise_exception=False),
                        letter in expected, '%s may %s %s' % (group, operation, model))

    def test_each_group_reads_every_field_of_what_it_sees(self):
        """Reading a record without naming fields (an export, a script) gives the fields
        the user may read: none of them fails on a model or a field kept from him (a
        one2many of a model he may not read has its ``groups``)."""
        failures = []
        for model, rights in sorted(ACCESS.items()):
            for group, expected in zip(GROUPS, rights):
                if 'r' not in expected:
                    continue
                record = self.env[model].sudo(self.users[group]).search([], limit=1)
                try:
                    record.read()
                except AccessError as error:
                    failures.append('%s reading %s: %s' % (group, model, error.name[-200:]))
        self.assertEqual(failures, [])


class TestConfinement(AgencyTestCommon):
    """Region and department confinement, both ways, on the demo cases of 呼和浩特市 and
    包头市: each record of a row is reached by the users of its region (and the region
    above) and by no one of the other region."""

    @classmethod
    def setUpClass(cls):
        super(TestConfinement, cls).setUpClass()
        ref = cls.env.ref
        cls.hhht_case = ref('investment_agency.case_1_demo')
        cls.bt_case = ref('investment_agency.case_5_demo')
        cls.bt_manager = cls._create_user('t_conf_bt_manager', cls.group_manager, cls.region_baotou)
        nr_type = ref('investment_agency.dept_type_natural_resources')
        cls.hhht_line = cls.hhht_case.line_ids.filtered(
            lambda line: line.department_id.type_id == nr_type)[:1]
        cls.hhht_other_line = cls.hhht_case.line_ids - cls.hhht_line
        cls.materials = {}
        for key, case in (('hhht', cls.hhht_case), ('bt', cls.bt_case)):
            cls.materials[key] = cls.env['agency.case.returned.material'].create({
                'case_id': case.id, 'name': '营业执照', 'received_by': '经办人',
                'date_returned': case.date_applied})
        Meeting = cls.env['agency.meeting']
        cls.meetings = {}
        for key, case in (('hhht', cls.hhht_case), ('bt', cls.bt_case)):
            cls.meetings[key] = Meeting.create({
                'name': '会商', 'region_id': case.region_id.id,
                'date_start': '2026-11-20 02:00:00', 'case_ids': [(6, 0, case.ids)],
                'department_ids': [(6, 0, case.line_ids.mapped('department_id').ids)]})

    def rows(self):
        """(model, record of 呼和浩特市, record of 包头市)."""
        return [
            ('agency.case', self.hhht_case, self.bt_case),
            ('agency.case.line', self.hhht_case.line_ids[:1], self.bt_case.line_ids[:1]),
            ('agency.project', self.hhht_case.project_id, self.bt_case.project_id),
            ('res.partner', self.hhht_case.partner_id, self.bt_case.partner_id),
            ('agency.meeting', self.meetings['hhht'], self.meetings['bt']),
            ('agency.case.returned.material', self.materials['hhht'], self.materials['bt']),
        ]

    def reachable(self, user, record, operation='read'):
        try:
            record = record.sudo(user)
            record.check_access_rights(operation)
            record.check_access_rule(operation)
            return record in record.search([('id', '=', record.id)]) if operation == 'read' \
                else True
        except AccessError:
            return False

    def test_region_confinement(self):
        for model, hhht, baotou in self.rows():
            for user, own, foreign in ((self.agent_hhht, hhht, baotou),
                                       (self.manager_hhht, hhht, baotou),
                                       (self.agent_baotou, baotou, hhht),
                                       (self.bt_manager, baotou, hhht)):
                for operation in ('read', 'write'):
                    self.assertTrue(self.reachable(user, own, operation),
                                    '%s may %s %s %s' % (user.login, operation, model, own.id))
                    self.assertFalse(self.reachable(user, foreign, operation),
                                     '%s may not %s %s %s' % (user.login, operation, model,
                                                              foreign.id))
            # The region above both reaches both; a banner below reaches neither.
            for record in (hhht, baotou):
                self.assertTrue(self.reachable(self.manager_nmg, record), model)
                self.assertFalse(self.reachable(self.agent_xincheng, record), model)

    def test_department_confinement(self):
        liaison = self.liaison_hhht_nr
        self.assertTrue(self.hhht_line, 'the demo case has an item of 自然资源局')
        self.assertTrue(self.reachable(liaison, self.hhht_line, 'write'))
        self.assertFalse(self.reachable(liaison, self.hhht_other_line[:1]))
        self.assertTrue(self.reachable(liaison, self.hhht_case))
        self.assertFalse(self.reachable(liaison, self.hhht_case, 'write'))
        self.assertTrue(self.reachable(liaison, self.hhht_case.project_id))
        self.assertTrue(self.reachable(liaison, self.hhht_case.partner_id))
        self.assertTrue(self.reachable(liaison, self.materials['hhht']))
        self.assertFalse(self.reachable(liaison, self.materials['hhht'], 'write'))
        for record in (self.bt_case, self.bt_case.line_ids[:1], self.bt_case.project_id,
                       self.bt_case.partner_id, self.meetings['bt'], self.materials['bt']):
            self.assertFalse(self.reachable(liaison, record), record)
        # A line handed to another department leaves the liaison agent's reach: he cannot
        # hand it over himself.
        other = self.hhht_other_line[:1].department_id
        self.assertRefused(lambda: self.hhht_line.sudo(liaison).write({'department_id': other.id}),
                           AccessError, out_of_reach('Case Item'))
        self.assertNotEqual(self.hhht_line.department_id, other)

    def test_employees_without_role_see_no_enterprise(self):
        for record in (self.hhht_case.partner_id, self.bt_case.partner_id):
            self.assertFalse(self.reachable(self.plain_user, record))
        self.assertTrue(self.reachable(self.plain_user, self.plain_user.partner_id))
