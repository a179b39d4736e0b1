import base64
import logging

from odoo import _, api, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import job

_logger = logging.getLogger(__name__)

# Seconds before the n-th retry of a job that failed for a passing reason (wkhtmltopdf,
# the database): 1 minute, then 5 minutes from the third try on.
RETRY_PATTERN = {1: 60, 3: 300}
XLSX_MIMETYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'


class AgencyJob(models.AbstractModel):
    """Background jobs of the module (OCA queue_job) that belong to no record: the work
    ledger of a large region. The result comes to the user who asked for it, in his
    inbox, as an attachment that only he can read. Jobs are listed in the Job Queue menu
    (administrators); a failed job is retried (RETRY_PATTERN), then marked failed."""
    _name = 'agency.job'
    _description = 'Investment Agency Jobs'

    @api.model
    def _enqueue_ledger(self, wizard):
        """Queue the ledger of an export wizard (its values, not the transient record:
        the job may run after the wizard is gone)."""
        values = {
            'region_id': wizard.region_id.id,
            'include_subregions': wizard.include_subregions,
            'date_from': wizard.date_from,
            'date_to': wizard.date_to,
        }
        return self.with_delay(
            description=_('Work ledger of %s (%s to %s)') % (
                wizard.region_id.name, wizard.date_from, wizard.date_to),
        )._job_ledger(values)

    @job(default_channel='root.agency', retry_pattern=RETRY_PATTERN)
    @api.model
    def _job_ledger(self, values):
        """Make the ledger XLSX with the rights of the user who asked for it and send it to
        his inbox. Returns the message."""
        wizard = self.env['agency.ledger.export'].create(values)
        report = self.env.ref('investment_agency.report_ledger_xlsx')
        content = self._render(report, wizard)
        filename = '%s.xlsx' % wizard._ledger_filename()
        return self._notify_user(
            _('Work ledger ready'),
            _('The work ledger of %s (%s to %s, %s cases) is attached.') % (
                wizard.region_id.name, wizard.date_from, wizard.date_to,
                len(wizard._ledger_cases())),
            [(filename, content, XLSX_MIMETYPE)])

    @api.model
    def _render(self, report, records):
        """Render a report; a failure of the renderer (wkhtmltopdf, the XLSX library) is
        retried."""
        try:
            content, _format = report.render(records.ids, data={})
        except UserError as error:
            _logger.warning('Rendering %s failed, retried later: %s', report.report_name,
                            error.name)
            raise RetryableJobError(_('Rendering %s failed: %s') % (report.name, error.name))
        return content

    @api.model
    def _notify_user(self, subject, body, files=(), attachments=None):
        """A message in the inbox of the current user (the one who queued the job), with
        ``files`` ((name, content, mimetype)) attached to the message itself, so that only
        its recipient can read them, and ``attachments`` (existing ones) linked."""
        partner = self.env.user.partner_id
        Message = self.env['mail.message'].sudo()
        message = Message.create({
            'subject': subject,
            'body': '<p>%s</p>' % body,
            'message_type': 'notification',
            'subtype_id': self.env.ref('mail.mt_note').id,
            'author_id': partner.id,
            'partner_ids': [(4, partner.id)],
            'needaction_partner_ids': [(4, partner.id)],
        })
        Attachment = self.env['ir.attachment'].sudo()
        linked = attachments or Attachment
        for name, content, mimetype in files:
            linked |= Attachment.create({
                'name': name,
                'datas_fname': name,
                'datas': base64.b64encode(content),
                'mimetype': mimetype,
                'res_model': 'mail.message',
                'res_id': message.id,
            })
        if linked:
            message.attachment_ids = [(6, 0, linked.ids)]
        return message
