import math

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .code_checks import check_phone, check_project_code, normalize_credit_code

# The largest total investment a project may declare, in 10k CNY (1 trillion CNY).
MAX_INVESTMENT = 100000000
PROJECT_CATEGORIES = [
    ('key', 'Key Project'),
    ('attraction', 'Major Investment-Attraction Project'),
    ('innovation', 'Science and Technology Innovation Project'),
    ('encouraged', 'Nationally Encouraged Project'),
]
FUNDING_SOURCES = [
    ('self', 'Own Funds'),
    ('government', 'Government Investment'),
    ('loan', 'Bank Loans'),
    ('foreign', 'Foreign Investment'),
    ('mixed', 'Mixed Sources'),
]
# The enterprise's data shown (and written) on the project form, and the project's own
# checked fields: a save of the form is checked as a whole before anything is written.
ENTERPRISE_FORM_FIELDS = {'partner_credit_code': 'agency_credit_code',
                          'partner_zip': 'zip', 'partner_phone': 'phone'}
PROJECT_CHECKED_FIELDS = ('name', 'code', 'total_investment', 'contact_phone', 'region_id')
LAND_NATURES = [
    ('allocated', 'Allocated State Land'),
    ('transferred', 'Transferred State Land'),
    ('leased', 'Leased Land'),
    ('collective', 'Collective Construction Land'),
    ('existing', 'Existing Site'),
    ('none', 'No New Land'),
]


