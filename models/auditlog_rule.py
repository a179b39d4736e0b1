from odoo import api, models


class AuditlogRule(models.Model):
    _inherit = 'auditlog.rule'

    @api.model
    def _agency_subscribe(self):
        """Subscribe the module's audit rules (data/security_baseline_data.xml); the "View
        logs" action they add to each model is for managers and administrators, who alone
        read the trail."""
        rules = self.browse(self.env['ir.model.data'].search([
            ('module', '=', 'investment_agency'), ('model', '=', self._name)]).mapped('res_id'))
        rules.filtered(lambda rule: rule.state != 'subscribed').subscribe()
        rules.mapped('action_id').write({'groups_id': [(6, 0, [
            self.env.ref('investment_agency.group_manager').id])]})
        return True
