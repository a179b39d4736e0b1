from odoo import _, api, fields, http, models
from odoo.exceptions import ValidationError

from .code_checks import normalize_id_number, parse_id_number


class ResUsers(models.Model):
    _inherit = 'res.users'

    agency_region_id = fields.Many2one(
        'agency.region', string='Agency Region', index=True, ondelete='restrict',
        help='The region whose cases the user works on; a manager also sees the regions below it.')
    agency_department_ids = fields.Many2many(
        'agency.department', 'agency_department_liaison_rel', 'user_id', 'department_id',
        string='Liaison of Departments')
    # Printed on the authorization letter (Annex 4) when the user acts as proxy (代办人).
    agency_gender = fields.Selection([('male', 'Male'), ('female', 'Female')], string='Gender')
    agency_id_number = fields.Char(string='Resident ID Number', size=18, groups='base.group_user')
    agency_title = fields.Char(string='Title', help='Job title printed on the authorization letter.')

    @api.constrains('agency_id_number', 'agency_gender')
    def _check_agency_id_number(self):
        for user in self.filtered('agency_id_number'):
            self._agency_check_id_number(user.agency_id_number, user.agency_gender)

    @api.model
    def _agency_check_id_number(self, number, gender=False):
        """Refuse a resident ID number (GB 11643) that is invalid or contradicts ``gender``;
        the one check of ID numbers, for agents and for the proxies of the letters."""
        today = fields.Date.from_string(self.env['resource.calendar'].agency_today())
        try:
            _birth, id_gender = parse_id_number(number, today)
        except ValueError:
            raise ValidationError(
                _('"%s" is not a valid resident ID number: 18 characters, a real birth '
                  'date and a right check character (GB 11643).') % number)
        if gender and gender != id_gender:
            raise ValidationError(_('The gender does not agree with ID number %s.') % number)

    @api.model
    def create(self, vals):
        if vals.get('agency_id_number'):
            vals['agency_id_number'] = normalize_id_number(vals['agency_id_number'])
        return super(ResUsers, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('agency_id_number'):
            vals['agency_id_number'] = normalize_id_number(vals['agency_id_number'])
        res = super(ResUsers, self).write(vals)
        if 'agency_region_id' in vals or 'agency_department_ids' in vals or 'groups_id' in vals:
            # Record rules read these fields.
            self.env['ir.rule'].clear_caches()
        return res

    @api.model_cr_context
    def _auth_timeout_check(self):
        """Only logged-in sessions time out: OCA auth_session_timeout (11.0) also checks
        the visitors of public pages and the intake API, whose sessions have no file yet,
        logs an error for each and ends their request."""
        if not http.request or not http.request.session.uid:
            return
        return super(ResUsers, self)._auth_timeout_check()
