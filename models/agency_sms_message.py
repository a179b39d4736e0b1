import json
import re
import uuid

from odoo import _, api, fields, models

from odoo.addons.queue_job.job import identity_exact, job

from .agency_case_events import CASE_EVENTS
from .agency_delivery_mixin import jobs_run_at_once
from .dates import format_cn_date

PARAM_GATEWAY_URL = 'investment_agency.sms_gateway_url'
PARAM_GATEWAY_KEY = 'investment_agency.sms_gateway_key'
PARAM_SIGNATURE = 'investment_agency.sms_signature'
DEFAULT_SIGNATURE = '【蒙速办·帮您办】'
MOBILE = re.compile(r'^1[3-9][0-9]{9}$')
# The events the applicant is texted about: what he has to act on or wait for (a stage
# change alone is not worth an SMS).
SMS_EVENTS = ('item.accepted', 'item.correction', 'item.done', 'item.refused',
              'case.completed', 'case.rating_requested')
# The part of a correction note quoted in an SMS (the rest is on the portal).
NOTE_LENGTH = 40


def mobile_number(phone):
    """The mobile number in ``phone`` (spaces, dashes and +86 removed), or None."""
    digits = re.sub(r'[\s()-]', '', phone or '')
    if digits.startswith('+86'):
        digits = digits[3:]
    return digits if MOBILE.match(digits) else None


class AgencySmsMessage(models.Model):
    """A short Chinese text to the applicant's contact about an event of his case, sent
    through the SMS gateway that the settings name (URL and key: most bureaus use a
    provider's HTTP API). Sent by a background job, retried (the mixin's delays), never
    without a mobile number, a gateway, or when the applicant declined SMS."""
    _name = 'agency.sms.message'
    _inherit = 'agency.delivery.mixin'
    _description = 'SMS to an Applicant'
    _order = 'id desc'
    _rec_name = 'mobile'

    reference = fields.Char(required=True, readonly=True, index=True, copy=False,
                            help='Sent to the gateway, the same on every retry.')
    case_id = fields.Many2one('agency.case', string='Case', required=True, readonly=True,
                              index=True, ondelete='cascade')
    event = fields.Selection(CASE_EVENTS, required=True, readonly=True)
    mobile = fields.Char(required=True, readonly=True)
    body = fields.Text(string='Text', required=True, readonly=True)

    _sql_constraints = [
        ('reference_uniq', 'unique(reference)', 'An SMS is recorded once.'),
    ]

    # ------------------------------------------------------------------ recording

    @api.model
    def _record(self, case, event, line=None):
        """Record the SMS of ``event`` to the case's contact and queue it, when there is
        one to send. Returns it (or an empty recordset)."""
        mobile = mobile_number(case.project_id.contact_phone)
        if event not in SMS_EVENTS or case.sms_opt_out or not mobile or \
                not self._gateway()[0]:
            return self.browse()
        message = self.create({
            'reference': str(uuid.uuid4()),
            'case_id': case.id,
            'event': event,
            'mobile': mobile,
            'body': self._text(case, event, line),
        })
        message._schedule()
        return message

    @api.model
    def _gateway(self):
        """(URL, key) of the SMS gateway of the settings; no URL: no SMS."""
        params = self.env['ir.config_parameter'].sudo()
        return params.get_param(PARAM_GATEWAY_URL), params.get_param(PARAM_GATEWAY_KEY)

    @api.model
    def _text(self, case, event, line=None):
        """The text of ``event``: the service's signature, then a sentence in Chinese."""
        self = self.with_context(lang='zh_CN')  # pylint: disable=self-cls-assignment
        case = case.with_context(lang='zh_CN')
        values = {
            'case': case.name,
            'project': case.project_id.name,
            'agent': case.user_id.name or _('the service'),
            'item': line and line.item_id.name,
            'deadline': line and format_cn_date(line.deadline),
            'note': line and (line.correction_note or '')[:NOTE_LENGTH],
            'result': line and line.result_number or '',
            'url': case._agency_case_link(),
        }
        texts = {
            'item.accepted': _('Item %(item)s of your project %(project)s is accepted and '
                               'due by %(deadline)s (case %(case)s).'),
            'item.correction': _('Item %(item)s of your project %(project)s needs '
                                 'corrections: %(note)s. Your agent: %(agent)s.'),
            'item.done': _('Item %(item)s of your project %(project)s is done: %(result)s.'),
            'item.refused': _('Item %(item)s of your project %(project)s was not granted; '
                              'your agent %(agent)s will tell you why.'),
            'case.completed': _('All the items of case %(case)s (project %(project)s) are '
                                'done.'),
            'case.rating_requested': _('Please rate our service for case %(case)s: %(url)s'),
        }
        signature = self.env['ir.config_parameter'].sudo().get_param(
            PARAM_SIGNATURE) or DEFAULT_SIGNATURE
        return signature + texts[event] % values

    # ------------------------------------------------------------------ sending

    @api.multi
    def _schedule(self, eta=None):
        if eta and jobs_run_at_once():
            return
        for message in self:
            message.with_delay(eta=eta, identity_key=identity_exact,
                               description=_('SMS to %s (case %s)') % (
                                   message.mobile, message.case_id.name))._job_send()

    @job(default_channel='root.agency')
    @api.multi
    def _job_send(self):
        """Send the SMS if it is pending and due; after a failure, come back when it is
        due again."""
        self.ensure_one()
        if self.state != 'pending':
            return _('Nothing to send: %s.') % self.state
        if not self._due_later():
            self._send()
        if self.state == 'pending':
            self._schedule(eta=fields.Datetime.from_string(self.date_next_attempt))
        return self.last_error or self.state

    @api.multi
    def _send(self):
        """One attempt: POST the SMS to the gateway as JSON (``mobile``, ``content``,
        ``reference``) with its key as a bearer token; records the outcome."""
        self.ensure_one()
        url, key = self._gateway()
        if not url:
            return self._record_attempt(0, _('No SMS gateway is configured.'))
        body = json.dumps({'mobile': self.mobile, 'content': self.body,
                           'reference': self.reference}, ensure_ascii=False).encode('utf-8')
        headers = {'Content-Type': 'application/json; charset=utf-8',
                   'User-Agent': 'Bangninban-SMS/1.0'}
        if key:
            headers['Authorization'] = 'Bearer %s' % key
        return self._record_attempt(*self._http_post(url, body, headers))
