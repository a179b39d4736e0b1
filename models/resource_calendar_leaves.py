from datetime import time, timedelta

import pytz

from odoo import api, fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = 'resource.calendar.leaves'

    @api.multi
    def write(self, vals):
        res = super(ResourceCalendarLeaves, self).write(vals)
        # Odoo 11 checks record rules before a write only: check them after it too,
        # or an employee could turn his own leave into a holiday of the agency calendar.
        self.check_access_rule('write')
        return res

    @api.multi
    def _agency_days(self):
        """The dates the leave covers in its own time zone (a public holiday is a leave
        of the calendar without resource); a leave ending at midnight leaves that day
        free."""
        self.ensure_one()
        tz = pytz.timezone(self.tz or 'UTC')
        local_from = pytz.utc.localize(fields.Datetime.from_string(self.date_from)).astimezone(tz)
        local_to = pytz.utc.localize(fields.Datetime.from_string(self.date_to)).astimezone(tz)
        day, last = local_from.date(), local_to.date()
        if local_to.time() == time.min and last > day:
            last -= timedelta(days=1)
        days = []
        while day <= last:
            days.append(day)
            day += timedelta(days=1)
        return days
