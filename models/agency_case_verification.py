"""The verification of a case (接洽核实, 二(五)): the agent checks that the project is one
the service is for (二(一): 重点项目, 招商引资重大项目, 科技创新类, 国家鼓励类), the
key-project decision document, the project code and the enterprise's credit code, and
decides. The letters are signed and the plan made only after an "eligible" decision; a
project not eligible is terminated (reason: the project is not eligible)."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .agency_project import PROJECT_CATEGORIES
from .code_checks import check_credit_code, check_project_code
from .dates import to_date

VERIFY_DECISIONS = [
    ('eligible', 'Eligible'),
    ('ineligible', 'Not Eligible'),
]
# Set by the verification (the wizard, ``_record_verification``) only, never by a client.
VERIFICATION_FIELDS = ('verify_category', 'verify_document', 'verify_document_file',
                       'verify_document_filename', 'verify_project_code',
                       'verify_credit_code', 'verify_decision', 'verify_reason',
                       'verify_user_id', 'verify_date')
# The steps at which a case has not passed its verification yet.
UNVERIFIED_STEPS = ('apply', 'verify', 'sign')


class AgencyCaseVerification(models.AbstractModel):
    _name = 'agency.case.verification'
    _description = 'Agency Case: Verification'

    verify_category = fields.Selection(
        PROJECT_CATEGORIES, string='Category Checked', copy=False, readonly=True,
        track_visibility='onchange',
        help="The project's category as checked against the plan's eligible categories.")
    verify_document = fields.Char(
        string='Key-Project Decision Document', copy=False, readonly=True,
        track_visibility='onchange',
        help='Number or title of the document that lists the project (重点项目确定文件).')
    verify_document_file = fields.Binary(string='Decision Document File', attachment=True,
                                         copy=False, readonly=True)
    verify_document_filename = fields.Char(copy=False, readonly=True)
    verify_project_code = fields.Boolean(string='Project Code Verified', copy=False,
                                         readonly=True, track_visibility='onchange')
    verify_credit_code = fields.Boolean(string='Credit Code Verified', copy=False,
                                        readonly=True, track_visibility='onchange')
    verify_decision = fields.Selection(VERIFY_DECISIONS, string='Verification Decision',
                                       copy=False, readonly=True, index=True,
                                       track_visibility='onchange')
    verify_reason = fields.Text(string='Reason Not Eligible', copy=False, readonly=True,
                                track_visibility='onchange')
    verify_user_id = fields.Many2one('res.users', string='Verified By', copy=False,
                                     readonly=True, ondelete='restrict',
                                     track_visibility='onchange')
    verify_date = fields.Date(string='Verified On', copy=False, readonly=True,
                              track_visibility='onchange')

    @api.constrains('verify_decision', 'verify_category', 'verify_reason',
                    'verify_project_code', 'verify_credit_code')
    def _check_verification(self):
        for case in self.filtered('verify_decision'):
            case._check_verification_values()

    @api.multi
    def _check_verification_values(self):
        self.ensure_one()
        if self.verify_decision == 'eligible' and not self.verify_category:
            raise ValidationError(_('Case %s: an eligible project has the category checked.')
                                  % self.name)
        if self.verify_decision == 'ineligible' and not (self.verify_reason or '').strip():
            raise ValidationError(_('Case %s: give the reason why the project is not '
                                    'eligible.') % self.name)
        today = to_date(self.verify_date) if self.verify_date else None
        if self.verify_project_code and check_project_code(self.project_id.code, today):
            raise ValidationError(_('Case %s: the project code %s is not a valid project '
                                    'code; it cannot be marked verified.')
                                  % (self.name, self.project_id.code or ''))
        if self.verify_credit_code and check_credit_code(self.partner_id.agency_credit_code):
            raise ValidationError(_('Case %s: the credit code %s of the enterprise is not '
                                    'valid; it cannot be marked verified.')
                                  % (self.name, self.partner_id.agency_credit_code or ''))

    @api.multi
    def _record_verification(self, values):
        """Record what the agent checked and the decision, with who verified and on which
        service day; the case must be at its application or verification step."""
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        if self.is_closed or self.flow_step not in UNVERIFIED_STEPS:
            raise UserError(_('Case %s: the verification is recorded before the letters are '
                              'signed and the plan made.') % self.name)
        decision = values.get('verify_decision')
        if decision not in dict(VERIFY_DECISIONS):
            raise UserError(_('Case %s: choose the decision of the verification.') % self.name)
        vals = {name: values.get(name) or False for name in VERIFICATION_FIELDS}
        vals.update(verify_user_id=self.env.uid, verify_date=self._today(),
                    verify_reason=(values.get('verify_reason') or '').strip() or False)
        if decision == 'eligible':
            vals['verify_reason'] = False
        verifying = self.flow_step == 'verify'
        self._write_case(vals)
        if verifying:
            self._advance()  # letters signed already: on to the signing step
        return True

    @api.multi
    def _check_verified(self):
        """The letters are signed and the plan made for an eligible project only."""
        for case in self:
            if case.verify_decision == 'ineligible':
                raise UserError(_('Case %s: the project is not eligible (%s); terminate the '
                                  'case with the reason "the project is not eligible".')
                                % (case.name, case.verify_reason))
            if case.verify_decision != 'eligible':
                raise UserError(_('Case %s: verify the project first (category, decision '
                                  'document, codes) and record it as eligible.') % case.name)
