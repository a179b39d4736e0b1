import base64
import time
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval
from odoo.tools import html_escape, plaintext2html

from .agency_case_line import CLOSED_LINE_STATES, LIGHTS
from .deadline_engine import worst_light
from .resource_calendar import service_today
from .agency_stage import COMPLETED_STEPS, FLOW_STEPS
from .code_checks import normalize_id_number, parse_id_number
from . import report_wording

CHANNELS = [
    ('window', 'Service Window'),
    ('online', 'Online Column'),
    ('app', 'Mengsuban App'),
    ('hotline', '12345 Hotline'),
]
GENDERS = [('male', 'Male'), ('female', 'Female')]
# The national 好差评 scale; Annex 7 prints the first, second and fourth levels.
RATINGS = [
    ('very_satisfied', 'Very Satisfied'),
    ('satisfied', 'Satisfied'),
    ('basic', 'Basically Satisfied'),
    ('unsatisfied', 'Unsatisfied'),
    ('very_unsatisfied', 'Very Unsatisfied'),
]
BAD_RATINGS = ('unsatisfied', 'very_unsatisfied')
RATING_CHANNELS = [
    ('paper', 'Paper Form'),
    ('online', 'Online'),
    ('app', 'Mengsuban App'),
    ('hotline', '12345 Hotline'),
    ('visit', 'Follow-up Visit'),
]
TERMINATION_REASONS = [
    ('project_ineligible', 'The project is not eligible for the service'),
    ('item_ineligible', 'The item does not meet the conditions for handling'),
    ('false_materials', 'The materials are false'),
    ('violation', 'Other violations of laws or regulations'),
    ('applicant_request', 'The applicant withdraws the commission'),
    ('other', 'Other reason'),
]
# Fields that the case's own actions set (closing, rating, sign-off, plan, step dates):
# no client writes them, whatever values and context it sends; the actions write them
# through ``_write_case``, which private methods alone can call.
CLOSING_FIELDS = ('date_done', 'date_terminated', 'termination_reason', 'termination_note',
                  'materials_returned')
RATING_FIELDS = ('rating', 'rating_date', 'rating_comment', 'rating_rater', 'rating_channel',
                 'followup_id')
SIGN_OFF_FIELDS = ('completion_confirmed_date', 'completion_confirmed_by')
PLAN_FIELDS = ('date_planned_end', 'plan_days', 'sequential_days', 'plan_days_saved')
STEP_DATE_FIELDS = ('date_verify', 'date_sign', 'date_plan', 'date_declare', 'date_feedback',
                    'date_archive', 'date_evaluate')
PROTECTED_FIELDS = frozenset(('name',) + CLOSING_FIELDS + RATING_FIELDS + SIGN_OFF_FIELDS +
                             PLAN_FIELDS + STEP_DATE_FIELDS)
# A case changes region only with its project, through a transfer (agency.transfer).
TRANSFERRED_FIELDS = frozenset(['region_id'])
# The steps of the Annex 2 flow in their order; a case goes through them one after
# another (``_check_stage_gate``), and may be terminated from any open step.
STEP_ORDER = [step for step, _label in FLOW_STEPS]
MAIN_STEPS = [step for step in STEP_ORDER if step != 'terminated']
# The steps the agent enters himself (form buttons, stage bar); the others are entered by
# the case's actions: 归档返还 and 办结 by the completion wizard, 回访评价 by the rating.
MANUAL_STEPS = ('verify', 'sign', 'plan', 'declare', 'feedback')
# The fields whose change may move the case on by itself (``_advance``).
ADVANCING_FIELDS = frozenset(['user_id', 'date_authorization', 'date_commitment'])


