import base64
import time

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact, job

from .agency_job import RETRY_PATTERN


class AgencyCase(models.Model):
    """The forms that the completion, termination and evaluation wizards (and the
    applicant's downloads of large forms) attach to a case are printed by a background
    job (OCA queue_job): wkhtmltopdf takes seconds, the user does not wait for it."""
    _inherit = 'agency.case'

    @api.multi
    def _attach_form(self, report_xmlid):
        """Queue the printing of the form; returns the job (or, when jobs run at once as in
        the tests, the attachment)."""
        self.ensure_one()
        report = self.env.ref(report_xmlid)
        return self.with_delay(
            description=_('%s of case %s') % (report.name, self.name),
        )._job_attach_form(report_xmlid)

    @job(default_channel='root.agency', retry_pattern=RETRY_PATTERN)
    @api.multi
    def _job_attach_form(self, report_xmlid):
        """Print the form, attach it to the case with a note in the chatter, and tell the
        user who asked for it in his inbox. A failure of wkhtmltopdf is retried."""
        self.ensure_one()
        report = self.env.ref(report_xmlid)
        try:
            attachment = super(AgencyCase, self)._attach_form(report_xmlid)
        except UserError as error:
            raise RetryableJobError(_('Printing %s failed: %s') % (report.name, error.name))
        user = self.env.user
        # A portal user or a sudo'ed call (the applicant's rating) reads the chatter.
        if not user.share and user.id != SUPERUSER_ID:
            self.env['agency.job']._notify_user(
                _('%s ready') % report.name,
                _('%s of case %s is printed and attached to the case.')
                % (report.name, self.name), attachments=attachment)
        return attachment

    # ------------------------------------------------------------------ portal forms

    @api.multi
    def _agency_form_in_background(self):
        """Whether the applicant's forms of this case are printed by a job: a plan of more
        items than ``investment_agency.portal_form_job_lines`` (15) makes long forms."""
        self.ensure_one()
        threshold = int(self.env['ir.config_parameter'].sudo().get_param(
            'investment_agency.portal_form_job_lines', 15))
        return len(self.sudo().line_ids) > threshold

    @api.multi
    def _agency_portal_form(self, name, report_xmlid, lang):
        """The PDF of a form printed by a job for the portal, if it is newer than the case
        and its items; else its job is queued (once) and False returned."""
        self.ensure_one()
        tag = 'portal-form:%s' % name
        attachment = self.env['ir.attachment'].sudo().search([
            ('res_model', '=', self._name), ('res_id', '=', self.id),
            ('description', '=', tag)], order='id desc', limit=1)
        changed = max([self.write_date] + [d for d in self.line_ids.mapped('write_date') if d])
        if attachment and attachment.create_date >= changed:
            return attachment
        report = self.env.ref(report_xmlid)
        self.with_delay(description=_('%s of case %s') % (report.name, self.name),
                        identity_key=identity_exact)._job_portal_form(name, report_xmlid, lang)
        return False

    @job(default_channel='root.agency', retry_pattern=RETRY_PATTERN)
    @api.multi
    def _job_portal_form(self, name, report_xmlid, lang):
        """Print a form for the applicant's download and keep it on the case (the last
        one of each form only)."""
        self.ensure_one()
        report = self.env.ref(report_xmlid).with_context(lang=lang)
        try:
            pdf, _format = report.render_qweb_pdf(self.ids)
        except UserError as error:
            raise RetryableJobError(_('Printing %s failed: %s') % (report.name, error.name))
        tag = 'portal-form:%s' % name
        Attachment = self.env['ir.attachment'].sudo()
        Attachment.search([('res_model', '=', self._name), ('res_id', '=', self.id),
                           ('description', '=', tag)]).unlink()
        filename = '%s.pdf' % safe_eval(report.print_report_name,
                                        {'object': self, 'time': time})
        return Attachment.create({
            'name': filename,
            'datas_fname': filename,
            'datas': base64.b64encode(pdf),
            'description': tag,
            'res_model': self._name,
            'res_id': self.id,
            'mimetype': 'application/pdf',
        })
