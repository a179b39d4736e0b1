from odoo import api, models
from odoo.modules import module


class AgencyChatter(models.AbstractModel):
    """Mixed in before ``mail.thread`` by the module's models: records that module data
    files create or change while Odoo loads modules get no "created" note and no tracking.
    Odoo loads a module's data before its translations, so those notes would stay in
    English for good; and a record's history starts with the first change a user makes."""
    _name = 'agency.chatter'
    _description = 'Chatter of Agency Records'

    def _quiet_while_loading(self):
        # Tests that Odoo runs while it loads (at_install) keep their chatter.
        loading = self.pool._init and not module.current_test
        return self.with_context(tracking_disable=True) if loading else self

    @api.model
    def create(self, vals):
        record = super(AgencyChatter, self._quiet_while_loading()).create(vals)
        return record.with_env(self.env)

    @api.multi
    def write(self, vals):
        return super(AgencyChatter, self._quiet_while_loading()).write(vals)
