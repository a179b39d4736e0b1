from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .code_checks import check_phone, check_project_code

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
    case_count = fields.Integer(compute='_compute_case_count')
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'Another project already has this project code.'),
    ]

    def _compute_case_count(self):
        groups = self.env['agency.case'].read_group(
            [('project_id', 'in', self.ids)], ['project_id'], ['project_id'])
        counts = {group['project_id'][0]: group['project_id_count'] for group in groups}
        for project in self:
            project.case_count = counts.get(project.id, 0)

    @api.constrains('code')
    def _check_code(self):
        for project in self.filtered('code'):
            if check_project_code(project.code):
                raise ValidationError(
                    _('"%s" is not a valid project code: expected 24 characters '
                      'YYYY-RRRRRR-DD-PP-NNNNNC (year, 6-digit region code, department, '
                      'project type, 5-digit serial and check character).') % project.code)

    @api.constrains('total_investment')
    def _check_total_investment(self):
        for project in self:
            if project.total_investment <= 0:
                raise ValidationError(
                    _('The total investment of "%s" must be more than 0 (10k CNY).') % project.name)

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
        return super(AgencyProject, self).write(vals)

    @api.multi
    def has_valid_code(self):
        self.ensure_one()
        return bool(self.code) and not check_project_code(self.code)

    @api.multi
    def action_view_cases(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case').read()[0]
        action['domain'] = [('project_id', '=', self.id)]
        action['context'] = {'default_project_id': self.id, 'default_region_id': self.region_id.id}
        return action
