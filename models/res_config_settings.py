from odoo import api, fields, models

from .agency_case_line import PARAM_ESCALATION_DAYS, PARAM_WARNING_DAYS
from .deadline_engine import DEFAULT_THRESHOLDS


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

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        thresholds = self.env['agency.case.line']._thresholds()
        res.update(agency_warning_days=thresholds.warning_days,
                   agency_escalation_days=thresholds.escalation_days)
        return res

    @api.multi
    def set_values(self):
        res = super(ResConfigSettings, self).set_values()
        params = self.env['ir.config_parameter'].sudo()
        params.set_param(PARAM_WARNING_DAYS, max(self.agency_warning_days, 0))
        params.set_param(PARAM_ESCALATION_DAYS, max(self.agency_escalation_days, 0))
        return res
