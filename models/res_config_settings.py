from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    agency_warning_days = fields.Integer(
        string='Yellow Light (working days left)', default=3,
        help='An accepted item turns yellow when its deadline is this many working days away '
             'or less.')
    agency_escalation_days = fields.Integer(
        string='Escalate to the Region Above After (working days)', default=2,
        help='A red item goes to the managers of the region above after this many working '
             'days overdue.')

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        params = self.env['ir.config_parameter'].sudo()
        res.update(
            agency_warning_days=int(params.get_param('investment_agency.warning_days', 3)),
            agency_escalation_days=int(params.get_param('investment_agency.escalation_days', 2)),
        )
        return res

    @api.multi
    def set_values(self):
        super(ResConfigSettings, self).set_values()
        params = self.env['ir.config_parameter'].sudo()
        params.set_param('investment_agency.warning_days', max(self.agency_warning_days, 0))
        params.set_param('investment_agency.escalation_days', max(self.agency_escalation_days, 0))
