from odoo import api, fields, models

ALERTS = [
    ('yellow', 'Due Soon'),
    ('red', 'Overdue'),
    ('escalation1', 'Escalated to the Region'),
    ('escalation2', 'Escalated to the Region Above'),
]


class MailActivity(models.Model):
    """Activities the deadline cron gives, tied to the item line they are about."""
    _inherit = 'mail.activity'

    agency_line_id = fields.Many2one('agency.case.line', string='Case Item', index=True,
                                     ondelete='cascade')
    agency_alert = fields.Selection(ALERTS, string='Deadline Alert')
    agency_decision_id = fields.Many2one('agency.meeting.decision', string='Meeting Decision',
                                         index=True, ondelete='cascade')

    @api.multi
    def action_feedback(self, feedback=False):
        decisions = self.mapped('agency_decision_id').filtered(lambda d: d.state == 'open')
        res = super(MailActivity, self).action_feedback(feedback=feedback)
        decisions.write({'state': 'done'})
        return res