class AgencyProject(models.Model):
    """An investment project (投资项目) with the data of the application form (Annex 3)."""
    _name = 'agency.project'
    _description = 'Investment Project'
    _inherit = ['agency.chatter', 'agency.name', 'mail.thread', 'mail.activity.mixin']
    _order = 'id desc'

    name = fields.Char(string='Project Name', required=True, track_visibility='onchange')
    code = fields.Char(
        string='Project Code', size=24, index=True, copy=False, track_visibility='onchange',
        help='项目代码 of the national online approval platform (GB/T 40058-2021), '
             'e.g. 2026-150102-44-03-012345. Departments accept no item without it.')
    partner_id = fields.Many2one(
        'res.partner', string='Project Enterprise', required=True, index=True, ondelete='restrict',
        domain=[('is_company', '=', True)], track_visibility='onchange')
    partner_street = fields.Char(related='partner_id.street', string='Enterprise Address',
                                 readonly=False)
    partner_zip = fields.Char(related='partner_id.zip', string='Postcode', readonly=False)
    partner_phone = fields.Char(related='partner_id.phone', string='Enterprise Phone',
                                readonly=False)
    partner_credit_code = fields.Char(related='partner_id.agency_credit_code', readonly=False)
    partner_legal_representative = fields.Char(
        related='partner_id.agency_legal_representative', string='Person in Charge', readonly=False)
    contact_name = fields.Char(string='Contact Person', required=True, track_visibility='onchange',
                               help='经办人 of the enterprise.')
    contact_phone = fields.Char(required=True)
    contact_email = fields.Char()
    address = fields.Char(string='Project Address', required=True)
    region_id = fields.Many2one('agency.region', string='Region', required=True, index=True,
                                ondelete='restrict', track_visibility='onchange',
                                default=lambda self: self.env.user.agency_region_id,
                                domain=[('in_user_scope', '=', True)],
                                help='Agents register projects of their region and of the '
                                     'regions below it.')
    total_investment = fields.Float(
        string='Total Investment (10k CNY)', digits=(16, 2), required=True,
        track_visibility='onchange', help='投资总额, in 万元.')
    funding_source = fields.Selection(FUNDING_SOURCES, required=True,
                                      default='self')
    land_nature = fields.Selection(LAND_NATURES, required=True,
                                   default='transferred')
    is_key_project = fields.Boolean(string='Key Project', index=True, track_visibility='onchange')
    category = fields.Selection(PROJECT_CATEGORIES, string='Project Category', required=True,
                                default=lambda self: self._default_category(), index=True,
                                track_visibility='onchange',
                                help='A project of the category 重点项目 is a key project.')
    main_use_scale = fields.Text(string='Main Use and Scale')
    approval_progress = fields.Text(string='Current Approval Progress')
    case_ids = fields.One2many('agency.case', 'project_id', string='Cases')
    line_department_ids = fields.Many2many(
        'agency.department', string='Departments Handling', compute='_compute_line_departments',
        search='_search_line_departments',
        help='The departments that handle items of the project\'s cases.')
    case_count = fields.Integer(compute='_compute_case_count')
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'Another project already has this project code.'),
    ]

    @api.depends('case_ids.line_ids.department_id')
    def _compute_line_departments(self):
        for project in self:
            project.line_department_ids = project.case_ids.mapped('line_ids.department_id')

    def _search_line_departments(self, operator, value):
        """Projects with an item handled by one of the departments: one sub-select of the
        lines' own indexed columns (the liaison agents' rule)."""
        if operator not in ('in', '='):
            raise UserError(_('Unsupported search on the departments handling a project.'))
        ids = [value] if isinstance(value, int) else list(value or [])
        if not ids:
            return [(0, '=', 1)]
        return [('id', 'inselect', (
            'SELECT project_id FROM agency_case_line WHERE department_id IN %s', (tuple(ids),)))]

    def _compute_case_count(self):
        groups = self.env['agency.case'].read_group(
            [('project_id', 'in', self.ids)], ['project_id'], ['project_id'])
        counts = {group['project_id'][0]: group['project_id_count'] for group in groups}
        for project in self:
            project.case_count = counts.get(project.id, 0)

    @api.constrains('code', 'total_investment', 'contact_phone')
    def _check_project(self):
        """Every problem of the project in one message, not one per save."""
        self._agency_check_all(['_check_code', '_check_total_investment',
                                '_check_contact_phone'])

    def _check_code(self):
        for project in self.filtered('code'):
            if not project.has_valid_code():
                raise ValidationError(
                    _('"%s" is not a valid project code: expected 24 characters '
                      'YYYY-RRRRRR-DD-PP-NNNNNC (year, 6-digit GB/T 2260 region code, '
                      'department, project type, 5-digit serial and check character).')
                    % project.code)

    def _check_total_investment(self):
        for project in self:
            amount = project.total_investment
            if not (math.isfinite(amount) and 0 < amount <= MAX_INVESTMENT):
                raise ValidationError(
                    _('The total investment of "%s" must be more than 0 and at most %s '
                      '(10k CNY).') % (project.name, '{:,.0f}'.format(MAX_INVESTMENT)))

    def _check_contact_phone(self):
        for project in self:
            if check_phone(project.contact_phone):
                raise ValidationError(
                    _('"%s" is not a valid phone number: a mobile number of 11 digits or a '
                      'landline with its area code (e.g. 0471-6666666).') % project.contact_phone)

    @api.onchange('is_key_project')
    def _onchange_is_key_project(self):
        if self.is_key_project:
            self.category = 'key'
        elif self.category == 'key':
            self.category = 'attraction'

    @api.onchange('category')
    def _onchange_category(self):
        if self.category == 'key':
            self.is_key_project = True

    @api.model
    def _default_category(self):
        """重点项目 only for a project whose 重点项目 box is ticked."""
        return 'key' if self.env.context.get('default_is_key_project') else 'attraction'

    @api.model
    def create(self, vals):
        if vals.get('code'):
            vals['code'] = vals['code'].strip().upper()
        if vals.get('category') == 'key':
            vals['is_key_project'] = True
        self.browse()._check_form_values(vals)
        return super(AgencyProject, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('code'):
            vals['code'] = vals['code'].strip().upper()
        if vals.get('category') == 'key':
            vals['is_key_project'] = True
        self._check_form_values(vals)
        if 'region_id' in vals and not self.pool._init and \
                self.filtered(lambda project: project.region_id.id != vals['region_id']):
            raise UserError(_('A project changes region only through a transfer to the bureau '
                              'of the other region.'))
        res = super(AgencyProject, self).write(vals)
        # Odoo checks the rules before a write only: check them after it too.
        self.check_access_rule('write')
        return res

    @api.multi
    def _check_form_values(self, vals):
        """Check what a save of the project form writes, the project's fields and its
        enterprise's together, and report every problem at once: the enterprise's
        fields are written first and would otherwise stop the save on their own problems.
        The constraints of both models check the records again once written."""
        names = set(vals) & (set(PROJECT_CHECKED_FIELDS) | set(ENTERPRISE_FORM_FIELDS) |
                             {'partner_id'})
        if not names:
            return
        # Values that cannot be stored (NaN, NUL …) are refused first, with their message.
        self._agency_check_storable(vals)
        problems = []
        for project in self or [self.browse()]:
            values = {}
            for name in PROJECT_CHECKED_FIELDS:
                value = vals[name] if name in vals else project[name]
                values[name] = value.id if isinstance(value, models.BaseModel) else value
            enterprise = self.env['res.partner'].sudo().browse(
                vals.get('partner_id') or project.partner_id.id)
            enterprise_values = {}
            for name, partner_name in ENTERPRISE_FORM_FIELDS.items():
                enterprise_values[partner_name] = vals[name] if name in vals \
                    else enterprise[partner_name]
            enterprise_values['agency_credit_code'] = normalize_credit_code(
                enterprise_values['agency_credit_code']) or False
            checks = (
                (self.new(values), ['_check_code', '_check_total_investment',
                                    '_check_contact_phone']),
                (self.env['res.partner'].new(enterprise_values),
                 ['_check_agency_credit_code', '_check_agency_zip', '_check_agency_phone']),
            )
            for record, methods in checks:
                try:
                    record._agency_check_all(methods)
                except ValidationError as error:
                    problems.extend(line for line in error.name.split('\n')
                                    if line not in problems)
        if problems:
            raise ValidationError('\n'.join(problems))

    @api.multi
    def _transfer_to(self, region):  # pylint: disable=missing-return
        """Hand the project and its cases to the bureau of ``region`` (an accepted
        agency.transfer): as superuser, the decision is taken."""
        self.ensure_one()
        project = self.sudo()
        super(AgencyProject, project).write({'region_id': region.id})
        for case in project.with_context(active_test=False).case_ids:
            case._transfer_to(region)

    @api.multi
    def has_valid_code(self):
        self.ensure_one()
        calendar = self.region_id._get_calendar() if self.region_id else \
            self.env['resource.calendar']
        today = fields.Date.from_string(calendar.agency_today())
        return bool(self.code) and not check_project_code(self.code, today)

    @api.multi
    def action_transfer(self):
        """Ask to hand the project and its cases to the bureau of another region."""
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_transfer_new').read()[0]
        action['context'] = {'default_project_id': self.id}
        return action

    @api.multi
    def action_view_cases(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case').read()[0]
        action['domain'] = [('project_id', '=', self.id)]
        action['context'] = {'default_project_id': self.id, 'default_region_id': self.region_id.id}
        return action
