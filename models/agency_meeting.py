from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

MEETING_STATES = [
    ('draft', 'Draft'),
    ('planned', 'Planned'),
    ('held', 'Held'),
    ('cancelled', 'Cancelled'),
]


class AgencyMeeting(models.Model):
    """A joint review meeting (会商联审) led by the government of a region."""
    _name = 'agency.meeting'
    _description = 'Joint Review Meeting'
    _inherit = ['agency.chatter', 'mail.thread', 'mail.activity.mixin']
    _order = 'date_start desc, id desc'

    name = fields.Char(string='Subject', required=True, track_visibility='onchange')
    region_id = fields.Many2one('agency.region', string='Convening Region', required=True,
                                index=True, ondelete='restrict',
                                domain=[('in_user_scope', '=', True)],
                                default=lambda self: self.env.user.agency_region_id)
    date_start = fields.Datetime(string='Date', required=True, track_visibility='onchange')
    duration = fields.Float(default=2.0, help='Hours.')
    place = fields.Char(track_visibility='onchange')
    chair = fields.Char(string='Chaired By', help='The government leader who chairs the meeting.')
    organizer_id = fields.Many2one('res.users', string='Organizer', required=True,
                                   default=lambda self: self.env.user)
    department_ids = fields.Many2many('agency.department', 'agency_meeting_department_rel',
                                      'meeting_id', 'department_id', string='Departments Invited')
    case_ids = fields.Many2many('agency.case', 'agency_meeting_case_rel', 'meeting_id',
                                'case_id', string='Cases Discussed')
    line_ids = fields.Many2many('agency.case.line', 'agency_meeting_line_rel', 'meeting_id',
                                'line_id', string='Items Discussed')
    minutes = fields.Html()
    decision_ids = fields.One2many('agency.meeting.decision', 'meeting_id', string='Decisions')
    state = fields.Selection(MEETING_STATES, required=True, default='draft', index=True,
                             track_visibility='onchange')
    calendar_event_id = fields.Many2one('calendar.event', string='Calendar Event', readonly=True,
                                        ondelete='set null', copy=False)

    @api.constrains('region_id', 'case_ids', 'department_ids')
    def _check_scope(self):
        """The cases discussed are of the convening region or below it; the departments
        invited are of that region, of a region below or of a region above it."""
        for meeting in self.sudo():
            region = meeting.region_id
            foreign = meeting.case_ids.filtered(lambda case: not case.region_id._is_within(region))
            if foreign:
                raise ValidationError(
                    _('A meeting of %s discusses the cases of its region and the regions '
                      'below it, not: %s') % (region.name, ', '.join(foreign.mapped('name'))))
            foreign = meeting.department_ids.filtered(
                lambda dept: not (dept.region_id._is_within(region) or
                                  region._is_within(dept.region_id)))
            if foreign:
                raise ValidationError(
                    _('A meeting of %s invites the departments of its region, of the regions '
                      'below and of the regions above it, not: %s')
                    % (region.name, ', '.join(foreign.mapped('name'))))

    @api.multi
    def write(self, vals):
        res = super(AgencyMeeting, self).write(vals)
        # Odoo checks the rules before a write only: a meeting stays in reach.
        self.check_access_rule('write')
        return res

    @api.onchange('case_ids')
    def _onchange_case_ids(self):
        self.line_ids = self.line_ids.filtered(lambda line: line.case_id in self.case_ids)
        self.department_ids |= self.case_ids.mapped('line_ids').filtered('is_open').mapped(
            'department_id')

    @api.multi
    def _attendee_partners(self):
        self.ensure_one()
        users = self.organizer_id | self.department_ids.mapped('liaison_user_ids') | \
            self.case_ids.mapped('user_id')
        return users.mapped('partner_id')

    @api.multi
    def action_plan(self):
        """Put the meeting in the calendars of the organizer, liaison agents and case agents."""
        for meeting in self:
            if not meeting.department_ids:
                raise UserError(_('Invite at least one department.'))
            values = {
                'name': meeting.name,
                'start': meeting.date_start,
                'stop': fields.Datetime.to_string(
                    fields.Datetime.from_string(meeting.date_start) +
                    timedelta(hours=meeting.duration or 1)),
                'duration': meeting.duration,
                'location': meeting.place,
                'user_id': meeting.organizer_id.id,
                'partner_ids': [(6, 0, meeting._attendee_partners().ids)],
                'description': _('Joint review meeting convened by %s')
                % meeting.region_id.bureau_name,
            }
            if meeting.calendar_event_id:
                meeting.calendar_event_id.write(values)
            else:
                meeting.calendar_event_id = self._quiet_while_loading().env[
                    'calendar.event'].create(values)
            meeting.state = 'planned'
        return True

    @api.multi
    def action_held(self):
        """Record the meeting as held: each decision becomes an activity of its department."""
        for meeting in self:
            if not meeting.minutes:
                raise UserError(_('Write the minutes of the meeting first.'))
            meeting.state = 'held'
            meeting.decision_ids._schedule_activity()
        return True

    @api.multi
    def activity_schedule_decision(self, activity_type, user, decision):
        self.ensure_one()
        return self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'res_id': self.id,
            'activity_type_id': activity_type.id,
            'summary': '%s: %s' % (decision.department_id.name, decision.name[:80]),
            'note': plaintext2html(decision.name),
            'date_deadline': decision.date_deadline,
            'user_id': user.id,
            'agency_decision_id': decision.id,
        })

    @api.multi
    def action_cancel(self):
        self.mapped('calendar_event_id').unlink()
        return self.write({'state': 'cancelled'})
