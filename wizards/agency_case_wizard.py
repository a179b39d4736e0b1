from odoo import api, fields, models


class AgencyCaseWizard(models.AbstractModel):
    """What the wizards acting on one case share: the case, taken from the record
    the wizard was opened on."""
    _name = 'agency.case.wizard'
    _description = 'Wizard on a Case'

    case_id = fields.Many2one('agency.case', string='Case', required=True, ondelete='cascade',
                              default=lambda self: self._default_case_id())

    @api.model
    def _default_case_id(self):
        if self.env.context.get('active_model') == 'agency.case':
            return self.env.context.get('active_id')
        return False