class AgencyCase(models.Model):
    """A commissioned agency service for one project (代办帮办 case), Annex 2 flow."""
    _name = 'agency.case'
    _description = 'Agency Case'
    _inherit = ['portal.mixin', 'agency.chatter', 'agency.name', 'mail.thread',
                'mail.activity.mixin']
    _order = 'is_key_project desc, id desc'

    # ------------------------------------------------------------------ defaults

    def _default_stage_id(self):
        return self.env['agency.stage'].search([('flow_step', '=', 'apply')], limit=1)

    def _default_region_id(self):
        return self.env.user.agency_region_id

    # ------------------------------------------------------------------ fields

    name = fields.Char(string='Case Number', required=True, readonly=True, copy=False,
                       default='/', index=True)
    project_id = fields.Many2one('agency.project', string='Project', required=True, index=True,
                                 ondelete='restrict', track_visibility='onchange')
    partner_id = fields.Many2one(related='project_id.partner_id', string='Project Enterprise',
                                 store=True, index=True, readonly=True)
    project_code = fields.Char(related='project_id.code', readonly=True)
    is_key_project = fields.Boolean(related='project_id.is_key_project', store=True, readonly=True)
    region_id = fields.Many2one('agency.region', string='Region', required=True, index=True,
                                ondelete='restrict', default=_default_region_id,
                                domain=[('in_user_scope', '=', True)],
                                track_visibility='onchange')
    channel = fields.Selection(CHANNELS, required=True, default='window', index=True,
                               track_visibility='onchange')
    item_ids = fields.Many2many(
        'agency.item', 'agency_case_item_rel', 'case_id', 'item_id', string='Requested Items',
        help='Items the applicant asks the service for; only items the region has published.')
    item_count = fields.Integer(compute='_compute_item_count')
    # The picker offers the active agents of the case's region and of the regions above
    # it (res.users.agency_assignable_region_id); _check_can_assign holds it on the server.
    user_id = fields.Many2one('res.users', string='Agent', index=True, track_visibility='onchange',
                              domain="[('agency_assignable_region_id', '=', region_id)]")
    stage_id = fields.Many2one('agency.stage', string='Stage', required=True, index=True,
                               ondelete='restrict', default=_default_stage_id,
                               group_expand='_read_group_stage_ids', track_visibility='onchange',
                               copy=False)
    stage_description = fields.Text(related='stage_id.description', readonly=True)
    flow_step = fields.Selection(related='stage_id.flow_step', store=True, index=True, readonly=True)
    is_closed = fields.Boolean(related='stage_id.is_closed', store=True, index=True, readonly=True)
    color = fields.Integer()
    active = fields.Boolean(default=True, track_visibility='onchange')
    description = fields.Text(string='Request')

    # Dates of the steps of the flow (the first time the case enters each step).
    date_applied = fields.Date(string='Application Date', required=True, index=True,
                               default=service_today, track_visibility='onchange')
    date_verify = fields.Date(string='Contacted On', copy=False, readonly=True)
    date_sign = fields.Date(string='Signing Step On', copy=False, readonly=True)
    date_plan = fields.Date(string='Planned On', copy=False, readonly=True)
    date_declare = fields.Date(string='Declaration Started On', copy=False, readonly=True)
    date_feedback = fields.Date(string='Results Reported On', copy=False, readonly=True)
    date_archive = fields.Date(string='Archived On', copy=False, readonly=True)
    date_evaluate = fields.Date(string='Follow-up On', copy=False, readonly=True)
    date_done = fields.Date(string='Completed On', copy=False, readonly=True, index=True)
    date_terminated = fields.Date(string='Terminated On', copy=False, readonly=True, index=True)
    date_closed = fields.Date(string='Closed On', compute='_compute_date_closed', store=True,
                              index=True)

    # Authorization letter (Annex 4) and commitment letter (Annex 5).
    legal_representative = fields.Char(
        string='Legal Representative', track_visibility='onchange',
        help='法定代表人 of the enterprise who signs the authorization letter.')
    proxy_name = fields.Char(string='Proxy', help='代办人: the agent acting for the enterprise.')
    proxy_gender = fields.Selection(GENDERS, string='Proxy Gender')
    proxy_id_number = fields.Char(string='Proxy ID Number', size=18,
                                  help='Resident identity card number of the proxy (GB 11643).')
    proxy_unit = fields.Char(string='Proxy Unit', help='受托单位: the service bureau.')
    proxy_title = fields.Char(string='Proxy Title')
    date_authorization = fields.Date(string='Authorization Signed On', copy=False,
                                     track_visibility='onchange')
    authorization_attachment_ids = fields.Many2many(
        'ir.attachment', 'agency_case_authorization_attachment_rel', 'case_id', 'attachment_id',
        string='Signed Authorization Letter', copy=False)
    date_commitment = fields.Date(string='Commitment Signed On', copy=False,
                                  track_visibility='onchange')
    commitment_attachment_ids = fields.Many2many(
        'ir.attachment', 'agency_case_commitment_attachment_rel', 'case_id', 'attachment_id',
        string='Signed Commitment Letter', copy=False)
    letters_signed = fields.Boolean(compute='_compute_letters_signed', store=True, index=True)

    # Service plan and declaration plan.
    service_plan = fields.Html(string='Service Plan', help='代办帮办方案.')
    date_plan_start = fields.Date(string='Plan Starts On', copy=False)
    line_ids = fields.One2many('agency.case.line', 'case_id', string='Declaration Plan', copy=False)
    line_count = fields.Integer(string='Items', compute='_compute_line_stats', store=True)
    line_closed_count = fields.Integer(string='Items Closed', compute='_compute_line_stats',
                                       store=True)
    light = fields.Selection(LIGHTS, string='Light', compute='_compute_line_stats', store=True,
                             index=True, help='The worst light of the open items.')
    open_line_count = fields.Integer(string='Items Open', compute='_compute_line_stats',
                                     store=True)
    red_count = fields.Integer(string='Items Overdue', compute='_compute_line_stats', store=True)
    yellow_count = fields.Integer(string='Items Due Soon', compute='_compute_line_stats',
                                  store=True)
    working_days_left = fields.Integer(
        string='Working Days Left', compute='_compute_line_stats', store=True,
        help='Working days left to the deadline of the most urgent item whose time limit '
             'runs (negative when overdue); refreshed with the lights every day.')
    has_running_items = fields.Boolean(compute='_compute_line_stats', store=True)
    is_overdue = fields.Boolean(string='Overdue Case', compute='_compute_due', search='_search_overdue',
                                help='An item is overdue, or the planned completion has passed.')
    is_due_this_week = fields.Boolean(string='Due This Week', compute='_compute_due',
                                      search='_search_due_this_week',
                                      help='The planned completion falls in this week.')
    date_planned_end = fields.Date(string='Planned Completion', copy=False, readonly=True,
                                   track_visibility='onchange')
    plan_days = fields.Integer(string='Planned Working Days', copy=False, readonly=True,
                               help='Working days from the start of the plan to its completion, '
                                    'items of a phase handled in parallel.')
    sequential_days = fields.Integer(string='Working Days One After Another', copy=False,
                                     readonly=True)
    plan_days_saved = fields.Integer(string='Working Days Saved by the Plan', copy=False,
                                     readonly=True,
                                     help='统筹压减: one after another minus the plan.')

    # Completion (Annex 6) and termination (Annex 8), set by their wizards.
    materials_returned = fields.Text(string='Materials Returned', copy=False,
                                     help='The materials handed back to the applicant.')
    termination_reason = fields.Selection(TERMINATION_REASONS, string='Termination Reason',
                                          copy=False, track_visibility='onchange')
    termination_note = fields.Text(string='Termination Details', copy=False)

    # Evaluation (Annex 7, 好差评), set by the evaluation wizard or online.
    rating = fields.Selection(RATINGS, string='Rating', copy=False, index=True,
                              track_visibility='onchange')
    rating_date = fields.Date(string='Rated On', copy=False, index=True)
    rating_comment = fields.Text(string='Opinions and Suggestions', copy=False)
    rating_rater = fields.Char(string='Rated By', copy=False)
    rating_channel = fields.Selection(RATING_CHANNELS, string='Rating Channel', copy=False)
    is_bad_rating = fields.Boolean(string='Bad Rating', compute='_compute_is_bad_rating',
                                   store=True, index=True,
                                   help='Unsatisfied or very unsatisfied (差评): followed up.')

    # ---- Online channel (issue 7): the applicant signs off the completion online.
    completion_confirmed_date = fields.Date(
        string='Completion Confirmed On', copy=False, readonly=True, track_visibility='onchange',
        help='The day the applicant signed off the completion (办结单, Annex 6) online.')
    completion_confirmed_by = fields.Many2one(
        'res.partner', string='Completion Confirmed By', copy=False, readonly=True,
        ondelete='restrict', help='The contact of the enterprise who signed off the completion.')
    # ---- end of the online channel fields
    # ---- Forms and evaluation (issue 5): the follow-up of a bad rating.
    followup_id = fields.Many2one('agency.rating.followup', string='Rating Follow-up',
                                  readonly=True, copy=False, index=True, ondelete='set null')
    followup_state = fields.Selection(related='followup_id.state', string='Follow-up State',
                                      store=True, readonly=True)
    # ---- end of the forms and evaluation fields

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'The case number must be unique.'),
    ]

    line_department_ids = fields.Many2many(
        'agency.department', string='Departments Handling', compute='_compute_line_departments',
        search='_search_line_departments',
        help='The departments that handle items of the case (one statement when searched).')

    def init(self):
        # The default order of the board and the list (the ORM orders a boolean as
        # COALESCE(column, false)), over the open cases (the actions' default filter) and
        # over all: a page is read from the index, not sorted.
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS agency_case_open_order_index
                ON agency_case ((COALESCE(is_key_project, false)) DESC, id DESC)
             WHERE (NOT is_closed OR is_closed IS NULL);
            CREATE INDEX IF NOT EXISTS agency_case_order_index
                ON agency_case ((COALESCE(is_key_project, false)) DESC, id DESC);
        """)

    # ------------------------------------------------------------------ computes

    @api.depends('line_ids.department_id')
    def _compute_line_departments(self):
        for case in self:
            case.line_department_ids = case.line_ids.mapped('department_id')

    def _search_line_departments(self, operator, value):
        """Cases with an item handled by one of the departments: one sub-select of the
        lines' own indexed column (the liaison agents' rule), not a list of ids."""
        if operator not in ('in', '='):
            raise UserError(_('Unsupported search on the departments handling a case.'))
        ids = [value] if isinstance(value, int) else list(value or [])
        if not ids:
            return [(0, '=', 1)]
        return [('id', 'inselect', (
            'SELECT case_id FROM agency_case_line WHERE department_id IN %s', (tuple(ids),)))]

    @api.depends('item_ids')
    def _compute_item_count(self):
        for case in self:
            case.item_count = len(case.item_ids)

    @api.depends('date_done', 'date_terminated')
    def _compute_date_closed(self):
        for case in self:
            case.date_closed = case.date_done or case.date_terminated

    @api.depends('rating')
    def _compute_is_bad_rating(self):
        for case in self:
            case.is_bad_rating = case.rating in BAD_RATINGS

    @api.depends('date_authorization', 'date_commitment')
    def _compute_letters_signed(self):
        for case in self:
            case.letters_signed = bool(case.date_authorization and case.date_commitment)

    @api.depends('line_ids.state', 'line_ids.is_open', 'line_ids.light',
                 'line_ids.working_days_left')
    def _compute_line_stats(self):
        for case in self:
            lines = case.line_ids
            case.line_count = len(lines)
            case.line_closed_count = len(lines.filtered(lambda l: l.state in CLOSED_LINE_STATES))
            case.light = worst_light(lines.mapped('light'))
            case.open_line_count = len(lines.filtered('is_open'))
            case.red_count = len(lines.filtered(lambda l: l.light == 'red'))
            case.yellow_count = len(lines.filtered(lambda l: l.light == 'yellow'))
            running = lines.filtered(lambda l: l.is_open and l.light != 'none')
            case.has_running_items = bool(running)
            case.working_days_left = min(running.mapped('working_days_left') or [0])

    @api.model
    def _week_of_today(self):
        """(today, Monday, Sunday) of the service's week, as date strings."""
        today = fields.Date.from_string(service_today(self))
        monday = today - timedelta(days=today.weekday())
        return tuple(fields.Date.to_string(day)
                     for day in (today, monday, monday + timedelta(days=6)))

    def _compute_due(self):
        today, monday, sunday = self._week_of_today()
        for case in self:
            end = case.date_planned_end
            case.is_overdue = not case.is_closed and (
                case.light == 'red' or bool(end and end < today))
            case.is_due_this_week = not case.is_closed and bool(end and monday <= end <= sunday)

    @api.model
    def _search_flag(self, domain, operator, value):
        """The domain of a searchable flag, or its negation, in the normal form that a
        field's search method must return."""
        domain = expression.normalize_domain(domain)
        return domain if (operator == '=') == bool(value) else ['!'] + domain

    def _search_overdue(self, operator, value):
        today = self._week_of_today()[0]
        domain = [('is_closed', '=', False), '|', ('light', '=', 'red'),
                  ('date_planned_end', '<', today)]
        return self._search_flag(domain, operator, value)

    def _search_due_this_week(self, operator, value):
        _today, monday, sunday = self._week_of_today()
        domain = [('is_closed', '=', False), ('date_planned_end', '>=', monday),
                  ('date_planned_end', '<=', sunday)]
        return self._search_flag(domain, operator, value)

    def _compute_portal_url(self):
        for case in self:
            case.portal_url = '/my/agency/cases/%s' % case.id

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        return stages.search([], order=order)

    # ------------------------------------------------------------------ constraints

    @api.constrains('item_ids', 'region_id', 'project_id', 'proxy_id_number', 'proxy_gender',
                    'date_applied', 'date_authorization', 'date_commitment')
    def _check_case(self):
        """Every problem of the case in one message, not one per save."""
        self._agency_check_all(['_check_items_published', '_check_project_region',
                                '_check_proxy_id_number', '_check_dates'])

    def _check_items_published(self):
        # Checked as superuser: a record the user may not create is refused by its
        # rules (AccessError), not by a failing read here.
        for case in self.sudo():
            missing = case.item_ids - case._published_items()
            if missing:
                raise ValidationError(
                    _('%s has not published these items; they cannot be requested: %s')
                    % (case.region_id.name, ', '.join(missing.mapped('name'))))

    def _check_project_region(self):
        for case in self.sudo():
            if case.project_id.region_id != case.region_id:
                raise ValidationError(
                    _('Case %s must belong to the region of its project (%s).')
                    % (case.name, case.project_id.region_id.name))

    def _check_proxy_id_number(self):
        for case in self.sudo().filtered('proxy_id_number'):
            self.env['res.users']._agency_check_id_number(case.proxy_id_number, case.proxy_gender)

    def _check_dates(self):
        for case in self.sudo():
            today = case._today()
            for field in ('date_authorization', 'date_commitment'):
                value = case[field]
                if value and (value < case.date_applied or value > today):
                    raise ValidationError(
                        _('%s (%s) must be between the application date and today.')
                        % (case._fields[field].get_description(self.env)['string'], value))

    # ------------------------------------------------------------------ onchanges

    @api.onchange('project_id')
    def _onchange_project_id(self):
        if self.project_id:
            self.region_id = self.project_id.region_id
            self.legal_representative = self.project_id.partner_id.agency_legal_representative

    @api.onchange('region_id')
    def _onchange_region_id(self):
        if self.region_id:
            if not self.user_id or self.user_id.agency_region_id != self.region_id:
                self.user_id = self._default_agent(self.region_id)
            self.item_ids = self.item_ids & self._published_items()

    @api.onchange('user_id')
    def _onchange_user_id(self):
        if self.user_id:
            self.proxy_name = self.user_id.name
            self.proxy_gender = self.user_id.agency_gender or self.proxy_gender
            self.proxy_id_number = self.user_id.agency_id_number or self.proxy_id_number
            self.proxy_title = self.user_id.agency_title or self.proxy_title
            self.proxy_unit = self.region_id.bureau_name

    @api.onchange('proxy_id_number')
    def _onchange_proxy_id_number(self):
        try:
            self.proxy_gender = parse_id_number(self.proxy_id_number)[1]
        except ValueError:
            pass

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if not self.pool._init:
            self._check_protected_fields(vals, creating=True)
        if vals.get('proxy_id_number'):
            vals['proxy_id_number'] = normalize_id_number(vals['proxy_id_number'])
        if vals.get('project_id'):
            self._check_project_in_reach(vals['project_id'])
        if vals.get('project_id') and not vals.get('region_id'):
            vals['region_id'] = self.env['agency.project'].browse(vals['project_id']).region_id.id
        if vals.get('name', '/') == '/':
            region = self.env['agency.region'].browse(vals.get('region_id'))
            vals['name'] = self._next_case_number(
                region, vals.get('date_applied') or region._get_calendar().agency_today())
        if vals.get('user_id'):
            self._check_can_assign(vals['user_id'],
                                   self.env['agency.region'].browse(vals.get('region_id')))
        case = super(AgencyCase, self.with_context(mail_create_nolog=True)).create(vals)
        if case.user_id:
            case.message_subscribe_users(case.user_id.ids)
        case._set_step_dates()
        if not self.pool._init:
            case._advance()
        return case

    @api.multi
    def write(self, vals):
        if not self.pool._init:
            self.check_access_rights('write')
            self._check_protected_fields(vals)
            if set(vals) & TRANSFERRED_FIELDS and \
                    self.filtered(lambda case: case.region_id.id != vals['region_id']):
                raise UserError(_('A case changes region only with its project, through a '
                                  'transfer to the bureau of the other region.'))
            if 'active' in vals and not vals['active']:
                self._check_can_archive()
        return self._write_case(vals)

    @api.multi
    def _write_case(self, vals):
        """Write the case once the caller may set these values: the public ``write`` for
        what a user writes, the case's actions for the fields they alone set. The gates
        of the flow decide on the values written and on the case's data."""
        if vals.get('proxy_id_number'):
            vals['proxy_id_number'] = normalize_id_number(vals['proxy_id_number'])
        if 'stage_id' in vals:
            self._check_stage_gate(self.env['agency.stage'].browse(vals['stage_id']), vals)
        if 'user_id' in vals:
            for case in self.filtered(lambda c: c.user_id.id != (vals['user_id'] or False)):
                case._check_can_assign(vals['user_id'])
        if vals.get('project_id'):
            self._check_project_in_reach(vals['project_id'])
        old_items = {case.id: case.item_ids for case in self} if 'item_ids' in vals else {}
        res = super(AgencyCase, self).write(vals)
        # Odoo checks the rules before a write only: check them after it too.
        self.check_access_rule('write')
        if 'stage_id' in vals:
            self._set_step_dates()
        if vals.get('user_id'):
            self.message_subscribe_users([vals['user_id']])
            self._close_assignment_activities()
        for case in self.filtered(lambda c: c.id in old_items and c.item_ids != old_items[c.id]):
            case._post_item_change(old_items[case.id])
        if set(vals) & ADVANCING_FIELDS and not self.pool._init:
            self._advance()
        return res

    @api.multi
    def unlink(self):
        signed = self.filtered(lambda case: case.date_authorization or case.date_commitment)
        if signed:
            raise UserError(
                _('Case %s has signed letters: it cannot be deleted, archive it instead.')
                % ', '.join(signed.mapped('name')))
        return super(AgencyCase, self).unlink()

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_generate_plan(self):
        """Create a line per requested item and schedule them (declaration plan)."""
        for case in self:
            case._check_can_plan()
            case._sync_lines()
            case._schedule_lines()
            case._advance()
        return True

    @api.multi
    def action_next_step(self):
        """The agent's step forward (the buttons of the form): to the next step of the flow,
        through its gate, like a click on the stage bar."""
        for case in self:
            step = case._next_step()
            if step not in MANUAL_STEPS:
                raise UserError(_('Case %s: the next step (%s) is entered through its own '
                                  'action, not by this button.')
                                % (case.name, case._step_label(step)))
            case.write({'stage_id': case._stage_of(step).id})
        return True

    @api.multi
    def action_take(self):
        """An agent takes an unassigned case of his region."""
        for case in self:
            if case.user_id:
                raise UserError(_('Case %s already has an agent.') % case.name)
        self.write({'user_id': self.env.uid})
        return True

    @api.multi
    def action_transfer(self):
        """Ask to hand the case, with its project, to the bureau of another region."""
        self.ensure_one()
        return self.project_id.action_transfer()

    @api.multi
    def action_view_lines(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case_line').read()[0]
        action['domain'] = [('case_id', '=', self.id)]
        action['context'] = {}
        return action

    # ------------------------------------------------------------------ business

    @api.multi
    def _close_assignment_activities(self):
        """The managers' to-do "assign an agent" is done once the case has one."""
        activities = self.env['mail.activity'].sudo().search([
            ('res_model', '=', self._name), ('res_id', 'in', self.ids),
            ('activity_type_id', '=',
             self.env.ref('investment_agency.activity_type_new_application').id)])
        for case in self:
            done = activities.filtered(lambda activity: activity.res_id == case.id)
            if done:
                done.action_feedback(feedback=_('Assigned to %s.') % case.user_id.name)

    @api.multi
    def _transfer_to(self, region):
        """Move the case to ``region`` with its project (see agency.transfer): the items
        not declared yet are planned with the receiving region's department and limit;
        those under way stay with the department that handles them."""
        self.ensure_one()
        self._write_case({'region_id': region.id})
        Publication = self.env['agency.item.publication'].sudo()
        for line in self.line_ids.filtered(lambda line: line.state == 'todo'):
            publication = Publication.search([('region_id', '=', region.id),
                                              ('item_id', '=', line.item_id.id),
                                              ('state', '=', 'published')], limit=1)
            department = publication.department_id or \
                Publication._find_department(region, line.item_id)
            if publication and department:
                line._write_system({'department_id': department.id,
                                    'publication_id': publication.id,
                                    'committed_days': publication.committed_days})

    @api.multi
    def _today(self):
        """The service day of the case's region."""
        self.ensure_one()
        return self.region_id._get_calendar().agency_today()

    @api.multi
    def _published_items(self):
        """The items the case's region offers now."""
        self.ensure_one()
        if not self.region_id:
            return self.env['agency.item']
        return self.env['agency.item.publication'].sudo().search([
            ('region_id', '=', self.region_id.id), ('state', '=', 'published'),
        ]).mapped('item_id').with_env(self.env)

    @api.model
    def _next_case_number(self, region, date=None):
        """Case number from a sequence per region, restarting each year: BNB-150100-2026-00001."""
        sequence = region._case_sequence()
        return sequence.with_context(ir_sequence_date=date).next_by_id()

    @api.model
    def _default_agent(self, region):
        """Who a new case of ``region`` goes to: a manager is offered the least loaded
        agent of the region; an agent who opens a case takes it himself."""
        user = self.env.user
        if user.has_group('investment_agency.group_manager'):
            return self._least_loaded_agent(region)
        return user if user.has_group('investment_agency.group_agent') else user.browse()

    @api.model
    def _least_loaded_agent(self, region):
        """The agent of the region with the fewest open cases (managers are not offered)."""
        agents = self.env['res.users'].search([
            ('agency_region_id', '=', region.id),
            ('groups_id', 'in', self.env.ref('investment_agency.group_agent').id),
            ('groups_id', 'not in', self.env.ref('investment_agency.group_manager').id),
            ('share', '=', False),
        ])
        if not agents:
            return agents
        groups = self.sudo().read_group(
            [('user_id', 'in', agents.ids), ('is_closed', '=', False)], ['user_id'], ['user_id'])
        load = {group['user_id'][0]: group['user_id_count'] for group in groups}
        return min(agents, key=lambda user: (load.get(user.id, 0), user.id))

    @api.model
    def _check_project_in_reach(self, project_id):
        """A case is opened on a project the user may work on (his region and the regions
        below it): not on another region's project, which he could then read."""
        project = self.env['agency.project'].browse(project_id)
        try:
            project.check_access_rights('write')
            project.check_access_rule('write')
        except AccessError:
            raise AccessError(_('This project is registered in a region you do not work in: '
                                'a case cannot be opened on it here.'))

    @api.multi
    def _check_can_assign(self, user_id, region=None):
        """Managers assign and unassign; an agent takes an unassigned case. The agent is an
        active agent whose region is the case's or one above it (he works there).
        Checked here: a record rule cannot tell a change of agent from another write."""
        agent = self.env['res.users'].sudo().browse(user_id)
        for case_region in (region or self.mapped('region_id')) if agent else ():
            if not (agent.active and not agent._is_superuser() and
                    agent.has_group('investment_agency.group_agent') and
                    not agent.share and agent.agency_region_id and
                    case_region._is_within(agent.agency_region_id)):
                raise UserError(_('%s is not an agent working in %s: the case cannot be '
                                  'assigned to him.') % (agent.name, case_region.name))
        if self.env.user._is_superuser() or \
                self.env.user.has_group('investment_agency.group_manager'):
            return
        if user_id == self.env.uid and all(not case.user_id for case in self):
            return  # an agent takes an unassigned case
        raise AccessError(_('Only a manager can assign a case to an agent.'))

    @api.model
    def _check_protected_fields(self, vals, creating=False):
        """Refuse the values only the case's actions set; a new case starts at the first
        step of the flow."""
        protected = set(vals) & PROTECTED_FIELDS
        if creating:
            if vals.get('name', '/') == '/':
                protected.discard('name')  # the case number comes from the sequence
            stage = self.env['agency.stage'].browse(vals.get('stage_id'))
            if stage and stage != self._default_stage_id():
                raise UserError(_('A new case starts at the step %s.')
                                % self._default_stage_id().name)
        if protected:
            labels = sorted(self._fields[name].get_description(self.env)['string']
                            for name in protected)
            raise UserError(_('These values are set by the actions of the case (the wizards '
                              'and buttons), not written directly: %s.') % ', '.join(labels))

    @api.multi
    def _check_stage_gate(self, stage, vals):
        """May the cases move to ``stage`` with the values ``vals`` written with it? The one
        place of the flow's rules, whoever writes (stage bar, kanban, buttons, actions, RPC):
        a case goes forward one step at a time, each step entered through its gate
        (``_check_enter_<step>``); it never goes back; it is terminated from any open step
        through the termination wizard; a closed case moves only from 办结 to 回访评价."""
        for case in self:
            if case.stage_id == stage:
                continue
            step = stage.flow_step
            if case.is_closed and not (case.flow_step == 'done' and step == 'evaluate'):
                raise UserError(_('Case %s is closed: its stage cannot change.') % case.name)
            # What the step needs first (its reason is the clearer one), then its place.
            getattr(case, '_check_enter_%s' % step)(vals)
            if step != 'terminated' and step != case.flow_step:
                if STEP_ORDER.index(step) < STEP_ORDER.index(case.flow_step):
                    raise UserError(
                        _('Case %s is at the step %s: a case does not go back to the step %s.')
                        % (case.name, case.stage_id.name, stage.name))
                following = case._next_step()
                if step != following:
                    raise UserError(
                        _('Case %s is at the step %s: it goes on to the step %s first, one '
                          'step at a time.')
                        % (case.name, case.stage_id.name, case._step_label(following)))

    def _vals_or_case(self, vals, name):
        return vals[name] if name in vals else self[name]

    @api.multi
    def _check_enter_apply(self, vals):
        raise UserError(_('Case %s: a case starts at the application step; it does not '
                          'return to it.') % self.name)

    @api.multi
    def _check_enter_verify(self, vals):
        if not self._vals_or_case(vals, 'user_id'):
            raise UserError(_('Case %s has no agent yet: assign an agent, who then contacts '
                              'the applicant.') % self.name)

    @api.multi
    def _check_enter_sign(self, vals):
        if not (self._vals_or_case(vals, 'date_authorization') and
                self._vals_or_case(vals, 'date_commitment')):
            raise UserError(
                _('Case %s: both the authorization letter and the commitment letter must '
                  'be signed first (dates on the Letters tab).') % self.name)

    @api.multi
    def _check_enter_plan(self, vals):
        self._check_enter_sign(vals)
        if not self.line_ids:
            raise UserError(_('Case %s has no declaration plan yet: generate it first.')
                            % self.name)

    @api.multi
    def _check_enter_declare(self, vals):
        self._check_enter_plan(vals)

    @api.multi
    def _check_enter_feedback(self, vals):
        self._check_enter_plan(vals)
        open_lines = self.line_ids.filtered('is_open')
        if open_lines:
            raise UserError(
                _('Case %s: the results are reported once every item is closed; still open: '
                  '%s') % (self.name, ', '.join(open_lines.mapped('item_id.name'))))

    @api.multi
    def _check_enter_archive(self, vals):
        self._check_enter_feedback(vals)
        if not (vals.get('materials_returned') or '').strip():
            raise UserError(_('Case %s: the materials are archived and returned through the '
                              'completion wizard, which lists them.') % self.name)

    @api.multi
    def _check_enter_done(self, vals):
        if not all(vals.get(name) for name in ('date_done', 'materials_returned')):
            raise UserError(_('A case is completed only through the completion wizard.'))
        self._check_can_complete()

    @api.multi
    def _check_enter_evaluate(self, vals):
        if not self._vals_or_case(vals, 'rating'):
            raise UserError(_('Case %s enters the follow-up and evaluation with the '
                              "applicant's rating (the Evaluate button).") % self.name)

    @api.multi
    def _check_enter_terminated(self, vals):
        if not all(vals.get(name) for name in ('termination_reason', 'date_terminated',
                                               'materials_returned')):
            raise UserError(_('A case is terminated only through the termination '
                              'wizard, with a reason.'))
        if self.line_ids.filtered('is_open'):
            raise UserError(_('Case %s: withdraw its open items before terminating it.')
                            % self.name)

    @api.multi
    def _check_can_archive(self):
        """A case with open items stays on the board: close or withdraw them first."""
        for case in self:
            open_lines = case.line_ids.filtered('is_open')
            if open_lines:
                raise UserError(
                    _('Case %s cannot be archived while these items are open: %s. Complete '
                      'or terminate the case first.')
                    % (case.name, ', '.join(open_lines.mapped('item_id.name'))))

    @api.multi
    def _check_can_complete(self):
        for case in self:
            open_lines = case.line_ids.filtered(lambda line: line.state not in CLOSED_LINE_STATES)
            if open_lines:
                raise UserError(
                    _('Case %s cannot be completed while these items are open: %s')
                    % (case.name, ', '.join(open_lines.mapped('item_id.name'))))

    @api.multi
    def _check_can_plan(self):
        self.ensure_one()
        if self.is_closed:
            raise UserError(_('Case %s is closed.') % self.name)
        if not self.letters_signed:
            raise UserError(
                _('Case %s: both the authorization letter and the commitment letter must be '
                  'signed before the plan is made.') % self.name)
        if not self.item_ids:
            raise UserError(_('Case %s requests no item.') % self.name)

    @api.multi
    def _next_step(self):
        """The step that follows the case's step in the flow (False after the last)."""
        self.ensure_one()
        if self.flow_step not in MAIN_STEPS:
            return False
        index = MAIN_STEPS.index(self.flow_step) + 1
        return MAIN_STEPS[index] if index < len(MAIN_STEPS) else False

    @api.model
    def _stage_of(self, step):
        stage = self.env['agency.stage'].search([('flow_step', '=', step)], limit=1)
        if not stage:
            raise UserError(_('No case stage stands for the step %s.') % self._step_label(step))
        return stage

    @api.model
    def _step_label(self, step):
        stage = self.env['agency.stage'].search([('flow_step', '=', step)], limit=1)
        return stage.name or dict(self.env['agency.stage']._fields['flow_step']._description_selection(
            self.env)).get(step, step or '')

    @api.multi
    def _automatic_step(self):
        """The step the case's data has reached by itself: an agent assigned (接洽核实),
        both letters signed (签订委托), the plan made (制定方案), an item declared
        (申报办理), every item closed (结果反馈)."""
        self.ensure_one()
        if not self.user_id:
            return 'apply'
        if not self.letters_signed:
            return 'verify'
        if not self.line_ids:
            return 'sign'
        if all(line.state == 'todo' for line in self.line_ids):
            return 'plan'
        if self.line_ids.filtered('is_open'):
            return 'declare'
        return 'feedback'

    @api.multi
    def _advance(self):
        """Move each open case on, step by step, to the step its data has reached; every
        step passed is entered through its gate and dated."""
        for case in self.filtered(lambda case: not case.is_closed):
            target = STEP_ORDER.index(case._automatic_step())
            while case.flow_step in MAIN_STEPS and STEP_ORDER.index(case.flow_step) < target:
                case._enter_step(case._next_step())

    @api.multi
    def _enter_step(self, step, vals=None):
        """Move the case to the next step, ``step``, with ``vals`` (the action's values)."""
        self.ensure_one()
        self._write_case(dict(vals or {}, stage_id=self._stage_of(step).id))

    @api.multi
    def _set_step_dates(self):
        """The date each case entered its step, the first time it does."""
        for case in self:
            field = 'date_%s' % case.flow_step
            if field in STEP_DATE_FIELDS and not case[field]:
                case._write_case({field: case._today()})

    @api.multi
    def _post_item_change(self, old_items):
        self.ensure_one()
        added, removed = self.item_ids - old_items, old_items - self.item_ids
        parts = []
        if added:
            parts.append(_('Items requested: %s') % ', '.join(added.mapped('name')))
        if removed:
            parts.append(_('Items no longer requested: %s') % ', '.join(removed.mapped('name')))
        self.message_post(body='<br/>'.join(html_escape(part) for part in parts),
                          subtype='mail.mt_note')

    @api.multi
    def _sync_lines(self):
        """One line per requested item; drop lines of items no longer requested if not started."""
        self.ensure_one()
        Line = self.env['agency.case.line']
        publications = self.env['agency.item.publication'].search([
            ('region_id', '=', self.region_id.id), ('item_id', 'in', self.item_ids.ids),
            ('state', '=', 'published')])
        by_item = {pub.item_id: pub for pub in publications}
        existing = self.line_ids.mapped('item_id')
        for item in self.item_ids - existing:
            publication = by_item[item]
            department = publication.department_id or publication._find_department(
                self.region_id, item)
            if not department:
                raise UserError(
                    _('%s has no department to handle "%s": add it in the catalog first.')
                    % (self.region_id.name, item.name))
            Line.create({
                'case_id': self.id,
                'item_id': item.id,
                'department_id': department.id,
            })
        dropped = self.line_ids.filtered(lambda line: line.item_id not in self.item_ids)
        started = dropped.filtered(lambda line: line.state != 'todo')
        if started:
            raise UserError(
                _('These items are already declared and stay in the plan (withdraw them '
                  'instead): %s') % ', '.join(started.mapped('item_id.name')))
        dropped.unlink()

    @api.multi
    def _schedule_lines(self, start=None):
        """Plan each line's dates: items of a phase run in parallel, unless the item is not
        parallel or must follow another item; a phase starts when the earlier ones end."""
        self.ensure_one()
        calendar = self.region_id._get_calendar()
        start = fields.Date.from_string(start or self.date_plan_start or calendar.agency_today())
        lines = self.line_ids.sorted(lambda l: (l.phase_id.sequence, l.item_id.number))
        end_of = {}  # item -> planned end date
        phase_start = start
        order = 0
        for phase in lines.mapped('phase_id').sorted('sequence'):
            phase_lines = lines.filtered(lambda l: l.phase_id == phase)
            phase_end = phase_start
            pending = list(phase_lines)
            serial_end = None
            while pending:
                ready = [line for line in pending
                         if all(pred in end_of or pred not in phase_lines.mapped('item_id')
                                for pred in line.item_id.predecessor_ids)]
                if not ready:  # the catalog forbids cycles; never loop forever
                    ready = pending[:1]
                # Parallel items first, then the items that must run alone.
                ready.sort(key=lambda l: (not l.item_id.parallel, l.item_id.number))
                for line in ready:
                    line_start = phase_start
                    for pred in line.item_id.predecessor_ids:
                        if pred in end_of:
                            line_start = max(line_start, end_of[pred])
                    if not line.item_id.parallel:
                        line_start = max(line_start, serial_end or phase_end)
                    line_end = calendar.agency_add_working_days(line_start, line.committed_days)
                    if not line.item_id.parallel:
                        serial_end = line_end
                    end_of[line.item_id] = line_end
                    phase_end = max(phase_end, line_end)
                    order += 1
                    line.write({
                        'sequence': order,
                        'planned_start': fields.Date.to_string(line_start),
                        'planned_end': fields.Date.to_string(line_end),
                    })
                    pending.remove(line)
            phase_start = phase_end
        planned_end = max(end_of.values()) if end_of else start
        self._write_plan_figures(start, planned_end)

    @api.multi
    def _write_plan_figures(self, start=None, planned_end=None):
        """The plan's figures from its start and end (by default, those of its lines'
        planned dates): planned completion, working days planned, the working days the
        items would take one after another and those saved by parallel handling."""
        for case in self:
            calendar = case.region_id._get_calendar()
            starts = [day for day in case.line_ids.mapped('planned_start') if day]
            ends = [day for day in case.line_ids.mapped('planned_end') if day]
            first = start or (min(starts) if starts else case._today())
            last = planned_end or (max(ends) if ends else first)
            plan_days = calendar.agency_working_days_between(first, last)
            sequential = sum(case.line_ids.mapped('committed_days'))
            case._write_case({
                'date_plan_start': fields.Date.to_string(report_wording.to_date(first)),
                'date_planned_end': fields.Date.to_string(report_wording.to_date(last)),
                'plan_days': plan_days,
                'sequential_days': sequential,
                'plan_days_saved': sequential - plan_days,
            })

    # ------------------------------------------------------------------ online channel
    # Issue 7: what the applicant does on the portal once the work is done.

    @api.multi
    def _can_confirm_completion(self):
        """The applicant signs off the completion (办结单) once every item is closed and the
        results are reported: from the archiving step (资料移交, which the form states) to
        the completion. The agent's completion and the rating may come before or after."""
        self.ensure_one()
        return (self.flow_step in ('archive', 'evaluate', 'done')
                and not self.completion_confirmed_date
                and bool(self.line_ids) and all(not line.is_open for line in self.line_ids))

    @api.multi
    def _confirm_completion(self, partner, date=False):
        """Record the applicant's sign-off of the completion (Annex 6), once."""
        self.ensure_one()
        if self.completion_confirmed_date:
            raise UserError(_('Case %s: the completion is confirmed already.') % self.name)
        if self.flow_step not in ('archive', 'evaluate', 'done'):
            raise UserError(_('Case %s: the completion is confirmed once the materials are '
                              'handed back.') % self.name)
        self._check_can_complete()
        if not self.line_ids:
            raise UserError(_('Case %s has no declaration plan yet.') % self.name)
        date = date or self._today()
        self._write_case({'completion_confirmed_date': date,
                          'completion_confirmed_by': partner.id})
        self.message_post(body=plaintext2html(
            _('%s confirmed the completion of the service online.') % partner.name),
            subtype='mail.mt_note')
        return True

    @api.multi
    def _can_rate(self):
        self.ensure_one()
        return self.flow_step in COMPLETED_STEPS and not self.rating

    # ------------------------------------------------------------------ forms and closing
    # Issue 5: the printed forms (Annexes 2-8, one-time notification), completion,
    # termination and evaluation. The wizards and the portal call these methods.

    @api.model
    def _format_cn_date(self, value):
        """A date as the forms print it (2026年11月27日); blanks to fill by hand if empty."""
        return report_wording.format_cn_date(value)

    @api.multi
    def _form_items(self):
        """The catalog items in the order of Annex 1, those the case requests ticked:
        [(item, '☑' or '☐', wide)], ``wide`` when the name takes a whole line on Annex 3."""
        self.ensure_one()
        items = (self.env['agency.item'].search([]) | self.item_ids).sorted(
            lambda item: (item.number, item.id))
        return [(item, report_wording.checkbox(item in self.item_ids), len(item.name) > 18)
                for item in items]

    @api.multi
    def _form_data(self):
        """The values the forms print for the case, in the forms' Chinese wording."""
        self.ensure_one()
        wording = report_wording
        project = self.project_id
        reason = wording.TERMINATION_REASON_TEXT.get(self.termination_reason, '')
        note = (self.termination_note or '').strip()
        if note:
            reason = note if self.termination_reason == 'other' else '%s(%s)' % (reason, note)
        box = wording.RATING_BOX_OF.get(self.rating)
        service_end = self.date_done or self.date_evaluate or self.date_archive
        return {
            'bureau': self.region_id.bureau_name or '',
            'proxy_unit': self.proxy_unit or self.region_id.bureau_name or '',
            'proxy_gender': wording.GENDER_TEXT.get(self.proxy_gender, ''),
            'funding_source': wording.FUNDING_SOURCE_TEXT.get(project.funding_source, ''),
            'land_nature': wording.LAND_NATURE_TEXT.get(project.land_nature, ''),
            'total_investment': wording.format_amount(project.total_investment),
            'key_yes': wording.checkbox(project.is_key_project),
            'key_no': wording.checkbox(not project.is_key_project),
            'phone': project.partner_phone or project.contact_phone or '',
            'item_count': len(self.item_ids),
            'termination_reason': reason,
            'rating_boxes': [(label, wording.checkbox(key == box))
                             for key, label in wording.RATING_BOXES],
            'rating_level': wording.RATING_TEXT.get(self.rating, ''),
            'rating_on_form': self.rating in dict(wording.RATING_BOXES),
            'rating_channel': wording.RATING_CHANNEL_TEXT.get(self.rating_channel, ''),
            'date_applied': wording.format_cn_date(self.date_applied),
            'date_authorization': wording.format_cn_date(self.date_authorization),
            'date_commitment': wording.format_cn_date(self.date_commitment),
            'date_done': wording.format_cn_date(self.date_done),
            'date_terminated': wording.format_cn_date(self.date_terminated),
            'date_service_end': wording.format_cn_date(service_end),
            'rating_date': wording.format_cn_date(self.rating_date),
        }

    @api.multi
    def _flow_chart(self):
        """The steps of the Annex 2 flow from the configured stages, for the flow chart:
        (main steps, termination steps), each a list of dicts (stage, date, state) where
        state is 'done', 'current' or 'todo'."""
        self.ensure_one()
        stages = self.env['agency.stage'].search([])
        current = self.stage_id
        main = stages.filtered(lambda stage: stage.flow_step != 'terminated')
        position = {stage: index for index, stage in enumerate(main)}
        terminated = current.flow_step == 'terminated'
        reached = position.get(current, -1)

        def step(stage):
            date = self._step_date(stage.flow_step)
            if stage == current:
                state = 'current'
            elif stage in position and (position[stage] < reached or (terminated and date)):
                state = 'done'
            else:
                state = 'todo'
            return {'stage': stage, 'state': state,
                    'date': report_wording.format_cn_date(date, blank='') if date else ''}

        return ([step(stage) for stage in main],
                [step(stage) for stage in stages - main])

    @api.multi
    def _step_date(self, step):
        """The date the case entered ``step`` (False if it has not)."""
        self.ensure_one()
        field = {'apply': 'date_applied'}.get(step, 'date_%s' % step)
        return self[field] if field in self._fields else False

    @api.multi
    def _notification_lines(self):
        """What the one-time notification lists for each requested item, in the order of the
        project phases: [{'item', 'department', 'days', 'type', 'materials'}], the department
        and committed limit of the plan's line, else of the region's published list."""
        self.ensure_one()
        lines = {line.item_id: line for line in self.line_ids}
        publications = {pub.item_id: pub for pub in self.env['agency.item.publication'].search([
            ('region_id', '=', self.region_id.id), ('item_id', 'in', self.item_ids.ids)])}
        result = []
        for item in self.item_ids.sorted(lambda item: (item.phase_id.sequence, item.number)):
            line, publication = lines.get(item), publications.get(item)
            source = line or publication
            department = source.department_id if source else self.env['agency.department']
            result.append({
                'item': item,
                'department': department.name or item.department_type_id.name,
                'days': source.committed_days if source else item.committed_days,
                'type': report_wording.ITEM_TYPE_TEXT.get(item.item_type, ''),
                'materials': item.material_ids,
            })
        return result

    @api.multi
    def _check_closing_date(self, date):
        """A completion, termination or rating date (today when empty): not before the
        application, not in the future. Returns it as a date string."""
        self.ensure_one()
        today = self._today()
        date = fields.Date.to_string(report_wording.to_date(date)) if date else today
        if date > today:
            raise UserError(_('Case %s: the date %s is in the future.') % (self.name, date))
        if date < self.date_applied:
            raise UserError(_('Case %s: the date %s is before the application date %s.')
                            % (self.name, date, self.date_applied))
        return date

    @api.multi
    def _complete(self, date=False, materials=False):
        """Complete the case (办结): every item closed, materials handed back; moves it to
        the completion stage and attaches the completion form (Annex 6)."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(_('Case %s is closed already.') % self.name)
        materials = (materials or '').strip()
        if not materials:
            raise UserError(_('Case %s: list the materials handed back to the applicant.')
                            % self.name)
        if not self.line_ids:
            raise UserError(_('Case %s has no declaration plan yet.') % self.name)
        self._check_can_complete()
        date = self._check_closing_date(date)
        last_result = max([d for d in self.line_ids.mapped('result_date') if d] or [date])
        if date < last_result:
            raise UserError(_('Case %s cannot be completed on %s, before the result of its last '
                              'item (%s).') % (self.name, date, last_result))
        # The case passes 结果反馈 (if its data has not moved it there yet), 归档返还 with
        # the materials handed back, then 办结; the gates check that every item is closed.
        self._advance()
        if self.flow_step != 'archive':
            self._enter_step('archive', {
                'materials_returned': materials,
                'date_archive': self.date_archive or date,
            })
        self._enter_step('done', {'date_done': date, 'materials_returned': materials})
        if self.rating:  # rated before the completion (cases of the former flow)
            self._enter_step('evaluate', {'date_evaluate': self.date_evaluate or date})
        return self._attach_form('investment_agency.report_case_completion')

    @api.multi
    def _terminate(self, reason, note=False, date=False, materials=False):
        """Terminate the case (终止) for one of the conditions of the plan: withdraws the open
        items, moves it to the termination stage and attaches the termination form (Annex 8)."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(_('Case %s is closed: it cannot be terminated.') % self.name)
        if reason not in dict(self._fields['termination_reason'].selection):
            raise UserError(_('Case %s: choose the reason of the termination.') % self.name)
        note = (note or '').strip()
        if reason == 'other' and not note:
            raise UserError(_('Case %s: describe the reason of the termination.') % self.name)
        materials = (materials or '').strip()
        if not materials:
            raise UserError(_('Case %s: list the materials handed back to the applicant.')
                            % self.name)
        date = self._check_closing_date(date)
        stage = self.env['agency.stage'].search([('flow_step', '=', 'terminated')], limit=1)
        if not stage:
            raise UserError(_('No case stage stands for the termination step.'))
        open_lines = self.line_ids.filtered('is_open')
        if open_lines:
            open_lines.write({'state': 'withdrawn'})
        self._write_case({
            'stage_id': stage.id,
            'date_terminated': date,
            'termination_reason': reason,
            'termination_note': note or False,
            'materials_returned': materials,
        })
        return self._attach_form('investment_agency.report_case_termination')

    @api.multi
    def _record_evaluation(self, rating, comment=False, rater=False, channel='online',
                           date=False):
        """Record the applicant's rating of the service (Annex 7, national 好差评 scale), once.

        Allowed once the case is completed (办结); moves it to the follow-up and evaluation
        step (回访评价). Attaches the evaluation form. A bad rating (不满意, 非常不满意)
        opens a follow-up for the region's manager; returns it, or an empty recordset.
        """
        self.ensure_one()
        if self.flow_step not in COMPLETED_STEPS:
            raise UserError(_('Case %s is rated once it is completed.') % self.name)
        if self.rating:
            raise UserError(_('Case %s is rated already: a rating cannot be changed.')
                            % self.name)
        if rating not in dict(RATINGS):
            raise UserError(_('Case %s: choose a rating.') % self.name)
        if channel not in dict(RATING_CHANNELS):
            raise UserError(_('Case %s: choose the channel of the rating.') % self.name)
        date = self._check_closing_date(date)
        self._write_case({
            'rating': rating,
            'rating_date': date,
            'rating_comment': (comment or '').strip() or False,
            'rating_rater': (rater or '').strip() or self.project_id.contact_name,
            'rating_channel': channel,
        })
        if self.flow_step == 'done':
            self._enter_step('evaluate', {'date_evaluate': self.date_evaluate or date})
        followup = self.env['agency.rating.followup']
        if rating in BAD_RATINGS:
            followup = followup._create_for_case(self)
        self._attach_form('investment_agency.report_case_evaluation')
        return followup

    @api.multi
    def _attach_form(self, report_xmlid):
        """Print a form of the case, attach the PDF to it and say so in the chatter."""
        self.ensure_one()
        report = self.env.ref(report_xmlid)
        pdf, _format = report.render_qweb_pdf(self.ids)
        name = '%s.pdf' % safe_eval(report.print_report_name, {'object': self, 'time': time})
        attachment = self.env['ir.attachment'].create({
            'name': name,
            'datas_fname': name,
            'datas': base64.b64encode(pdf),
            'res_model': self._name,
            'res_id': self.id,
            'mimetype': 'application/pdf',
        })
        self.message_post(body=plaintext2html(_('%s printed and attached.') % report.name),
                          attachment_ids=attachment.ids, subtype='mail.mt_note')
        return attachment
