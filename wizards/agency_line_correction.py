from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AgencyLineCorrection(models.TransientModel):
    """Ask the applicant to supply or correct materials (补正): the time limit of the item
    stops from the given day until the materials are received."""
    _name = 'agency.line.correction'
    _description = 'Request for Correction'

    line_id = fields.Many2one('agency.case.line', string='Case Item', required=True,
                              ondelete='cascade')
    item_id = fields.Many2one(related='line_id.item_id', readonly=True)
    material_ids = fields.Many2many(
        'agency.item.material', string='Materials Missing',
        domain="[('item_id', '=', item_id)]",
        help='The materials of the item to supply or correct.')
    note = fields.Text(string='What to Supply or Correct',
                       help='Anything else the applicant must supply or correct.')
    date_start = fields.Date(string='Correction Since', required=True,
                             default=lambda self: self.env['resource.calendar'].agency_today())

    @api.multi
    def action_request(self):
        self.ensure_one()
        parts = self.material_ids.mapped('name')
        if (self.note or '').strip():
            parts.append(self.note.strip())
        if not parts:
            raise UserError(_('Say what the applicant must supply or correct.'))
        self.line_id._request_correction('; '.join(parts), self.date_start)
        return {'type': 'ir.actions.act_window_close'}
