"""The agency case (代办帮办 case): one commissioned service for one project, from the
application to its closing. This file holds the case itself (its project, region, items,
agent and stage, its writes and its checks); the concerns of the case live beside it,
each an abstract model of its own file that ``agency.case`` inherits:

- ``agency.case.letters``: the authorization and commitment letters (Annexes 4, 5);
- ``agency.case.assignment``: who works the case (agent, transfer to another region);
- ``agency.case.verification``: what the agent verified and decided (接洽核实);
- ``agency.case.flow``: the steps of the Annex 2 flow and the gate of each step;
- ``agency.case.planning``: the declaration plan and its figures;
- ``agency.case.closing``: completion, termination, sign-off and rating (Annexes 6-8).

The printed forms take their values from report parsers (``report_case_forms.py``).
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .agency_case_closing import CLOSING_FIELDS, RATING_FIELDS, SIGN_OFF_FIELDS
from .agency_case_flow import STEP_DATE_FIELDS
from .agency_case_line import CLOSED_LINE_STATES, LIGHTS
from .agency_case_planning import PLAN_FIELDS
from .agency_case_verification import VERIFICATION_FIELDS
from .code_checks import normalize_id_number
from .deadline_engine import worst_light
from .resource_calendar import service_today

CHANNELS = [
    ('window', 'Service Window'),
    ('online', 'Online Column'),
    ('app', 'Mengsuban App'),
    ('hotline', '12345 Hotline'),
]
# Fields that the case's own actions set (closing, rating, sign-off, plan, step dates):
# no client writes them, whatever values and context it sends; the actions write them
# through ``_write_case``, which private methods alone can call.
PROTECTED_FIELDS = frozenset(('name',) + CLOSING_FIELDS + RATING_FIELDS + SIGN_OFF_FIELDS +
                             PLAN_FIELDS + STEP_DATE_FIELDS + VERIFICATION_FIELDS)
# A case changes region only with its project, through a transfer (agency.transfer).
TRANSFERRED_FIELDS = frozenset(['region_id'])
# The fields whose change may move the case on by itself (``_advance``).
ADVANCING_FIELDS = frozenset(['user_id', 'date_authorization', 'date_commitment'])


class AgencyCase(models.Model):
    """A commissioned agency service for one project (代办帮办 case), Annex 2 flow."""
    _name = 'agency.case'
    _description = 'Agency Case'
    _inherit = ['agency.case.letters', 'agency.case.assignment', 'agency.case.verification',
                'agency.case.flow', 'agency.case.planning', 'agency.case.closing',
                'agency.case.materials', 'agency.case.events', 'portal.mixin', 'agency.chatter',
                'agency.name', 'mail.thread', 'mail.activity.mixin']
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
    flow_step = fields.Selection(related='stage_id.flow_step', store=True, index=True,
                                 readonly=True)
    is_closed = fields.Boolean(related='stage_id.is_closed', store=True, index=True, readonly=True)
    color = fields.Integer()
    active = fields.Boolean(default=True, track_visibility='onchange')
    description = fields.Text(string='Request')
    enquiry_ids = fields.One2many('agency.enquiry', 'case_id', string='Enquiries', readonly=True,
                                  groups='investment_agency.group_agent',
                                  help='The enquiries this case came from.')

    date_applied = fields.Date(string='Application Date', required=True, index=True,
                               default=service_today, track_visibility='onchange')

    # The declaration plan's lines (see agency_case_planning.py for the plan itself).
    line_ids = fields.One2many('agency.case.line', 'case_id', string='Declaration Plan', copy=False)
    line_count = fields.Integer(string='Items', compute='_compute_line_stats', store=True)
    line_closed_count = fields.Integer(string='Items Closed', compute='_compute_line_stats',
                                       store=True)
    light = fields.Selection(LIGHTS, compute='_compute_line_stats', store=True,
                             index=True, help='The worst light of the open items.')
    open_line_count = fields.Integer(string='Items Open', compute='_compute_line_stats',
                                     store=True)
    red_count = fields.Integer(string='Items Overdue', compute='_compute_line_stats', store=True)
    yellow_count = fields.Integer(string='Items Due Soon', compute='_compute_line_stats',
                                  store=True)
    working_days_left = fields.Integer(
        compute='_compute_line_stats', store=True,
        help='Working days left to the deadline of the most urgent item whose time limit '
             'runs (negative when overdue); refreshed with the lights every day.')
    has_running_items = fields.Boolean(compute='_compute_line_stats', store=True)
    line_department_ids = fields.Many2many(
        'agency.department', string='Departments Handling', compute='_compute_line_departments',
        search='_search_line_departments',
        help='The departments that handle items of the case (one statement when searched).')

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'The case number must be unique.'),
    ]

    def init(self):
        # The default order of the board and the list (the ORM orders a boolean as
        # COALESCE(column, false)), over the active open cases (the actions' default
        # filter; the ORM adds "active") and over all: a page is read from the index, not
        # sorted, and the open cases are counted from the index alone.
        self.env.cr.execute("""
            DROP INDEX IF EXISTS agency_case_open_order_index;
            CREATE INDEX IF NOT EXISTS agency_case_active_open_order_index
                ON agency_case ((COALESCE(is_key_project, false)) DESC, id DESC)
             WHERE active AND (NOT is_closed OR is_closed IS NULL);
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
    def write(self, vals):  # pylint: disable=method-required-super
        # super().write is called by _write_case, which the case's actions call too.
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
        old_stages = {case.id: case.stage_id for case in self} if 'stage_id' in vals else {}
        res = super(AgencyCase, self).write(vals)
        # Odoo checks the rules before a write only: check them after it too.
        self.check_access_rule('write')
        if 'stage_id' in vals:
            self._set_step_dates()
            self._post_stage_events(old_stages)
            self._ask_for_rating()
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
    def action_view_lines(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case_line').read()[0]
        action['domain'] = [('case_id', '=', self.id)]
        action['context'] = {}
        return action

    # ------------------------------------------------------------------ business

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
