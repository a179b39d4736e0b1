from odoo import _, api, fields, models

from .agency_case_line import PARAM_ESCALATION_DAYS, PARAM_WARNING_DAYS
from .agency_sms_message import PARAM_GATEWAY_KEY, PARAM_GATEWAY_URL, PARAM_SIGNATURE
from .deadline_engine import DEFAULT_THRESHOLDS

# Odoo 11 has no config_parameter on settings fields: they are read and written here.
SMS_PARAMS = {
    'agency_sms_gateway_url': PARAM_GATEWAY_URL,
    'agency_sms_gateway_key': PARAM_GATEWAY_KEY,
    'agency_sms_signature': PARAM_SIGNATURE,
}


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    agency_warning_days = fields.Integer(
        string='Yellow Light (working days left)', default=DEFAULT_THRESHOLDS.warning_days,
        help='An accepted item turns yellow when its deadline is this many working days away '
             'or less.')
    agency_escalation_days = fields.Integer(
        string='Escalate to the Region Above After (working days)',
        default=DEFAULT_THRESHOLDS.escalation_days,
        help='A red item goes to the managers of the region above after this many working '
             'days overdue.')

    agency_sms_gateway_url = fields.Char(
        string='SMS Gateway URL',
        help="The provider's HTTP API: each SMS is POSTed there as JSON (mobile, content, "
             "reference). Empty: no SMS is sent.")
    agency_sms_gateway_key = fields.Char(
        string='SMS Gateway Key',
        help='Sent as "Authorization: Bearer <key>".')
    agency_sms_signature = fields.Char(
        string='SMS Signature',
        help='Begins every SMS, as the provider registered it, e.g. 【蒙速办·帮您办】.')

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        thresholds = self.env['agency.case.line']._thresholds()
        res.update(agency_warning_days=thresholds.warning_days,
                   agency_escalation_days=thresholds.escalation_days)
        params = self.env['ir.config_parameter'].sudo()
        res.update({field: params.get_param(param) or False
                    for field, param in SMS_PARAMS.items()})
        return res

    @api.constrains('agency_sms_gateway_url')
    def _check_sms_gateway_url(self):
        for settings in self.filtered('agency_sms_gateway_url'):
            self._agency_check_post_url(settings.agency_sms_gateway_url, _('SMS gateway URL'))

    @api.multi
    def set_values(self):
        res = super(ResConfigSettings, self).set_values()
        params = self.env['ir.config_parameter'].sudo()
        params.set_param(PARAM_WARNING_DAYS, max(self.agency_warning_days, 0))
        params.set_param(PARAM_ESCALATION_DAYS, max(self.agency_escalation_days, 0))
        for field, param in SMS_PARAMS.items():
            params.set_param(param, (self[field] or '').strip() or False)
        return res
