from odoo import api, models


class AgencyChatter(models.AbstractModel):
    """Mixed in before ``mail.thread`` by the module's models: records that module data
    files create or change while Odoo loads modules get no "created" note and no tracking.
    Odoo loads a module's data before its translations, so those notes would stay in
    English for good; and a record's history starts with the first change a user makes."""
    _name = 'agency.chatter'
    _description = 'Chatter of Agency Records'

    def _quiet_while_loading(self):
        return self.with_context(tracking_disable=True) if self.pool._init else self

    @api.model
    def create(self, vals):
        return super(AgencyChatter, self._quiet_while_loading()).create(vals)

    @api.multi
    def write(self, vals):
        return super(AgencyChatter, self._quiet_while_loading()).write(vals)
