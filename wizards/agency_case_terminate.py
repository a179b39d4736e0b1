from odoo import api, fields, models

from ..models.agency_case_closing import TERMINATION_REASONS
from ..models.resource_calendar import service_today


class AgencyCaseTerminate(models.TransientModel):
    """Terminate a case (终止) and print its termination form (Annex 8)."""
    _name = 'agency.case.terminate'
    _inherit = 'agency.case.wizard'
    _description = 'Terminate a Case'

    open_line_count = fields.Integer(string='Open Items', compute='_compute_open_line_count')
    termination_reason = fields.Selection(TERMINATION_REASONS, string='Reason', required=True,
                                          default=lambda self: self._default_reason())
    termination_note = fields.Text(string='Details',
                                   help='Required for another reason; printed after the reason.')
    date_terminated = fields.Date(string='Terminated On', required=True,
                                  default=service_today)
    material_ids = fields.One2many('agency.case.closing.material', 'terminate_id',
                                   string='Materials Returned',
                                   help='The materials handed back to the applicant.')

    @api.model
    def _default_reason(self):
        """A project found not eligible at its verification is terminated for that."""
        case = self.env['agency.case'].browse(self._default_case_id())
        return 'project_ineligible' if case.verify_decision == 'ineligible' else False

    @api.depends('case_id')
    def _compute_open_line_count(self):
        for wizard in self:
            wizard.open_line_count = len(wizard.case_id.line_ids.filtered('is_open'))

    @api.multi
    def action_terminate(self):
        self.ensure_one()
        self.case_id._terminate(self.termination_reason, self.termination_note,
                                self.date_terminated, self.material_ids._material_values())
        return {'type': 'ir.actions.act_window_close'}
