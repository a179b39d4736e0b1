from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = 'resource.calendar.leaves'

    @api.multi
    def write(self, vals):
        res = super(ResourceCalendarLeaves, self).write(vals)
        # Odoo 11 checks record rules before a write only: check them after it too,
        # or an employee could turn his own leave into a holiday of the agency calendar.
        self.check_access_rule('write')
        return res
