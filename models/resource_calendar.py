from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models


def to_date(value):
    """Accept a date, a datetime or an Odoo date string; return a date."""
    if not value:
        return value
    if isinstance(value, str):
        return fields.Date.from_string(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


class ResourceCalendar(models.Model):
    """Working days for time limits (限时办结).

    A day is a working day when the calendar has attendances on its weekday
    or when it is a make-up working day (调休), and no global leave (public
    holiday) covers it. Every time limit of the module is counted by
    ``agency_add_working_days`` and ``agency_working_days_between``.
    """
    _inherit = 'resource.calendar'

    agency_calendar = fields.Boolean(
        string='Counts Time Limits',
        help='The calendar counts the time limits of the agency service; its holidays '
             'are maintained by catalog administrators only.')
    workday_ids = fields.One2many(
        'resource.calendar.workday', 'calendar_id', string='Make-up Working Days',
        help='Saturdays or Sundays that are working days (调休).')

    @api.multi
    def _agency_special_days(self, date_from, date_to):
        """Holidays and make-up working days between two dates, as two sets of dates."""
        self.ensure_one()
        start = datetime.combine(date_from, time.min) - timedelta(days=1)
        end = datetime.combine(date_to, time.max) + timedelta(days=1)
        leaves = self.env['resource.calendar.leaves'].sudo().search([
            ('calendar_id', '=', self.id),
            ('resource_id', '=', False),
            ('date_from', '<=', fields.Datetime.to_string(end)),
            ('date_to', '>=', fields.Datetime.to_string(start)),
        ])
        holidays = set()
        for leave in leaves:
            tz = pytz.timezone(leave.tz or 'UTC')
            local_from = pytz.utc.localize(fields.Datetime.from_string(leave.date_from)).astimezone(tz)
            local_to = pytz.utc.localize(fields.Datetime.from_string(leave.date_to)).astimezone(tz)
            day, last = local_from.date(), local_to.date()
            if local_to.time() == time.min and last > day:
                last -= timedelta(days=1)  # a leave ending at midnight leaves that day free
            while day <= last:
                holidays.add(day)
                day += timedelta(days=1)
        workdays = set(to_date(d) for d in self.env['resource.calendar.workday'].sudo().search([
            ('calendar_id', '=', self.id),
            ('date', '>=', fields.Date.to_string(date_from)),
            ('date', '<=', fields.Date.to_string(date_to)),
        ]).mapped('date'))
        return holidays, workdays

    @api.multi
    def _agency_weekdays(self):
        self.ensure_one()
        return set(int(day) for day in self.attendance_ids.mapped('dayofweek'))

    @api.multi
    def agency_is_working_day(self, day):
        self.ensure_one()
        day = to_date(day)
        holidays, workdays = self._agency_special_days(day, day)
        return self._agency_is_working(day, self._agency_weekdays(), holidays, workdays)

    @staticmethod
    def _agency_is_working(day, weekdays, holidays, workdays):
        if day in holidays:
            return False
        return day in workdays or day.weekday() in weekdays

    @api.multi
    def agency_add_working_days(self, start, days):
        """The date ``days`` working days after ``start`` (``start`` itself is day 0).

        With ``days`` = 0 the result is ``start`` itself (same-day items, 即办).
        """
        self.ensure_one()
        start = to_date(start)
        if days <= 0:
            return start
        weekdays = self._agency_weekdays()
        if not weekdays:
            return start + timedelta(days=days)
        # Wide enough for any run of holidays; widened again if not.
        horizon = start + timedelta(days=days * 2 + 40)
        holidays, workdays = self._agency_special_days(start, horizon)
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if day > horizon:
                horizon = day + timedelta(days=days * 2 + 40)
                holidays, workdays = self._agency_special_days(day, horizon)
            if self._agency_is_working(day, weekdays, holidays, workdays):
                left -= 1
        return day

    @api.multi
    def agency_working_days_between(self, start, end):
        """Working days after ``start`` up to and including ``end``.

        ``agency_working_days_between(d, agency_add_working_days(d, n)) == n``;
        negative when ``end`` is before ``start``.
        """
        self.ensure_one()
        start, end = to_date(start), to_date(end)
        if end < start:
            return -self.agency_working_days_between(end, start)
        weekdays = self._agency_weekdays()
        holidays, workdays = self._agency_special_days(start, end)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self._agency_is_working(day, weekdays, holidays, workdays):
                count += 1
        return count

    @api.model
    def agency_default_calendar(self):
        """The calendar that counts time limits when a region names none."""
        return self.env.ref('investment_agency.calendar_agency', raise_if_not_found=False) \
            or self.env.user.company_id.resource_calendar_id
