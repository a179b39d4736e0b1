from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .code_checks import check_credit_code, check_phone, check_postcode


class ResPartner(models.Model):
    """The applicant enterprise (项目单位) of a project."""
    _inherit = 'res.partner'

    agency_credit_code = fields.Char(
        string='Unified Social Credit Code', size=18, index=True,
        help='统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character.')
    agency_legal_representative = fields.Char(string='Legal Representative')

    _sql_constraints = [
        ('agency_credit_code_uniq', 'unique(agency_credit_code)',
         'Another enterprise already has this unified social credit code.'),
    ]

    @api.constrains('agency_credit_code')
    def _check_agency_credit_code(self):
        for partner in self.filtered('agency_credit_code'):
            if check_credit_code(partner.agency_credit_code):
                raise ValidationError(
                    _('"%s" is not a valid unified social credit code: 18 characters of '
                      '0-9 and A-Y without I, O, S, V, Z, the last one a check character '
                      '(GB 32100-2015).') % partner.agency_credit_code)

    @api.constrains('zip', 'phone', 'agency_credit_code')
    def _check_agency_contact(self):
        """Applicant enterprises (those with a credit code) print their postcode and phone."""
        for partner in self.filtered('agency_credit_code'):
            if partner.zip and check_postcode(partner.zip):
                raise ValidationError(_('"%s" is not a valid postcode: six digits.') % partner.zip)
            if partner.phone and check_phone(partner.phone):
                raise ValidationError(
                    _('"%s" is not a valid phone number: a mobile number of 11 digits or a '
                      'landline with its area code (e.g. 0471-6666666).') % partner.phone)

    @api.model
    def create(self, vals):
        if vals.get('agency_credit_code'):
            vals['agency_credit_code'] = vals['agency_credit_code'].strip().upper()
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('agency_credit_code'):
            vals['agency_credit_code'] = vals['agency_credit_code'].strip().upper()
        return super(ResPartner, self).write(vals)
