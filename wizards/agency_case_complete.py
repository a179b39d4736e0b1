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
    material_ids = fields.One2many('agency.case.closing.material', 'complete_id',
                                   string='Materials Returned',
                                   help='The materials handed back to the applicant.')
    returned_count = fields.Integer(string='Materials Recorded',
                                    compute='_compute_returned_count')

    @api.depends('case_id')
    def _compute_returned_count(self):
        for wizard in self:
            wizard.returned_count = len(wizard.case_id.returned_material_ids)

    @api.multi
    def action_complete(self):
        self.ensure_one()
        self.case_id._complete(self.date_done, self.material_ids._material_values())
        return {'type': 'ir.actions.act_window_close'}
