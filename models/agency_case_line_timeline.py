from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class AgencyCaseLine(models.Model):
    """The declaration plan on a timeline (OCA web_timeline). The timeline shows and
    moves a line through ``timeline_start``/``timeline_end`` (its planned dates): a drag
    moves the planned start of a line that is not declared yet, by the case's agent or a
    manager, and the planned end follows at the committed limit in working days — a drag
    never changes the limit. The plan generator writes the planned dates themselves."""
    _inherit = 'agency.case.line'

    timeline_start = fields.Date(string='Planned Start', compute='_compute_timeline',
                                 inverse='_inverse_timeline')
    timeline_end = fields.Date(string='Planned End', compute='_compute_timeline',
                               inverse='_inverse_timeline')

    @api.depends('planned_start', 'planned_end')
    def _compute_timeline(self):
        for line in self:
            line.timeline_start = line.planned_start
            line.timeline_end = line.planned_end

    @api.multi
    def _inverse_timeline(self):
        for line in self:
            if line.timeline_start == line.planned_start and \
                    line.timeline_end == line.planned_end:
                continue
            line._check_can_move_plan()
            start = line.timeline_start or line.planned_start
            if start < line.case_id.date_applied:
                raise UserError(_('"%s" cannot be planned before the application date (%s).')
                                % (line.item_id.name, line.case_id.date_applied))
            end = line._calendar().agency_add_working_days(start, line.committed_days)
            line.write({'planned_start': start, 'planned_end': fields.Date.to_string(end)})
            line.case_id._update_plan_end()

    @api.multi
    def write(self, vals):
        # A drag on a timeline grouped by phase writes the phase it was shown under: the
        # phase comes from the catalog and does not change here.
        if 'phase_id' in vals:
            if any(line.phase_id.id != vals['phase_id'] for line in self):
                raise UserError(_('The phase of an item comes from the catalog: it cannot be '
                                  'changed in a plan.'))
            vals = dict(vals)
            del vals['phase_id']
        return super(AgencyCaseLine, self).write(vals)

    @api.multi
    def _check_can_move_plan(self):
        """Who may move the planned dates of a line, and when."""
        self.ensure_one()
        user = self.env.user
        # A record rule cannot tell a change of the planned dates from another write.
        if not (user._is_superuser() or user == self.case_id.user_id or
                user.has_group('investment_agency.group_manager')):
            raise AccessError(_('Only the agent of case %s or a manager moves its plan.')
                              % self.case_id.name)
        if self.state != 'todo':
            raise UserError(_('"%s" is declared already: its planned dates no longer move.')
                            % self.item_id.name)
