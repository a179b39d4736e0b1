from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from .agency_case_events import ITEM_EVENTS
from .dates import to_date
from .deadline_engine import (DEFAULT_THRESHOLDS, LIGHT_ORDER, LineFacts, Thresholds,
                              alerts_due, line_clock, worst_light)

LINE_STATES = [
    ('todo', 'To Declare'),
    ('declared', 'Declared'),
    ('accepted', 'Accepted'),
    ('correction', 'Under Correction'),
    ('done', 'Completed'),
    ('refused', 'Not Permitted'),
    ('withdrawn', 'Withdrawn'),
    ('revoked', 'Result Revoked'),
]
OPEN_LINE_STATES = ('todo', 'declared', 'accepted', 'correction')
CLOSED_LINE_STATES = ('done', 'refused', 'withdrawn', 'revoked')
# The time limit runs while accepted, and is paused while under correction (补正中).
CLOCK_STATES = ('accepted', 'correction')
TRANSITIONS = {
    'todo': ('declared', 'withdrawn'),
    'declared': ('todo', 'accepted', 'withdrawn'),
    'accepted': ('correction', 'done', 'refused', 'withdrawn'),
    'correction': ('accepted', 'refused', 'withdrawn'),
    # A result given on a pledge the applicant broke (告知承诺) is revoked.
    'done': ('revoked',),
    'refused': (),
    'withdrawn': (),
    'revoked': (),
}
LIGHT_LABELS = {
    'none': 'Not Running',
    'green': 'On Time',
    'yellow': 'Due Soon',
    'red': 'Overdue',
}
LIGHTS = [(light, LIGHT_LABELS[light]) for light in LIGHT_ORDER]
PARAM_WARNING_DAYS = 'investment_agency.warning_days'
PARAM_ESCALATION_DAYS = 'investment_agency.escalation_days'
# Set by the line's own logic (the published list, the clock, the cron): no client writes
# them, whatever it sends.
SYSTEM_FIELDS = frozenset(['case_id', 'item_id', 'publication_id', 'committed_days',
                           'statutory_days', 'paused_days', 'escalation_level', 'alerted_light',
                           'date_closed', 'date_revoked', 'order_override_uid',
                           'order_override_date'])
# Dates (and the note of a correction) that a client gives with the change of state they
# date, or just before it, while the line is in the state before: never afterwards, so
# that a department cannot move the clock of its own item.
#   field: (states in which it may be entered ahead, states it dates)
TRANSITION_DATES = {
    'date_declared': (('todo',), ('declared',)),
    'date_accepted': (('declared',), ('accepted',)),
    'pause_start': ((), ('correction',)),
    'correction_note': ((), ('correction',)),
    'result_date': (('accepted', 'correction'), ('done', 'refused')),
    'revoke_reason': (('done',), ('revoked',)),
}
# The cases of a region and of the regions below it (nested set of parent_store).
CASES_IN_SUBTREE_SQL = """
    SELECT c.id FROM agency_case c
      JOIN agency_region r ON r.id = c.region_id
      JOIN agency_region own ON own.id = %s
     WHERE r.parent_left >= own.parent_left AND r.parent_left < own.parent_right
"""
# The region given and the regions below it (a handful of rows).
REGIONS_IN_SUBTREE_SQL = """
    SELECT r.id FROM agency_region r
      JOIN agency_region own ON own.id = %s
     WHERE r.parent_left >= own.parent_left AND r.parent_left < own.parent_right
"""
# Changes of these fields are posted in the chatter of the case.
TRACKED_FIELDS = ('state', 'department_id', 'liaison_user_id', 'date_accepted',
                  'correction_note', 'deadline', 'planned_end', 'result_number', 'result_date',
                  'revoke_reason')


