from odoo import api, models

from .agency_api_key import API_CHANNELS


class AgencyCase(models.Model):
    """The channel that filed a case (the 蒙速办 app, the 12345 hotline, through its API
    key) is told of its stage changes, completion and item events by signed webhooks
    (agency.webhook.delivery), when its key has a callback URL."""
    _inherit = 'agency.case'

    @api.multi
    def _on_case_event(self, event, line=None):
        res = super(AgencyCase, self)._on_case_event(event, line)
        self._notify_channel(event, line)
        return res

    @api.multi
    def _notify_channel(self, event, line=None):
        """Record ``event`` for the channel that filed the case (if it takes webhooks)."""
        self.ensure_one()
        if self.channel in dict(API_CHANNELS):
            self.env['agency.webhook.delivery'].sudo()._record(self.sudo(), event, line)

    @api.multi
    def _agency_channel_key(self):
        """The API key through which the case was filed, or an empty recordset."""
        self.ensure_one()
        return self.env['agency.intake.request'].sudo().search(
            [('case_id', '=', self.id), ('api_key_id', '!=', False)], limit=1).api_key_id
