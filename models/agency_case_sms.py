from odoo import api, fields, models


class AgencyCase(models.Model):
    """The applicant's contact is texted about the events of his case that he acts on or
    waits for (agency.sms.message), unless he declined."""
    _inherit = 'agency.case'

    sms_opt_out = fields.Boolean(
        string='No SMS', track_visibility='onchange',
        help='The applicant declined SMS about this case (he still gets the e-mails and '
             'sees everything on the portal).')
    sms_message_ids = fields.One2many('agency.sms.message', 'case_id', string='SMS Sent',
                                      groups='base.group_system')

    @api.multi
    def _on_case_event(self, event, line=None):
        res = super(AgencyCase, self)._on_case_event(event, line)
        self.env['agency.sms.message'].sudo()._record(self.sudo(), event, line)
        return res

    @api.multi
    def _set_sms_opt_out(self, opt_out):
        """The applicant's choice, from the portal."""
        self.ensure_one()
        return self.sudo()._write_case({'sms_opt_out': bool(opt_out)})
