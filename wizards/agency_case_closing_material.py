from odoo import api, fields, models

from ..models.agency_case_returned_material import MATERIAL_KINDS


class AgencyCaseClosingMaterial(models.TransientModel):
    """A material handed back, as the completion or the termination wizard lists it; each
    becomes a returned-material record of the case (agency.case.returned.material)."""
    _name = 'agency.case.closing.material'
    _description = 'Material Returned (Closing Wizard Line)'

    complete_id = fields.Many2one('agency.case.complete', ondelete='cascade')
    terminate_id = fields.Many2one('agency.case.terminate', ondelete='cascade')
    name = fields.Char(string='Material', required=True)
    kind = fields.Selection(MATERIAL_KINDS, string='Original or Copy', required=True,
                            default='original')
    copies = fields.Integer(required=True, default=1)
    date_returned = fields.Date(string='Returned On',
                                help='The day of the completion or termination if empty.')
    received_by = fields.Char(help="The project's contact person if empty.")
    note = fields.Char()

    @api.multi
    def _material_values(self):
        return [{'name': line.name, 'kind': line.kind, 'copies': line.copies,
                 'date_returned': line.date_returned, 'received_by': line.received_by,
                 'note': line.note} for line in self]
