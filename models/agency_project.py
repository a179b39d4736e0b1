import math

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .code_checks import check_phone, check_project_code

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
    _inherit = ['agency.chatter', 'mail.thread', 'mail.activity.mixin']
    _order = 'id desc'

    name = fields.Char(string='Project Name', required=True, track_visibility='onchange')
    code = fields.Char(
        string='Project Code', size=24, index=True, copy=False, track_visibility='onchange',
        help='项目代码 of the national online approval platform (GB/T 40058-2021), '
             'e.g. 2026-150102-44-03-012345. Departments accept no item without it.')
    partner_id = fields.Many2one(
        'res.partner', string='Project Enterprise', required=True, index=True, ondelete='restrict',
        domain=[('is_company', '=', True)], track_visibility='onchange')
    partner_street = fields.Char(related='partner_id.street', string='Enterprise Address', readonly=False)
    partner_zip = fields.Char(related='partner_id.zip', string='Postcode', readonly=False)
    partner_phone = fields.Char(related='partner_id.phone', string='Enterprise Phone', readonly=False)
    partner_credit_code = fields.Char(related='partner_id.agency_credit_code', readonly=False)
    partner_legal_representative = fields.Char(
        related='partner_id.agency_legal_representative', string='Person in Charge', readonly=False)
    contact_name = fields.Char(string='Contact Person', required=True, track_visibility='onchange',
                               help='经办人 of the enterprise.')
    contact_phone = fields.Char(string='Contact Phone', required=True)
    contact_email = fields.Char(string='Contact Email')
    address = fields.Char(string='Project Address', required=True)
    region_id = fields.Many2one('agency.region', string='Region', required=True, index=True,
                                ondelete='restrict', track_visibility='onchange')
    total_investment = fields.Float(
        string='Total Investment (10k CNY)', digits=(16, 2), required=True,
        track_visibility='onchange', help='投资总额, in 万元.')
    funding_source = fields.Selection(FUNDING_SOURCES, string='Funding Source', required=True,
                                      default='self')
    land_nature = fields.Selection(LAND_NATURES, string='Land Nature', required=True,
                                   default='transferred')
    is_key_project = fields.Boolean(string='Key Project', index=True, track_visibility='onchange')
    category = fields.Selection(PROJECT_CATEGORIES, string='Project Category', required=True,
                                default='key', index=True, track_visibility='onchange')
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

    @api.constrains('code')
    def _check_code(self):
        for project in self.filtered('code'):
            if not project.has_valid_code():
                raise ValidationError(
                    _('"%s" is not a valid project code: expected 24 characters '
                      'YYYY-RRRRRR-DD-PP-NNNNNC (year, 6-digit GB/T 2260 region code, '
                      'department, project type, 5-digit serial and check character).')
                    % project.code)

    @api.constrains('total_investment')
    def _check_total_investment(self):
        for project in self:
            amount = project.total_investment
            if not (math.isfinite(amount) and 0 < amount <= MAX_INVESTMENT):
                raise ValidationError(
                    _('The total investment of "%s" must be more than 0 and at most %s '
                      '(10k CNY).') % (project.name, '{:,.0f}'.format(MAX_INVESTMENT)))

    @api.constrains('contact_phone')
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

    @api.model
    def create(self, vals):
        if vals.get('code'):
            vals['code'] = vals['code'].strip().upper()
        return super(AgencyProject, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('code'):
            vals['code'] = vals['code'].strip().upper()
        if 'region_id' in vals and not self.pool._init and \
                self.filtered(lambda project: project.region_id.id != vals['region_id']):
            raise UserError(_('A project changes region only through a transfer to the bureau '
                              'of the other region.'))
        res = super(AgencyProject, self).write(vals)
        # Odoo checks the rules before a write only: check them after it too.
        self.check_access_rule('write')
        return res

    @api.multi
    def _transfer_to(self, region):
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
