import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

LEVELS = [
    ('region', 'Autonomous Region'),
    ('league', 'League / City'),
    ('county', 'Banner / County / District'),
    ('zone', 'Development Zone'),
]
# Which level may sit under which.
PARENT_LEVELS = {
    'region': (),
    'league': ('region',),
    'county': ('league',),
    'zone': ('region', 'league', 'county'),
}
# How many leading digits of the code a child shares with a parent of that level.
# A zone under a county cannot repeat the county's own code: it shares the league's.
CODE_PREFIX = {'region': 2, 'league': 4, 'county': 4}


class AgencyRegion(models.Model):
    """An administrative region (GB/T 2260) and its government service bureau."""
    _name = 'agency.region'
    _description = 'Region'
    _inherit = ['agency.chatter', 'agency.name', 'mail.thread']
    _parent_store = True
    _parent_order = 'code'
    _order = 'parent_left'
    _rec_name = 'complete_name'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    complete_name = fields.Char(compute='_compute_complete_name', store=True)
    code = fields.Char(
        string='Division Code', required=True, index=True, track_visibility='onchange',
        help='Six-digit administrative division code of GB/T 2260 (内蒙古自治区 is 150000).')
    level = fields.Selection(LEVELS, required=True, default='county', track_visibility='onchange')
    parent_id = fields.Many2one(
        'agency.region', string='Parent Region', index=True, ondelete='restrict',
        track_visibility='onchange')
    child_ids = fields.One2many('agency.region', 'parent_id', string='Sub-regions')
    parent_left = fields.Integer(index=True)
    parent_right = fields.Integer(index=True)
    active = fields.Boolean(default=True)
    bureau_name = fields.Char(
        string='Service Bureau', required=True, translate=True, track_visibility='onchange',
        help='Name of the government service bureau, printed on the forms (e.g. 呼和浩特市政务服务局).')
    hall_address = fields.Char(string='Service Hall Address')
    phone = fields.Char(string='Bureau Phone')
    hotline = fields.Char(default='12345')
    calendar_id = fields.Many2one(
        'resource.calendar', string='Working Calendar', ondelete='restrict',
        default=lambda self: self.env['resource.calendar'].agency_default_calendar(),
        help='Counts the working days of time limits in this region.')
    department_ids = fields.One2many('agency.department', 'region_id', string='Departments')
    department_count = fields.Integer(compute='_compute_department_stats')
    flow_step_ids = fields.One2many('agency.region.stage', 'region_id',
                                    string='Flow Chart Steps',
                                    groups='investment_agency.group_liaison',
                                    help='The region\'s own wording of the steps of its '
                                         'published flow chart (else its parent\'s, else '
                                         'the model text of the stages).')
    publication_ids = fields.One2many('agency.item.publication', 'region_id',
                                      string='Published List')
    unstaffed_department_count = fields.Integer(
        string='Departments without Liaison Agent', compute='_compute_department_stats')
    manager_ids = fields.Many2many(
        'res.users', string='Managers', compute='_compute_manager_ids',
        help='Users of the manager group attached to this region.')
    in_user_scope = fields.Boolean(
        string='In My Regions', compute='_compute_in_user_scope', search='_search_in_user_scope',
        help='Technical: the regions the current user works in, his own and those below it '
             '(the pickers of projects and cases offer only these).')

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'A region with this division code already exists.'),
    ]

    def _compute_in_user_scope(self):
        own = self.env.user.agency_region_id
        for region in self:
            region.in_user_scope = self.env.user._is_superuser() or \
                bool(own) and region._is_within(own)

    def _search_in_user_scope(self, operator, value):
        if operator not in ('=', '!=') or not isinstance(value, bool):
            raise UserError(_('Unsupported search on the regions of the user.'))
        domain = self._user_subtree_domain()
        if not domain and not self.env.user._is_superuser():
            domain = [(0, '=', 1)]
        if (operator == '=') != value:
            return ['!'] + domain if domain else [(0, '=', 1)]
        return domain or [(1, '=', 1)]

    @api.depends('name', 'parent_id.complete_name', 'level')
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id and region.parent_id.level != 'region':
                region.complete_name = '%s / %s' % (region.parent_id.complete_name, region.name)
            else:
                region.complete_name = region.name

    @api.depends('department_ids.has_liaison')
    def _compute_department_stats(self):
        groups = self.env['agency.department'].read_group(
            [('region_id', 'in', self.ids)], ['region_id', 'has_liaison'],
            ['region_id', 'has_liaison'], lazy=False)
        total, unstaffed = {}, {}
        for group in groups:
            region_id = group['region_id'][0]
            total[region_id] = total.get(region_id, 0) + group['__count']
            if not group['has_liaison']:
                unstaffed[region_id] = group['__count']
        for region in self:
            region.department_count = total.get(region.id, 0)
            region.unstaffed_department_count = unstaffed.get(region.id, 0)

    def _compute_manager_ids(self):
        managers = self.env['res.users'].search([
            ('agency_region_id', 'in', self.ids),
            ('groups_id', 'in', self.env.ref('investment_agency.group_manager').id),
        ])
        for region in self:
            region.manager_ids = managers.filtered(lambda user: user.agency_region_id == region)

    @api.constrains('code', 'level', 'parent_id')
    def _check_code(self):
        for region in self:
            if not re.match(r'^[1-9]\d{5}$', region.code or ''):
                raise ValidationError(
                    _('Region code "%s" is not a six-digit GB/T 2260 code.') % (region.code or ''))
            parent = region.parent_id
            if region.level == 'region' and parent:
                raise ValidationError(_('An autonomous region has no parent region.'))
            if region.level != 'region' and not parent:
                raise ValidationError(_('Region "%s" needs a parent region.') % region.name)
            if parent and parent.level not in PARENT_LEVELS[region.level]:
                raise ValidationError(
                    _('A %s cannot be placed under a %s.') % (
                        region._level_label(region.level), region._level_label(parent.level)))
            if region.level == 'region' and not region.code.endswith('0000'):
                raise ValidationError(
                    _('The code of an autonomous region ends with 0000 (e.g. 150000), not "%s".')
                    % region.code)
            if region.level == 'league' and (region.code.endswith('0000') or
                                             not region.code.endswith('00')):
                raise ValidationError(
                    _('The code of a league or city ends with 00 (e.g. 150100), not "%s".')
                    % region.code)
            if region.level in ('county', 'zone') and region.code.endswith('00'):
                raise ValidationError(
                    _('The code of a banner, county, district or zone does not end with 00: "%s".')
                    % region.code)
            if parent:
                prefix = CODE_PREFIX.get(parent.level, 4)
                if region.code[:prefix] != parent.code[:prefix]:
                    raise ValidationError(
                        _('Region code %s does not belong to the parent region %s (%s).')
                        % (region.code, parent.name, parent.code))

    @api.constrains('parent_id')
    def _check_recursion_parent(self):
        if not self._check_recursion():
            raise ValidationError(_('A region cannot be its own parent.'))

    @api.model
    def _user_subtree_domain(self):
        """The regions the current user supervises: his region and those below it."""
        if self.env.user._is_superuser():
            return []
        return [('id', 'child_of', self.env.user.agency_region_id.id)]

    @api.multi
    def _is_supervised_by(self, user):
        """Whether ``user`` works in the region or in a region above it (the superuser:
        everywhere)."""
        self.ensure_one()
        return user._is_superuser() or bool(
            user.agency_region_id and self._is_within(user.agency_region_id))

    @api.multi
    def _is_within(self, ancestor):
        """Whether the region is ``ancestor`` or one of the regions below it. Up the
        parents (three levels at most, prefetched): the nested set of parent_store is not
        computed yet while Odoo loads the module's data."""
        self.ensure_one()
        return ancestor in self._ancestors()

    @api.multi
    def _ancestors(self):
        """The region and the regions above it, the nearest first."""
        self.ensure_one()
        regions, region = self.browse(), self
        while region:
            regions |= region
            region = region.parent_id
        return regions

    @api.model
    def _level_label(self, level):
        return self._agency_labels('level', self._agency_lang())[level]

    @api.model
    def create(self, vals):
        region = super(AgencyRegion, self).create(vals)
        self._ensure_case_sequences(region)
        self._subtrees_changed()
        return region

    @api.multi
    def write(self, vals):
        res = super(AgencyRegion, self).write(vals)
        if 'parent_id' in vals or 'active' in vals:
            self._subtrees_changed()
        return res

    @api.multi
    def unlink(self):
        res = super(AgencyRegion, self).unlink()
        self._subtrees_changed()
        return res

    @api.model
    def _subtrees_changed(self):
        """The record rules name the regions of each user's subtree
        (res.users._agency_region_subtree_ids): evaluate them again."""
        self.env['ir.rule'].clear_caches()

    @api.multi
    def action_create_departments(self):
        """Create the departments of every department type the region lacks."""
        self._create_missing_departments(self)
        return True

    @api.multi
    def action_prepare_publications(self):
        """Put every active catalog item on the region's list, as a draft."""
        Publication = self.env['agency.item.publication']
        items = self.env['agency.item'].search([])
        listed = set((pub.region_id.id, pub.item_id.id)
                     for pub in Publication.search([('region_id', 'in', self.ids)]))
        for region in self:
            for item in items:
                if (region.id, item.id) not in listed:
                    Publication.create({'region_id': region.id, 'item_id': item.id})
        action = self.env.ref('investment_agency.action_agency_item_publication').read()[0]
        action['domain'] = [('region_id', 'in', self.ids)]
        action['context'] = {'search_default_group_state': 1}
        return action

    @api.multi
    def _case_sequence(self):
        """The sequence of the region's case numbers (created if missing)."""
        self.ensure_one()
        code = 'agency.case.%s' % (self.code or 'none')
        Sequence = self.env['ir.sequence'].sudo()
        return Sequence.search([('code', '=', code)], limit=1) or Sequence.create({
            'name': _('Agency cases of %s') % (self.name or '-'),
            'code': code,
            'prefix': 'BNB-%s-%%(range_year)s-' % (self.code or '000000'),
            'padding': 5,
            'use_date_range': True,
        })

    @api.model
    def _ensure_case_sequences(self, regions=None):
        """Give every region its case sequence and the yearly ranges of this year and the
        next one before any case needs them: created on the fly by two applications filed
        at once (the first of a region, or of a year), they came twice and numbered both
        cases alike. Run when a region is created and by a daily scheduled action (which
        also serves the regions of databases installed before)."""
        regions = self.search([]) if regions is None else regions
        year = fields.Date.from_string(self.env['resource.calendar'].agency_today()).year
        by_code = {'agency.case.%s' % (region.code or 'none'): region for region in regions}
        sequences = {sequence.code: sequence for sequence in self.env['ir.sequence'].sudo(
        ).search([('code', 'in', list(by_code))])}
        Range = self.env['ir.sequence.date_range'].sudo()
        existing = {(line.sequence_id.id, line.date_from) for line in Range.search([
            ('sequence_id', 'in', [sequence.id for sequence in sequences.values()])])}
        for code, region in sorted(by_code.items()):
            sequence = sequences.get(code) or region._case_sequence()
            for number in (year, year + 1):
                if (sequence.id, '%d-01-01' % number) not in existing:
                    Range.create({'sequence_id': sequence.id, 'number_next': 1,
                                  'date_from': '%d-01-01' % number,
                                  'date_to': '%d-12-31' % number})
        return True

    @api.model
    def _create_missing_departments(self, regions=None):
        """Create the departments of every type the regions lack (by default the autonomous
        region and the leagues); ``regions`` is a recordset or a list of ids."""
        if regions is None:
            regions = self.search([('level', 'in', ('region', 'league'))])
        elif not isinstance(regions, models.BaseModel):
            regions = self.browse(regions)
        types = self.env['agency.department.type'].search([])
        existing = set(
            (dept.region_id.id, dept.type_id.id)
            for dept in self.env['agency.department'].with_context(active_test=False).search([
                ('region_id', 'in', regions.ids)]))
        xmlids = regions._agency_xmlids()
        created = 0
        for region in regions:
            for dept_type in types:
                if (region.id, dept_type.id) in existing:
                    continue
                department = self.env['agency.department'].create({
                    'region_id': region.id,
                    'type_id': dept_type.id,
                    'name': '%s%s' % (region.name, dept_type.department_suffix or dept_type.name),
                })
                created += 1
                if region.id in xmlids:
                    # Departments of the shipped regions get an XML id (department_hohhot_ndrc).
                    self.env['ir.model.data'].create({
                        'module': 'investment_agency',
                        'name': 'department_%s_%s' % (xmlids[region.id], dept_type.code),
                        'model': 'agency.department',
                        'res_id': department.id,
                        'noupdate': True,
                    })
        return created

    @api.multi
    def _agency_xmlids(self):
        """{region id: 'hohhot'} for the regions shipped by this module."""
        data = self.env['ir.model.data'].sudo().search([
            ('module', '=', 'investment_agency'), ('model', '=', 'agency.region'),
            ('res_id', 'in', self.ids)])
        return {rec.res_id: rec.name[len('region_'):] for rec in data
                if rec.name.startswith('region_')}

    @api.multi
    def _get_calendar(self):
        self.ensure_one()
        return self.calendar_id or self.env['resource.calendar'].agency_default_calendar()

    @api.multi
    def _get_managers(self):
        """The managers of the region; if none, those of the nearest region above."""
        self.ensure_one()
        region = self
        while region:
            if region.manager_ids:
                return region.manager_ids
            region = region.parent_id
        return self.env['res.users']