class AgencyCaseLine(models.Model):
    """One requested item of a case (事项办理): plan, acceptance, time limit, result."""
    _name = 'agency.case.line'
    _inherit = ['agency.case.line.order']
    _description = 'Case Item'
    _order = 'case_id, sequence, id'
    _rec_name = 'item_id'

    case_id = fields.Many2one('agency.case', string='Case', required=True, index=True,
                              ondelete='cascade')
    item_id = fields.Many2one('agency.item', string='Item', required=True, index=True,
                              ondelete='restrict')
    publication_id = fields.Many2one('agency.item.publication', string='Published Item',
                                     ondelete='restrict')
    department_id = fields.Many2one('agency.department', string='Department', required=True,
                                    index=True, ondelete='restrict')
    liaison_user_id = fields.Many2one(
        'res.users', string='Responsible Liaison', index=True, ondelete='set null',
        help="The department's liaison agent (部门代办员) who pushes this item to finish in "
             "time.")
    region_id = fields.Many2one(related='case_id.region_id', store=True, index=True, readonly=True)
    handling_region_id = fields.Many2one(
        related='department_id.region_id', string='Handled In', store=True, index=True,
        readonly=True,
        help="The region of the department that handles the item: the case's region or, "
             "for an item decided at a higher level (分级办理), a region above it.")
    handled_elsewhere = fields.Boolean(
        string='Handled in Another Region', compute='_compute_handled_elsewhere', store=True,
        index=True, compute_sudo=True,
        help="Handled by a department of another region than the case's: of a region above "
             "it (分级办理、上下联动), or of the region the case was transferred from.")
    user_id = fields.Many2one(related='case_id.user_id', string='Agent', store=True, index=True,
                              readonly=True)
    project_id = fields.Many2one(related='case_id.project_id', store=True, readonly=True)
    case_active = fields.Boolean(related='case_id.active', string='Case Active', store=True,
                                 index=True, readonly=True,
                                 help='The items of an archived case leave the lists of items.')
    phase_id = fields.Many2one(related='item_id.phase_id', store=True, index=True, readonly=True)
    item_type = fields.Selection(related='item_id.item_type', store=True, readonly=True)
    sequence = fields.Integer(string='Order', default=10)
    state = fields.Selection(LINE_STATES, required=True, default='todo', index=True)
    is_open = fields.Boolean(compute='_compute_is_open', store=True, index=True,
                             compute_sudo=True)
    planned_start = fields.Date()
    planned_end = fields.Date()
    date_declared = fields.Date(string='Declared On')
    date_accepted = fields.Date(string='Accepted On', index=True)
    committed_days = fields.Integer(string='Committed Limit', help='Working days.')
    statutory_days = fields.Integer(string='Statutory Limit', help='Working days.')
    paused_days = fields.Integer(string='Paused Working Days', readonly=True,
                                 help='Working days spent under correction (补正), not counted.')
    pause_start = fields.Date(string='Correction Since', readonly=True)
    correction_note = fields.Text(
        string='Materials to Supply', readonly=True,
        help='What the applicant must supply or correct (补正), given with the request.')
    scope_region_id = fields.Many2one(
        'agency.region', string='Within Region', compute='_compute_scope_region',
        search='_search_scope_region',
        help='Technical: searching it for a region gives the items of the cases of that '
             'region and of the regions below it (the agents\' record rule), through the '
             'case, whose region is known from the start.')
    procedure_ids = fields.One2many('agency.line.procedure', 'line_id',
                                    string='Special Procedures')
    procedure_days = fields.Integer(
        string='Special Procedure Days', compute='_compute_procedure_days', store=True,
        compute_sudo=True,
        help='Working days of approved special procedures (听证, 招标, 检验, 鉴定, 专家评审 …), '
             'not counted in the time limit.')
    deadline = fields.Date(compute='_compute_clock', store=True, compute_sudo=True, index=True,
                           help='Acceptance date plus the committed limit in working days, '
                                'moved by the days under correction.')
    light = fields.Selection(LIGHTS, compute='_compute_clock', store=True, compute_sudo=True,
                             index=True)
    alerted_light = fields.Selection(LIGHTS, readonly=True, default='none',
                                     help='The worst light the agent was given an activity for.')
    escalation_level = fields.Integer(readonly=True, default=0,
                                      help='1: sent to the managers of the region; '
                                           '2: to those of the region above.')
    material_ids = fields.One2many('agency.case.line.material', 'line_id', string='Materials',
                                   help='The checklist of the materials of the item.')
    deficiency_used = fields.Boolean(
        string='Deficiency Acceptance', compute='_compute_simplifications', store=True,
        compute_sudo=True, index=True,
        help='Accepted with non-key materials missing (容缺受理): from the checklist.')
    pledge_used = fields.Boolean(
        string='Notification Pledge', compute='_compute_simplifications', store=True,
        compute_sudo=True, index=True,
        help='Approved on a written promise (告知承诺制): from the checklist.')
    material_overdue = fields.Boolean(
        string='Materials Overdue', compute='_compute_material_overdue',
        search='_search_material_overdue',
        help='A material missing (容缺) or pledged (告知承诺) is past its due date and unsettled.')
    pledge_broken = fields.Boolean(
        compute='_compute_simplifications', store=True,
        compute_sudo=True, index=True,
        help='The applicant broke a pledge (告知承诺) of this item: its result can be revoked.')
    revoke_reason = fields.Text(string='Why the Result Is Revoked')
    date_revoked = fields.Date(string='Revoked On', readonly=True)
    result_number = fields.Char(string='Result Document No.')
    result_date = fields.Date()
    date_closed = fields.Date(string='Closed On', readonly=True, index=True)
    working_days_used = fields.Integer(compute='_compute_clock', store=True, compute_sudo=True)
    working_days_left = fields.Integer(
        compute='_compute_clock', store=True, compute_sudo=True,
        help='Working days until the deadline while the item runs or is under correction; '
             'negative when overdue.')
    days_saved = fields.Integer(compute='_compute_clock',
                                store=True, compute_sudo=True,
                                help='Statutory limit minus the working days used.')
    on_time = fields.Boolean(compute='_compute_clock', store=True, compute_sudo=True,
                             index=True)
    attachment_ids = fields.Many2many('ir.attachment', 'agency_case_line_attachment_rel',
                                      'line_id', 'attachment_id', string='Documents')
    note = fields.Text()

    def init(self):
        self.env.cr.execute("""
            -- The open items of active cases (the item lists' default filter), the
            -- soonest due first (the list's order): a page and the count are read from
            -- the index alone.
            CREATE INDEX IF NOT EXISTS agency_case_line_open_order_index
                ON agency_case_line (deadline, id)
             WHERE is_open AND case_active;
            -- The red and yellow items of the dashboard, the longest overdue first.
            CREATE INDEX IF NOT EXISTS agency_case_line_open_light_index
                ON agency_case_line (light, deadline, id) WHERE is_open;
            -- The agents' workload: open items counted by agent and light.
            CREATE INDEX IF NOT EXISTS agency_case_line_open_user_index
                ON agency_case_line (user_id, light) WHERE is_open AND case_active;
            -- The cases of departments (the liaison agents' rule on cases, projects and
            -- materials): their ids read from the index alone, without the lines' rows.
            CREATE INDEX IF NOT EXISTS agency_case_line_department_case_index
                ON agency_case_line (department_id, case_id);
        """)

    # ------------------------------------------------------------------ computes

    @api.depends('state')
    def _compute_is_open(self):
        for line in self:
            line.is_open = line.state in OPEN_LINE_STATES

    @api.depends('handling_region_id', 'region_id')
    def _compute_handled_elsewhere(self):
        for line in self:
            line.handled_elsewhere = line.handling_region_id != line.region_id

    @api.depends('case_id.region_id')
    def _compute_scope_region(self):
        for line in self:
            line.scope_region_id = line.case_id.region_id

    def _search_scope_region(self, operator, value):
        if operator != '=':
            raise UserError(_('Unsupported search on the region of the items.'))
        # The line's own region (its case's, stored and indexed) answers for every line
        # once it is computed; the case answers for a line being created, whose region
        # is computed later. PostgreSQL stops at the first: the cases of the subtree
        # are only looked up for such a line, not hashed on every read (70 ms at 100 000
        # cases).
        return ['|', ('region_id', 'inselect', (REGIONS_IN_SUBTREE_SQL, [value or 0])),
                ('case_id', 'inselect', (CASES_IN_SUBTREE_SQL, [value or 0]))]

    @api.depends('material_ids.status', 'material_ids.outcome')
    def _compute_simplifications(self):
        for line in self:
            statuses = set(line.material_ids.mapped('status'))
            line.deficiency_used = 'deficiency' in statuses
            line.pledge_used = 'pledge' in statuses
            line.pledge_broken = 'broken' in line.material_ids.mapped('outcome')

    def _compute_material_overdue(self):
        overdue = self._overdue_line_ids()
        for line in self:
            line.material_overdue = line.id in overdue

    def _search_material_overdue(self, operator, value):
        if operator not in ('=', '!='):
            raise UserError(_('Unsupported search on overdue materials.'))
        ids = self.env['agency.case.line.material'].sudo().search(
            [('is_overdue', '=', True)]).mapped('line_id').ids
        return [('id', 'in' if (operator == '=') == bool(value) else 'not in', ids)]

    @api.multi
    def _overdue_line_ids(self):
        """The ids of these lines with a material overdue and unsettled (one search)."""
        entries = self.env['agency.case.line.material'].sudo().search(
            [('line_id', 'in', self.ids), ('is_overdue', '=', True)])
        return set(entries.mapped('line_id').ids)

    @api.depends('procedure_ids.counted_days')
    def _compute_procedure_days(self):
        for line in self:
            line.procedure_days = sum(line.procedure_ids.mapped('counted_days'))

    @api.depends('date_accepted', 'committed_days', 'paused_days', 'procedure_days',
                 'pause_start', 'state', 'statutory_days', 'result_date', 'date_closed',
                 'case_id.region_id')
    def _compute_clock(self):
        """Deadline, days used and left, light and saving, from the deadline engine (the
        daily cron moves them on with the same engine)."""
        clocks = self._clocks()
        for line in self:
            clock = clocks[line.id]
            line.deadline = fields.Date.to_string(clock.deadline) if clock.deadline else False
            line.working_days_used = clock.working_days_used
            line.working_days_left = clock.working_days_left
            line.light = clock.light
            line.days_saved = clock.days_saved
            line.on_time = clock.on_time

    # ------------------------------------------------------------------ constraints

    @api.constrains('liaison_user_id', 'department_id')
    def _check_liaison(self):
        # As superuser: a line out of the user's reach is refused by its record rules.
        for line in self.sudo().filtered('liaison_user_id'):
            if line.liaison_user_id not in line.department_id.sudo().liaison_user_ids:
                raise ValidationError(
                    _('%s is not a liaison agent of %s, which handles "%s".')
                    % (line.liaison_user_id.name, line.department_id.name, line.item_id.name))

    @api.constrains('date_declared', 'date_accepted', 'result_date', 'pause_start',
                    'planned_start', 'planned_end')
    def _check_dates(self):
        for line in self.sudo():
            today = line._calendar().agency_today()
            if line.date_accepted and line.date_declared and \
                    line.date_accepted < line.date_declared:
                raise ValidationError(
                    _('"%s" cannot be accepted (%s) before it is declared (%s).')
                    % (line.item_id.name, line.date_accepted, line.date_declared))
            if line.result_date and line.date_accepted and line.result_date < line.date_accepted:
                raise ValidationError(
                    _('The result of "%s" (%s) cannot be dated before its acceptance (%s).')
                    % (line.item_id.name, line.result_date, line.date_accepted))
            if line.pause_start and line.date_accepted and line.pause_start < line.date_accepted:
                raise ValidationError(
                    _('The correction of "%s" (%s) cannot start before its acceptance (%s).')
                    % (line.item_id.name, line.pause_start, line.date_accepted))
            for value in (line.date_declared, line.date_accepted, line.result_date,
                          line.pause_start):
                if value and value > today:
                    raise ValidationError(
                        _('"%s": %s is in the future.') % (line.item_id.name, value))
            if line.planned_start and line.planned_end and line.planned_end < line.planned_start:
                raise ValidationError(
                    _('"%s": the planned end (%s) cannot come before the planned start (%s).')
                    % (line.item_id.name, line.planned_end, line.planned_start))

    @api.constrains('department_id', 'case_id')
    def _check_department(self):
        """An item is given to a department of the case's region or of a region above it
        (分级办理). Checked when the line is planned or handed to another department: an
        item under way when its case is transferred stays with its department."""
        for line in self.sudo():
            if not line.case_id.region_id._is_within(line.department_id.region_id):
                raise ValidationError(
                    _('Department %s belongs neither to the region of case %s nor to a region '
                      'above it.') % (line.department_id.name, line.case_id.name))

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if not self.pool._init:  # data files load their lines as they are
            if vals.get('state', 'todo') != 'todo':
                raise UserError(_('A new item of a plan starts as "to declare".'))
            self.browse()._check_client_values({name: value for name, value in vals.items()
                                                if name not in ('case_id', 'item_id')})
            vals.update(self._published_values(vals.get('case_id'), vals.get('item_id')))
        line = super(AgencyCaseLine, self).create(self._with_liaison(vals))
        line._create_checklist()
        return line

    @api.multi
    def write(self, vals):
        if not self.pool._init:
            # A line out of the user's reach is refused first, in his words (the values
            # read below would otherwise fail on the rules of the lines prefetched).
            self.check_access_rule('write')
            self._check_client_values(vals)
        vals = self._with_liaison(vals)
        old = {line.id: {name: line[name] for name in TRACKED_FIELDS} for line in self}
        if 'state' in vals:
            for line in self:
                values = dict(vals, **line._prepare_state_values(vals['state'], vals))
                super(AgencyCaseLine, line).write(values)
            res = True
        else:
            res = super(AgencyCaseLine, self).write(vals)
        self._post_changes(old)
        if vals.get('state') in CLOSED_LINE_STATES:
            self._close_alerts()
        if vals.get('state') == 'declared':
            self._create_checklist()
        if 'state' in vals:
            # The case follows its items (申报办理, 结果反馈), also when a liaison agent
            # records their progress: a consequence of the item's state, not the user's
            # right; the move is posted in his name.
            self.mapped('case_id')._sudo_for_user()._advance()
        # Odoo checks the rules before a write only: a liaison agent cannot hand a line
        # to a department that is not his.
        self.check_access_rule('write')
        return res

    @api.multi
    def unlink(self):
        if self.filtered(lambda line: line.state != 'todo'):
            raise UserError(_('Declared items stay in the plan: withdraw them instead.'))
        return super(AgencyCaseLine, self).unlink()

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_declare(self):
        return self.write({'state': 'declared'})

    @api.multi
    def action_accept(self):
        return self.write({'state': 'accepted'})

    @api.multi
    def action_request_correction(self):
        """Ask the applicant to supply or correct materials (补正): what, and since when."""
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_line_correction').read()[0]
        action['context'] = {'default_line_id': self.id}
        return action

    @api.multi
    def _request_correction(self, note, date=False):
        """The time limit stops from ``date`` (today when empty) until the applicant
        resumes; ``note`` says what is missing."""
        values = {'state': 'correction', 'correction_note': note}
        if date:
            values['pause_start'] = date
        return self.write(values)

    @api.multi
    def action_resume(self):
        return self.write({'state': 'accepted'})

    @api.multi
    def action_done(self):
        return self.write({'state': 'done'})

    @api.multi
    def action_refuse(self):
        return self.write({'state': 'refused'})

    @api.multi
    def action_withdraw(self):
        return self.write({'state': 'withdrawn'})

    @api.multi
    def action_revoke(self):
        """Revoke the result given on a pledge the applicant broke (告知承诺), with the
        reason written first."""
        return self.write({'state': 'revoked'})

    @api.multi
    def action_open_case(self):
        self.ensure_one()
        return self.case_id.get_formview_action()

    # ------------------------------------------------------------------ business

    @api.multi
    def _clocks(self):
        """The deadline engine's clock of each line on the service day of its region:
        {line id: Clock}. One calendar snapshot per calendar."""
        thresholds = self._thresholds()
        calendars = {}
        clocks = {}
        for line in self:
            calendar = line._calendar()
            if calendar.id not in calendars:
                calendars[calendar.id] = (calendar._agency_snapshot(), calendar.agency_today())
            snapshot, today = calendars[calendar.id]
            clocks[line.id] = line_clock(snapshot, line._clock_facts(), today, thresholds)
        return clocks

    @api.multi
    def _clock_facts(self):
        self.ensure_one()
        return LineFacts(
            state=self.state, accepted=self.date_accepted,
            committed_days=self.committed_days,
            paused_days=self.paused_days + self.procedure_days,
            pause_start=self.pause_start, ended=self.result_date or self.date_closed,
            statutory_days=self.statutory_days, escalation_level=self.escalation_level)

    @api.multi
    def _calendar(self):
        self.ensure_one()
        return self.case_id.region_id._get_calendar()

    @api.model
    def _thresholds(self):
        """The settings of the lights (Settings > 帮您办)."""
        get_param = self.env['ir.config_parameter'].sudo().get_param
        default = DEFAULT_THRESHOLDS
        return Thresholds(
            warning_days=int(get_param(PARAM_WARNING_DAYS, default.warning_days)),
            escalation_days=int(get_param(PARAM_ESCALATION_DAYS, default.escalation_days)))

    @api.multi
    def _write_system(self, vals):
        """Write what the line's logic sets (a transfer's new department and limit)."""
        return super(AgencyCaseLine, self).write(self._with_liaison(vals))

    @api.model
    def _with_liaison(self, vals):
        """A line given to a department goes to its first liaison agent, unless the
        values name one."""
        if vals.get('department_id') and 'liaison_user_id' not in vals:
            department = self.env['agency.department'].sudo().browse(vals['department_id'])
            vals = dict(vals, liaison_user_id=department.liaison_user_ids[:1].id)
        return vals

    @api.multi
    def _check_client_values(self, vals):
        """Refuse what only the line's logic sets, and dates given without the change of
        state they date."""
        refused = set(vals) & SYSTEM_FIELDS
        for name, (ahead, dated) in TRANSITION_DATES.items():
            if name in vals and vals.get('state') not in dated and \
                    (not self or self.filtered(lambda line: line.state not in ahead)):
                refused.add(name)
        if refused:
            labels = sorted(self._fields[name].get_description(self.env)['string']
                            for name in refused)
            raise UserError(_('These values of an item are set by its actions (declare, '
                              'accept, correction, result) and by the published list, not '
                              'written directly: %s.') % ', '.join(labels))

    @api.model
    def _published_values(self, case_id, item_id):
        """The limits of a new line: those of the item in the case's published list."""
        case = self.env['agency.case'].browse(case_id).sudo()
        item = self.env['agency.item'].browse(item_id).sudo()
        publication = self.env['agency.item.publication'].sudo().search([
            ('region_id', '=', case.region_id.id), ('item_id', '=', item.id),
            ('state', '=', 'published')], limit=1)
        if not publication:
            raise UserError(_('%s has not published "%s": it cannot be planned.')
                            % (case.region_id.name, item.name))
        return {
            'publication_id': publication.id,
            'committed_days': publication.committed_days,
            'statutory_days': item.statutory_days,
        }

    @api.multi
    def _check_transition(self, old_state, new_state):
        self.ensure_one()
        if new_state != old_state and new_state not in TRANSITIONS[old_state]:
            states = self._agency_labels('state', self._agency_lang())
            raise UserError(
                _('"%s" cannot go from %s to %s.')
                % (self.item_id.name, states[old_state], states[new_state]))

    @api.multi
    def _prepare_state_values(self, new_state, vals):
        """The values that go with a change of state (dates, pause)."""
        self.ensure_one()
        self._check_transition(self.state, new_state)
        if new_state == self.state:
            return {}
        calendar = self._calendar()
        today = calendar.agency_today()
        values = {}
        if new_state in ('declared', 'accepted') and not self.case_id.letters_signed:
            raise UserError(_('Case %s: the letters are not signed yet.') % self.case_id.name)
        if new_state == 'declared' and not self.pool._init:
            self._check_declaration_order()
        if new_state == 'declared' and not (vals.get('date_declared') or self.date_declared):
            values['date_declared'] = today
        if new_state == 'accepted' and self.state == 'declared':
            if not self.project_id.has_valid_code():
                raise UserError(
                    _('Project "%s" has no valid project code: departments accept no item '
                      'without it.') % self.project_id.name)
            if not (vals.get('date_accepted') or self.date_accepted):
                values['date_accepted'] = today
        if new_state == 'correction':
            if not (vals.get('correction_note') or '').strip():
                raise UserError(_('"%s": say what the applicant must supply or correct.')
                                % self.item_id.name)
            values['pause_start'] = vals.get('pause_start') or today
        if self.state == 'correction' and new_state != 'correction' and self.pause_start:
            paused = max(calendar.agency_working_days_between(self.pause_start, today), 0)
            values.update(paused_days=self.paused_days + paused, pause_start=False)
        if new_state == 'revoked':
            values.update(self._revoke_values(vals))
        if new_state == 'done' and not (vals.get('result_number') or self.result_number):
            raise UserError(_('Give the result document number of "%s" first.') % self.item_id.name)
        # A revoked result keeps the day the item was closed (its handling time).
        if new_state in CLOSED_LINE_STATES and new_state != 'revoked':
            values['date_closed'] = today
            if new_state in ('done', 'refused') and \
                    not (vals.get('result_date') or self.result_date):
                values['result_date'] = today
        return values

    @api.multi
    def _revoke_values(self, vals):
        """A result is revoked for a broken pledge, with its reason."""
        self.ensure_one()
        if not self.sudo().pledge_broken:
            raise UserError(_('"%s": a result is revoked when the applicant broke a pledge '
                              '(告知承诺) of the item.') % self.item_id.name)
        if not (vals.get('revoke_reason') or self.revoke_reason or '').strip():
            raise UserError(_('"%s": write why the result is revoked.') % self.item_id.name)
        return {'date_revoked': self._calendar().agency_today()}

    @api.multi
    def _create_checklist(self):
        """The checklist of the materials of each line from the catalog (those not on it
        yet), as superuser: the catalog decides what an item asks for."""
        Entry = self.env['agency.case.line.material'].sudo()
        for line in self.sudo():
            present = line.material_ids.mapped('material_id')
            for material in line.item_id.material_ids - present:
                Entry.create({'line_id': line.id, 'material_id': material.id,
                              'sequence': material.sequence})

    @api.multi
    def _mark_simplification(self, status, outcome='pending'):
        """Record on each line's checklist that one material the catalog allows for it was
        missing at acceptance (``status`` 'deficiency') or replaced by a pledge ('pledge'):
        the lines of the former flag (migration) and the demo data."""
        flag = 'allow_deficiency' if status == 'deficiency' else 'allow_pledge'
        for line in self.sudo():
            entries = line.material_ids.filtered(lambda entry: entry.material_id[flag])
            if entries and status not in entries.mapped('status'):
                entries[0].write({'status': status})
                if outcome != 'pending':
                    entries[0].write({'outcome': outcome})

    @api.multi
    def _material_due_date(self, material, status):
        """The default due date of a material owed: the catalog's working days after the
        acceptance (after today before it)."""
        self.ensure_one()
        calendar = self._calendar()
        start = self.date_accepted or calendar.agency_today()
        days = material.deficiency_days if status == 'deficiency' else material.pledge_days
        return fields.Date.to_string(calendar.agency_add_working_days(start, days))

    @api.multi
    def _post_changes(self, old):
        """Post the changes of tracked fields in the chatter of each case: what the
        applicant is told of an item (受理, 补正, 办结, 不予许可) in a message of its public
        subtype, then every change in an internal note."""
        labels = {name: self._fields[name].get_description(self.env)['string']
                  for name in TRACKED_FIELDS}
        messages = {}
        for line in self:
            if line.state != old[line.id]['state'] and line.state in ITEM_EVENTS:
                line.case_id._post_item_event(line)
            changes = []
            for name in TRACKED_FIELDS:
                before, after = old[line.id][name], line[name]
                if before != after:
                    changes.append(html_escape('%s: %s → %s' % (
                        labels[name], line._display_value(name, before),
                        line._display_value(name, after))))
            if changes:
                messages.setdefault(line.case_id, []).append(
                    '<b>%s</b><br/>%s' % (html_escape(line.item_id.name), '<br/>'.join(changes)))
        # Posted by the user who made the change, also a liaison agent who may not write
        # the case itself.
        author = self.env.user.partner_id.id
        for case, bodies in messages.items():
            case.sudo().message_post(body='<br/>'.join(bodies), subtype='mail.mt_note',
                                     author_id=author)

    @api.multi
    def _display_value(self, name, value):
        field = self._fields[name]
        if not value:
            return '-'
        if field.type == 'selection':
            return self._agency_labels(name, self._agency_lang()).get(value, value)
        if field.type == 'many2one':
            return value.display_name
        return value

    @api.multi
    def _close_alerts(self):
        activities = self.env['mail.activity'].sudo().search([('agency_line_id', 'in', self.ids)])
        if activities:
            activities.action_feedback(feedback=_('The item is closed.'))

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_update_lights(self):
        """Daily: move the clock of every running or paused line to the service day
        (deadline of paused lines, days used and left, light, escalation level), the
        cases' lights with them, and give the alerts due. Reads and writes in a fixed
        number of statements whatever the number of lines; the counting is the deadline
        engine's, as in the lines' computed fields. Returns the number of lines changed."""
        updates, changed_cases, alerts = self._clock_changes(self._clock_rows())
        self._write_clocks(updates, changed_cases)
        self.env['agency.alert']._give_later(alerts)
        return len(updates)

    @api.model
    def _clock_rows(self):
        """The lines whose clock runs or is paused, with their case's stored figures."""
        cr = self.env.cr
        cr.execute("""
            SELECT l.id, l.case_id,
                   (c.light, c.red_count, c.yellow_count, c.working_days_left,
                    c.has_running_items)::text, COALESCE(r.calendar_id, %s),
                   l.state, l.date_accepted, l.committed_days,
                   COALESCE(l.paused_days, 0) + COALESCE(l.procedure_days, 0), l.pause_start,
                   l.statutory_days, l.escalation_level,
                   l.deadline, l.working_days_used, l.working_days_left, l.light,
                   l.alerted_light
              FROM agency_case_line l
              JOIN agency_case c ON c.id = l.case_id
              JOIN agency_region r ON r.id = c.region_id
             WHERE l.state IN %s AND l.date_accepted IS NOT NULL AND c.active
        """, (self.env['resource.calendar'].agency_default_calendar().id, CLOCK_STATES))
        return cr.fetchall()

    @api.model
    def _clock_changes(self, rows):
        """From the rows of ``_clock_rows``: the lines' new clocks where they change
        [(id, deadline, used, left, light, alerted light, level)], the cases' new figures
        where they change [(id, light, red, yellow, left)] and the alerts due."""
        thresholds = self._thresholds()
        calendars = {}
        updates, alerts = [], []
        case_stats, old_case_stats = {}, {}
        for (line_id, case_id, case_old, calendar_id, state, accepted, committed, paused,
             pause_start, statutory, level, deadline, used, left, light, alerted) in rows:
            if calendar_id not in calendars:
                calendar = self.env['resource.calendar'].browse(calendar_id)
                calendars[calendar_id] = (calendar._agency_snapshot(),
                                          to_date(calendar.agency_today()))
            snapshot, today = calendars[calendar_id]
            clock = line_clock(snapshot, LineFacts(
                state=state, accepted=accepted, committed_days=committed, paused_days=paused,
                pause_start=pause_start, statutory_days=statutory, escalation_level=level),
                today, thresholds)
            # The light alerted follows the light, so that a new worsening alerts again.
            new = (clock.deadline, clock.working_days_used, clock.working_days_left,
                   clock.light, clock.light, clock.escalation_level)
            if new != (to_date(deadline), used, left, light, alerted or 'none', level or 0):
                updates.append((line_id,) + new)
            alerts.extend((kind, line_id) for kind in alerts_due(
                (alerted, level), (clock.light, clock.escalation_level)))
            # The case's light, count of red and yellow items and working days left (the
            # most urgent running item), as its _compute_line_stats counts them.
            old_case_stats[case_id] = case_old
            light, red, yellow, left = case_stats.get(case_id, ('none', 0, 0, None))
            case_stats[case_id] = (
                worst_light([light, clock.light]), red + (clock.light == 'red'),
                yellow + (clock.light == 'yellow'),
                clock.working_days_left if left is None else min(left, clock.working_days_left))
        changed_cases = [(case_id,) + stats for case_id, stats in case_stats.items()
                         if '(%s,%s,%s,%s,t)' % stats != old_case_stats[case_id]]
        return updates, changed_cases, alerts

    @api.model
    def _write_clocks(self, updates, changed_cases):
        """Write the lines' and the cases' new clocks, two statements."""
        cr = self.env.cr
        if updates:
            execute_values(cr, """
                UPDATE agency_case_line l
                   SET deadline = v.deadline, working_days_used = v.used,
                       working_days_left = v.days_left, light = v.light,
                       alerted_light = v.alerted, escalation_level = v.level,
                       write_date = (now() at time zone 'UTC')
                  FROM (VALUES %s) AS v(id, deadline, used, days_left, light, alerted, level)
                 WHERE l.id = v.id
            """, updates, template='(%s, %s::date, %s, %s, %s, %s, %s)', page_size=len(updates))
        if changed_cases:
            execute_values(cr, """
                UPDATE agency_case c
                   SET light = v.light, red_count = v.red, yellow_count = v.yellow,
                       working_days_left = v.days_left, has_running_items = TRUE
                  FROM (VALUES %s) AS v(id, light, red, yellow, days_left) WHERE c.id = v.id
            """, changed_cases, page_size=len(changed_cases))
        self.invalidate_cache()
        self.env['agency.case'].invalidate_cache(
            ['light', 'red_count', 'yellow_count', 'working_days_left', 'has_running_items'])
