import base64
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import FailedJobError

from .common import NOT_ALLOWED, queue_jobs, restricted, run_job
from .forms_common import AgencyFormsCommon


class TestJobs(AgencyFormsCommon):
    """Background jobs (OCA queue_job): the forms of the closing wizards, the ledger of a
    large region and the monthly reports of all regions are queued, run as the user who
    asked, attach their result and tell him; a failed rendering is retried.

    The other tests run jobs at once (TEST_QUEUE_JOB_NO_DELAY, set by the test plugin,
    queue_job's own switch); here it is lifted so that jobs are really queued, and each
    job is run as the job runner's controller runs it, without its commits."""

    def setUp(self):
        super(TestJobs, self).setUp()
        queue_jobs(self)

    def _jobs(self, method):
        return self.env['queue.job'].search([('method_name', '=', method)], order='id')

    def _run(self, job_record):
        return run_job(self.env, job_record)

    def _inbox(self, user):
        return self.env['mail.message'].search(
            [('needaction_partner_ids', 'in', user.partner_id.id)], order='id desc')

    def test_completion_form_is_printed_by_a_job_retried_after_a_failure(self):
        case = self._close_lines(self._plan(self._create_case()))
        wizard = self.env['agency.case.complete'].sudo(self.agent_cf).with_context(
            active_model='agency.case', active_id=case.id).create({
                'date_done': '2026-11-20',
                'material_ids': [(0, 0, {'name': '营业执照', 'kind': 'original'})]})
        wizard.action_complete()
        self.assertEqual(case.flow_step, 'done', 'the case is completed at once')
        attachments = self.env['ir.attachment'].search([
            ('res_model', '=', 'agency.case'), ('res_id', '=', case.id)])
        self.assertFalse(attachments, 'the form is not printed while the user waits')
        job = self._jobs('_job_attach_form')
        self.assertEqual(len(job), 1)
        self.assertEqual((job.state, job.channel, job.user_id, job.model_name, job.record_ids,
                          list(job.args)),
                         ('pending', 'root.agency', self.agent_cf, 'agency.case', [case.id],
                          ['investment_agency.report_case_completion']))
        self.assertIn(case.name, job.name)

        # wkhtmltopdf fails once: the job is postponed, not failed.
        Report = type(self.env['ir.actions.report'])
        original = Report.render_qweb_pdf
        calls = []

        def failing_once(report, res_ids=None, data=None):
            calls.append(report.report_name)
            if len(calls) == 1:
                # A test double imitating Odoo's wkhtmltopdf error: no term to translate.
                raise UserError(  # pylint: disable=translation-required
                    'Wkhtmltopdf failed (error code: -11). Message: crashed')
            return original(report, res_ids, data)

        with patch.object(Report, 'render_qweb_pdf', failing_once), \
                mute_logger('odoo.addons.investment_agency.models.agency_job'):
            self.assertFalse(self._run(job))
            job.invalidate_cache()
            self.assertEqual((job.state, job.retry), ('pending', 1))
            self.assertTrue(job.eta, 'retried later (the retry pattern of the module)')
            self.assertIn('Wkhtmltopdf failed', job.result)
            self.assertFalse(self.env['ir.attachment'].search([
                ('res_model', '=', 'agency.case'), ('res_id', '=', case.id)]))
            # The retry prints and attaches the form.
            self.assertTrue(self._run(job))
        job.invalidate_cache()
        self.assertEqual((job.state, job.retry), ('done', 2))
        attachment = self.env['ir.attachment'].search([
            ('res_model', '=', 'agency.case'), ('res_id', '=', case.id)])
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.mimetype, 'application/pdf')
        self.assertTrue(attachment.datas_fname.startswith('办结单'), attachment.datas_fname)
        # The agent is told in his inbox, with the form.
        message = self._inbox(self.agent_cf)[:1]
        self.assertEqual(message.attachment_ids, attachment)
        self.assertIn(case.name, message.body)

    def test_a_job_fails_after_its_retries(self):
        case = self._close_lines(self._plan(self._create_case()))
        case.sudo(self.agent_cf)._complete('2026-11-20', [{'name': '营业执照'}])
        job = self._jobs('_job_attach_form')
        job.max_retries = 2
        with patch.object(type(self.env['ir.actions.report']), 'render_qweb_pdf',
                          side_effect=UserError('Wkhtmltopdf failed')), \
                mute_logger('odoo.addons.investment_agency.models.agency_job'):
            self.assertFalse(self._run(job))
            self.assertRefused(lambda: self._run(job), FailedJobError,
                               'Max. retries (2) reached: Printing 附件6 办结单 failed: '
                               'Wkhtmltopdf failed')

    def test_ledger_of_a_large_region_comes_to_the_inbox(self):
        self.env['ir.config_parameter'].set_param('investment_agency.ledger_job_threshold', 1)
        self._create_case()
        self._create_case()
        wizard = self.env['agency.ledger.export'].sudo(self.manager_cf).create({
            'region_id': self.region.id, 'date_from': '2026-01-01', 'date_to': '2026-12-31'})
        action = wizard.action_export()
        self.assertEqual((action['res_model'], action['res_id']), (wizard._name, wizard.id))
        self.assertTrue(wizard.queued)
        self.assertEqual(wizard.case_count, 2)
        job = self._jobs('_job_ledger')
        self.assertEqual((job.state, job.user_id), ('pending', self.manager_cf))
        self.assertTrue(self._run(job))
        message = self._inbox(self.manager_cf)[:1]
        attachment = message.attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertTrue(attachment.datas_fname.endswith('.xlsx'))
        self.assertEqual((attachment.res_model, attachment.res_id), ('mail.message', message.id))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(
            attachment.sudo(self.manager_cf).datas)))
        self.assertIn('共2件', book.worksheets[0]['A2'].value)
        # Only its recipient reads it.
        other = self._create_user('t_manager_cf2', self.group_manager, self.region)
        self.assertRefused(lambda: attachment.sudo(other).datas,
                           AccessError, restricted('Message', 'read'))

    def test_monthly_reports_of_all_regions_are_jobs(self):
        Report = self.env['agency.monthly.report']
        period = self.env['date.range']._agency_current_period()
        action = Report.sudo(self.manager_nmg).action_prepare_all_regions()
        reports = Report.search(action['domain'])
        self.assertIn(self.region, reports.mapped('region_id'))
        self.assertEqual(set(reports.mapped('period_id')), {period})
        jobs = self._jobs('_job_update_figures')
        # One job per draft (a report submitted already stays as it is).
        drafts = reports.filtered(lambda r: r.state == 'draft')
        self.assertEqual(sorted(job.record_ids[0] for job in jobs), sorted(drafts.ids))
        report = reports.filtered(lambda r: r.region_id == self.region)
        job = jobs.filtered(lambda job: job.record_ids == report.ids)
        self.assertFalse(report.date_computed)
        self.assertTrue(self._run(job))
        self.assertTrue(report.date_computed)
        files = self.env['ir.attachment'].search([('res_model', '=', report._name),
                                                  ('res_id', '=', report.id)])
        self.assertEqual(sorted(files.mapped('datas_fname')),
                         sorted(['%s.pdf' % report.name, '%s.xlsx' % report.name,
                                 '%s.pdf' % report._circular_title()]))
        # An agent cannot.
        self.assertRefused(Report.sudo(self.agent_cf).action_prepare_all_regions,
                           AccessError, NOT_ALLOWED['create'])
