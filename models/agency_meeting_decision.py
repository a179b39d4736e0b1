from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AgencyMeetingDecision(models.Model):
    """A decision of a joint review meeting: what, which department, by when."""
    _name = 'agency.meeting.decision'
    _description = 'Meeting Decision'
    _order = 'meeting_id, date_deadline, id'

    meeting_id = fields.Many2one('agency.meeting', string='Meeting', required=True, index=True,
                                 ondelete='cascade')
    name = fields.Text(string='Decision', required=True)
    department_id = fields.Many2one('agency.department', string='Responsible Department',
                                    required=True, ondelete='restrict')
    user_id = fields.Many2one('res.users', string='Responsible',
                              help='Defaults to the first liaison agent of the department.')
    case_id = fields.Many2one('agency.case', string='Case', ondelete='set null')
    date_deadline = fields.Date(string='Deadline', required=True)
    state = fields.Selection([('open', 'Open'), ('done', 'Done')], required=True, default='open',
                             index=True)
    activity_id = fields.Many2one('mail.activity', string='Activity', readonly=True,
                                  ondelete='set null')

    @api.constrains('date_deadline', 'meeting_id')
    def _check_deadline(self):
        for decision in self:
            if decision.date_deadline < decision.meeting_id.date_start[:10]:
                raise ValidationError(_('A decision cannot be due before its meeting.'))

    @api.onchange('department_id')
    def _onchange_department_id(self):
        self.user_id = self.department_id.liaison_user_ids[:1]

    @api.model
    def create(self, vals):
        decision = super(AgencyMeetingDecision, self).create(vals)
        if decision.meeting_id.state == 'held':
            decision._schedule_activity()
        return decision

    @api.multi
    def _schedule_activity(self):
        activity_type = self.env.ref('investment_agency.activity_type_decision')
        for decision in self.filtered(lambda d: d.state == 'open' and not d.activity_id):
            user = decision.user_id or decision.department_id.liaison_user_ids[:1] or \
                decision.meeting_id.organizer_id
            decision.activity_id = decision.meeting_id.activity_schedule_decision(
                activity_type, user, decision)

    @api.multi
    def action_done(self):
        for decision in self:
            if decision.activity_id:
                decision.activity_id.action_feedback(feedback=_('Decision carried out.'))
        return self.write({'state': 'done'})
