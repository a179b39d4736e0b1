from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .code_checks import check_credit_code, check_phone, check_postcode, normalize_credit_code

# The enterprises (and their contacts) that a user may read and write: those with a project
# in his region or a region below it, with an item handled by one of his departments, or
# registered by him and without a project yet.
ENTERPRISES_IN_REACH_SQL = """
    SELECT p.id
      FROM res_partner p
     WHERE p.commercial_partner_id IN (
               SELECT pr.partner_id
                 FROM agency_project pr
                 JOIN agency_region r ON r.id = pr.region_id
                 JOIN agency_region own ON own.id = %s
                WHERE r.parent_left >= own.parent_left AND r.parent_left < own.parent_right
               UNION
               SELECT pr.partner_id
                 FROM agency_project pr
                 JOIN agency_case_line l ON l.project_id = pr.id
                WHERE l.department_id = ANY(%s)
               UNION
               SELECT e.id
                 FROM res_partner e
                WHERE e.create_uid = %s
                  AND NOT EXISTS (SELECT 1 FROM agency_project pr WHERE pr.partner_id = e.id))
"""


class ResPartner(models.Model):
    """The applicant enterprise (项目单位) of a project, and its contacts.

    Enterprise data is confined by region: the record rule on partners lets users read
    and write the enterprises in their reach (``agency_reach_uid``) and every partner
    that is not an enterprise. The name and credit code of any registered enterprise
    remain findable by its exact credit code (``_name_search``), so that nobody
    registers it twice. Changes of the registered data are tracked.
    """
    _inherit = 'res.partner'

    name = fields.Char(track_visibility='onchange')
    street = fields.Char(track_visibility='onchange')
    zip = fields.Char(track_visibility='onchange')
    phone = fields.Char(track_visibility='onchange')
    mobile = fields.Char(track_visibility='onchange')
    email = fields.Char(track_visibility='onchange')
    agency_credit_code = fields.Char(
        string='Unified Social Credit Code', size=18, index=True, track_visibility='onchange',
        help='统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character.')
    agency_legal_representative = fields.Char(string='Legal Representative',
                                              track_visibility='onchange')
    agency_project_ids = fields.One2many('agency.project', 'partner_id', string='Projects')
    agency_is_enterprise = fields.Boolean(
        string='Applicant Enterprise', compute='_compute_agency_is_enterprise', store=True,
        index=True,
        help='The partner, or the company it belongs to, has a credit code or a project: its '
             'data is read by the regions that handle its projects.')
    agency_reach_uid = fields.Integer(
        string='Within Reach of User', compute='_compute_agency_reach_uid',
        search='_search_agency_reach_uid',
        help='Technical: searching it with a user id gives the partners that user may read.')

    _sql_constraints = [
        ('agency_credit_code_uniq', 'unique(agency_credit_code)',
         'Another enterprise already has this unified social credit code.'),
    ]

    @api.depends('agency_credit_code', 'agency_project_ids', 'commercial_partner_id',
                 'commercial_partner_id.agency_credit_code',
                 'commercial_partner_id.agency_project_ids')
    def _compute_agency_is_enterprise(self):
        for partner in self:
            company = partner.commercial_partner_id or partner
            partner.agency_is_enterprise = bool(
                partner.agency_credit_code or partner.agency_project_ids or
                company.agency_credit_code or company.agency_project_ids)

    def _compute_agency_reach_uid(self):
        for partner in self:
            partner.agency_reach_uid = 0

    def _search_agency_reach_uid(self, operator, value):
        """Partners user ``value`` may read: every partner that is no enterprise, and the
        enterprises in his reach (an administrator: all; an applicant: his own). One
        sub-select, so that every partner search of the user stays one statement."""
        if operator != '=':
            raise ValidationError(_('Unsupported search on the reach of a user.'))
        user = self.env['res.users'].sudo().browse(value)
        # The reach of the user searched for (the rule's own user), not of the caller.
        if user._is_superuser() or user.has_group('base.group_system'):
            return []
        if user.share:
            return ['|', ('agency_is_enterprise', '=', False),
                    ('commercial_partner_id', '=', user.partner_id.commercial_partner_id.id)]
        return ['|', ('agency_is_enterprise', '=', False),
                ('id', 'inselect', (ENTERPRISES_IN_REACH_SQL, [
                    user.agency_region_id.id or 0, user.agency_department_ids.ids or [0],
                    user.id]))]

    @api.constrains('agency_credit_code', 'zip', 'phone')
    def _check_agency_enterprise(self):
        """The enterprise's data of the application form (Annex 3): every problem at once."""
        self._agency_check_all(['_check_agency_credit_code', '_check_agency_zip',
                                '_check_agency_phone'])

    def _check_agency_credit_code(self):
        for partner in self.filtered('agency_credit_code'):
            if check_credit_code(partner.agency_credit_code):
                raise ValidationError(
                    _('"%s" is not a valid unified social credit code: 18 characters, the '
                      'first eight digits (registration department, type and area), then '
                      'digits and letters without I, O, S, V, Z, the last one a check '
                      'character (GB 32100-2015).') % partner.agency_credit_code)

    def _check_agency_contact(self):
        """Applicant enterprises (those with a credit code) print their postcode and phone."""
        self._agency_check_all(['_check_agency_zip', '_check_agency_phone'])

    def _check_agency_zip(self):
        for partner in self.filtered('agency_credit_code'):
            if partner.zip and check_postcode(partner.zip):
                raise ValidationError(_('"%s" is not a valid postcode: six digits.') % partner.zip)

    def _check_agency_phone(self):
        for partner in self.filtered('agency_credit_code'):
            if partner.phone and check_phone(partner.phone):
                raise ValidationError(
                    _('"%s" is not a valid phone number: a mobile number of 11 digits or a '
                      'landline with its area code (e.g. 0471-6666666).') % partner.phone)

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        """A registered enterprise is found by its exact credit code whoever searches, so
        that an agent links a new project to it instead of registering it again; nothing
        but its name is shown."""
        result = super(ResPartner, self).name_search(name, args=args, operator=operator,
                                                     limit=limit)
        code = normalize_credit_code(name) if name else ''
        if len(code) == 18 and not check_credit_code(code):
            holder = self.sudo().search([('agency_credit_code', '=', code)], limit=1)
            if holder and holder.id not in [row[0] for row in result]:
                result = [(holder.id, '%s (%s)' % (holder.name, code))] + list(result)
        return result

    @api.model
    def create(self, vals):
        if vals.get('agency_credit_code'):
            vals['agency_credit_code'] = normalize_credit_code(vals['agency_credit_code'])
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('agency_credit_code'):
            vals['agency_credit_code'] = normalize_credit_code(vals['agency_credit_code'])
        res = super(ResPartner, self).write(vals)
        # Odoo checks the rules before a write only: an enterprise stays in the writer's
        # reach after the write.
        if self.filtered('agency_is_enterprise'):
            self.check_access_rule('write')
        return res
