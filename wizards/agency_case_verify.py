from odoo import api, fields, models

from ..models.agency_case_verification import VERIFY_DECISIONS
from ..models.agency_project import PROJECT_CATEGORIES


class AgencyCaseVerify(models.TransientModel):
    """Record the verification of a case (接洽核实): what was checked and the decision."""
    _name = 'agency.case.verify'
    _inherit = 'agency.case.wizard'
    _description = 'Verify a Case'

    project_id = fields.Many2one(related='case_id.project_id', readonly=True)
    project_code = fields.Char(related='case_id.project_id.code', readonly=True)
    credit_code = fields.Char(related='case_id.partner_id.agency_credit_code', readonly=True)
    verify_category = fields.Selection(
        PROJECT_CATEGORIES, string='Category Checked',
        default=lambda self: self._default_category(),
        help='重点项目, 招商引资重大项目, 科技创新类 or 国家鼓励类 (二(一) of the plan).')
    verify_document = fields.Char(string='Key-Project Decision Document',
                                  help='Number or title of the document that lists the project.')
    verify_document_file = fields.Binary(string='Decision Document File')
    verify_document_filename = fields.Char()
    verify_project_code = fields.Boolean(string='Project Code Verified')
    verify_credit_code = fields.Boolean(string='Credit Code Verified')
    verify_decision = fields.Selection(VERIFY_DECISIONS, string='Decision', required=True)
    verify_reason = fields.Text(string='Reason Not Eligible')

    @api.model
    def _default_category(self):
        return self.env['agency.case'].browse(self._default_case_id()).project_id.category

    @api.multi
    def action_verify(self):
        """Record the verification; a project not eligible goes on to its termination."""
        self.ensure_one()
        self.case_id._record_verification({
            name: self[name] for name in (
                'verify_category', 'verify_document', 'verify_document_file',
                'verify_document_filename', 'verify_project_code', 'verify_credit_code',
                'verify_decision', 'verify_reason')})
        if self.verify_decision == 'ineligible':
            action = self.env.ref('investment_agency.action_agency_case_terminate').read()[0]
            action['context'] = {'active_model': 'agency.case', 'active_id': self.case_id.id,
                                 'default_termination_note': self.verify_reason}
            return action
        return {'type': 'ir.actions.act_window_close'}
