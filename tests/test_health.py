import json
import os
from datetime import datetime, timedelta
from unittest.mock import patch

import odoo
from odoo import fields
from odoo.tools import mute_logger

from .common import AgencyHttpCase, AgencyTestCommon

HEALTH = '/api/bangninban/v1/health'


class TestCronRuns(AgencyTestCommon):
    """Every run of a scheduled action is recorded in its own transaction."""

    def run_cron(self, cron):
        self.env['ir.cron']._callback(cron.cron_name, cron.ir_actions_server_id.id, cron.id)
        return self.env['agency.cron.run'].search([('cron_id', '=', cron.id)], limit=1)

    def test_run_recorded(self):
        cron = self.env.ref('investment_agency.ir_cron_monthly_report_reminder')
        run = self.run_cron(cron)
        self.assertEqual((run.state, run.name), ('done', cron.cron_name))
        self.assertTrue(run.date_start <= run.date_end)
        self.assertIn(':', run.node)

    def test_failed_run_recorded(self):
        action = self.env['ir.actions.server'].create({
            'name': 'failing', 'model_id': self.env.ref('base.model_res_partner').id,
            'state': 'code', 'code': 'raise Warning("boom")'})
        cron = self.env['ir.cron'].create({
            'name': 'failing', 'ir_actions_server_id': action.id, 'interval_number': 1,
            'interval_type': 'days', 'numbercall': -1, 'active': False})
        # Odoo rolls the job's transaction back on a failure: not the test's here.
        with patch('odoo.addons.base.ir.ir_cron.ir_cron._handle_callback_exception',
                   lambda *args: None), mute_logger('odoo.addons.base.ir.ir_cron'):
            run = self.run_cron(cron)
        self.assertEqual(run.state, 'failed')

    def test_old_runs_forgotten(self):
        cron = self.env.ref('investment_agency.ir_cron_case_lights')
        old = self.env['agency.cron.run'].create({
            'cron_id': cron.id, 'name': cron.cron_name, 'state': 'done',
            'date_start': fields.Datetime.to_string(datetime.utcnow() - timedelta(days=91))})
        self.run_cron(cron)
        self.assertFalse(old.exists())

    def test_only_administrators_read_runs(self):
        Run = self.env['agency.cron.run']
        for user in (self.manager_nmg, self.agent_hhht, self.catalog_admin):
            self.assertFalse(Run.sudo(user).check_access_rights('read', False))
        admin = self._create_user('t_sysadmin', self.env.ref('base.group_system'), False)
        self.assertTrue(Run.sudo(admin).check_access_rights('read', False))


class TestHealthEndpoint(AgencyHttpCase):
    """/api/bangninban/v1/health for the proxy and monitoring."""

    def health(self):
        self.sync()
        response = self.opener.get(self.url(HEALTH), timeout=60)
        return response, response.json()

    def test_report(self):
        cron = self.env.ref('investment_agency.ir_cron_case_lights')
        self.env['agency.cron.run'].create({
            'cron_id': cron.id, 'name': cron.cron_name, 'state': 'done',
            'date_start': '2026-11-28 16:15:00',
            'date_end': '2026-11-28 16:15:02'})
        self.env['ir.cron'].search([]).write({'nextcall': fields.Datetime.to_string(
            datetime.utcnow() + timedelta(hours=1))})
        response, body = self.health()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Cache-Control'], 'no-store')
        self.assertEqual(set(body), {'status', 'database', 'time', 'crons', 'job_queue'})
        self.assertEqual((body['status'], body['database']), ('ok', 'ok'))
        self.assertEqual(body['crons']['overdue'], 0)
        self.assertTrue(body['crons']['last_run'] >= '2026-11-28 16:15:02')
        self.assertEqual(set(body['crons']['jobs']), {
            'ir_cron_case_lights', 'ir_cron_publication_events',
            'ir_cron_monthly_report_reminder', 'ir_cron_case_sequences',
            'ir_cron_item_statistics'})
        lights = body['crons']['jobs']['ir_cron_case_lights']
        self.assertEqual(set(lights), {'active', 'next_call', 'last_run', 'last_state'})
        self.assertEqual(lights['last_state'], 'done')
        # The tests run jobs at once: an empty queue.
        self.assertEqual(body['job_queue'], {'depth': 0, 'failed': 0})

    def test_no_personal_data(self):
        """Figures and times only: no case number, name, login or phone in the answer."""
        _response, body = self.health()
        text = json.dumps(body, ensure_ascii=False)
        for case in self.env['agency.case'].search([], limit=20):
            self.assertNotIn(case.name, text)
            self.assertNotIn(case.partner_id.name, text)
        self.assertNotIn('admin', text)
        self.assertNotIn('BNB-', text)

    def test_overdue_crons_degrade(self):
        cron = self.env.ref('investment_agency.ir_cron_monthly_report_reminder')
        cron.nextcall = fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=2))
        response, body = self.health()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(body['status'], 'degraded')
        self.assertGreaterEqual(body['crons']['overdue'], 1)

    def test_no_session_file(self):
        """Monitoring probes every few seconds: no session is stored for them.

        The probes' own sessions (each answer names one in its cookie) are looked for,
        not any new file of the store: the store is shared with the other test workers,
        whose requests open sessions meanwhile."""
        store = odoo.http.root.session_store
        sids = set()
        for _i in range(3):
            self.opener.cookies.clear()
            response, _body = self.health()
            sids.add(response.cookies.get('session_id'))
        self.assertEqual(len(sids - {None}), 3, 'each probe is given a session of its own')
        self.assertEqual({sid for sid in sids if os.path.exists(
            store.get_session_filename(sid))}, set())
