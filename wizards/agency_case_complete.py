from odoo import api, fields, models

from ..models.resource_calendar import service_today


class AgencyCaseComplete(models.TransientModel):
    """Complete a case (办结) and print its completion form (Annex 6)."""
    _name = 'agency.case.complete'
    _inherit = 'agency.case.wizard'
    _description = 'Complete a Case'

    line_count = fields.Integer(related='case_id.line_count', readonly=True)
    line_closed_count = fields.Integer(related='case_id.line_closed_count', readonly=True)
    date_done = fields.Date(string='Completed On', required=True,
                            default=service_today)
    materials_returned = fields.Text(required=True,
                                     help='The materials handed back to the applicant.')

    @api.multi
    def action_complete(self):
        self.ensure_one()
        self.case_id._complete(self.date_done, self.materials_returned)
        return {'type': 'ir.actions.act_window_close'}
