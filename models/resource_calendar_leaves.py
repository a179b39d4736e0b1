from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

# The time zone of the service's calendar (a holiday runs from 00:00 to 23:59:59 there).
AGENCY_TZ = 'Asia/Shanghai'


class ResourceCalendarLeaves(models.Model):
    _inherit = 'resource.calendar.leaves'

    # A public holiday by its first and last day (local dates, the leave's time zone):
    # what an administrator types or imports (data/templates/public_holidays.csv), stored
    # as the leave's UTC date_from/date_to.
    agency_date_from = fields.Date(string='First Day', compute='_compute_agency_dates',
                                   inverse='_inverse_agency_dates')
    agency_date_to = fields.Date(string='Last Day', compute='_compute_agency_dates',
                                 inverse='_inverse_agency_dates')

    @api.depends('date_from', 'date_to', 'tz')
    def _compute_agency_dates(self):
        for leave in self:
            tz = pytz.timezone(leave.tz or AGENCY_TZ)
            for field, source in (('agency_date_from', 'date_from'),
                                  ('agency_date_to', 'date_to')):
                value = leave[source] and pytz.utc.localize(
                    fields.Datetime.from_string(leave[source])).astimezone(tz).date()
                leave[field] = value and fields.Date.to_string(value)

    @api.multi
    def _inverse_agency_dates(self):
        for leave in self:
            values = self._agency_datetimes(leave.tz, leave.agency_date_from,
                                            leave.agency_date_to)
            if values:
                leave.write(values)

    @api.model
    def _agency_datetimes(self, tz, date_from, date_to):
        """date_from/date_to (UTC) of a holiday from its first and last local day."""
        tz = pytz.timezone(tz or AGENCY_TZ)
        values = {}
        if date_from:
            start = tz.localize(datetime.combine(fields.Date.from_string(date_from), time.min))
            values['date_from'] = fields.Datetime.to_string(start.astimezone(pytz.utc))
        if date_to:
            end = tz.localize(datetime.combine(fields.Date.from_string(date_to),
                                               time(23, 59, 59)))
            values['date_to'] = fields.Datetime.to_string(end.astimezone(pytz.utc))
        return values

    @api.model
    def create(self, vals):
        # The datetimes are required: give them from the days before the record exists.
        if vals.get('agency_date_from') or vals.get('agency_date_to'):
            vals = dict(self._agency_datetimes(
                vals.get('tz'), vals.get('agency_date_from'), vals.get('agency_date_to')),
                **vals)
        return super(ResourceCalendarLeaves, self).create(vals)

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
