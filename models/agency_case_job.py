from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import job

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
