"""The letters a case is signed with: the enterprise's authorization of the agent
(授权委托书, Annex 4) and its commitment (承诺书, Annex 5). Both dates signed, the case
goes on to the signing step (see agency_case_flow.py)."""
from odoo import api, fields, models

from .code_checks import parse_id_number

GENDERS = [('male', 'Male'), ('female', 'Female')]


class AgencyCaseLetters(models.AbstractModel):
    _name = 'agency.case.letters'
    _description = 'Agency Case: Letters'

    legal_representative = fields.Char(
        track_visibility='onchange',
        help='法定代表人 of the enterprise who signs the authorization letter.')
    proxy_name = fields.Char(string='Proxy', help='代办人: the agent acting for the enterprise.')
    proxy_gender = fields.Selection(GENDERS)
    proxy_id_number = fields.Char(string='Proxy ID Number', size=18,
                                  help='Resident identity card number of the proxy (GB 11643).')
    proxy_unit = fields.Char(help='受托单位: the service bureau.')
    proxy_title = fields.Char()
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

    @api.depends('date_authorization', 'date_commitment')
    def _compute_letters_signed(self):
        for case in self:
            case.letters_signed = bool(case.date_authorization and case.date_commitment)

    def _check_proxy_id_number(self):
        for case in self.sudo().filtered('proxy_id_number'):
            self.env['res.users']._agency_check_id_number(case.proxy_id_number, case.proxy_gender)

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
            return  # not a whole number yet: the constraint tells on save
