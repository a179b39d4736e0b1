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


class WorkingDayCounter(object):
    """Counts working days of one calendar over a window, without queries.

    Built by ``resource.calendar._agency_counter``; a cron uses one counter
    for thousands of lines. Outside its window it asks the calendar again.
    """

    def __init__(self, calendar, date_from, date_to):
        self.calendar = calendar
        self.weekdays = calendar._agency_weekdays()
        self._load(date_from, date_to)

    def _load(self, date_from, date_to):
        self.date_from, self.date_to = date_from, date_to
        self.holidays, self.workdays = self.calendar._agency_special_days(date_from, date_to)

    def _cover(self, day):
        if day < self.date_from:
            self._load(day - timedelta(days=60), self.date_to)
        elif day > self.date_to:
            self._load(self.date_from, day + timedelta(days=120))

    def is_working(self, day):
        self._cover(day)
        if day in self.holidays:
            return False
        return day in self.workdays or day.weekday() in self.weekdays

    def add(self, start, days):
        """The date ``days`` working days after ``start`` (before it when negative)."""
        start = to_date(start)
        if not days:
            return start
        if not self.weekdays:  # a calendar without attendances counts calendar days
            return start + timedelta(days=days)
        step = timedelta(days=1 if days > 0 else -1)
        day, left = start, abs(days)
        while left:
            day += step
            if self.is_working(day):
                left -= 1
        return day

    def between(self, start, end):
        """Working days after ``start`` up to and including ``end``; negative if reversed."""
        start, end = to_date(start), to_date(end)
        if end < start:
            return -self.between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working(day):
                count += 1
        return count


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
    def _agency_counter(self, date_from, date_to):
        """A counter of working days that reads holidays between the two dates once."""
        self.ensure_one()
        return WorkingDayCounter(self, to_date(date_from), to_date(date_to))

    @api.multi
    def agency_is_working_day(self, day):
        day = to_date(day)
        return self._agency_counter(day, day).is_working(day)

    @api.multi
    def agency_add_working_days(self, start, days):
        """The date ``days`` working days after ``start`` (``start`` itself is day 0).

        With ``days`` = 0 the result is ``start`` itself (same-day items, 即办);
        with a negative ``days`` the date that many working days before.
        """
        start = to_date(start)
        margin = timedelta(days=abs(days) * 2 + 40)
        return self._agency_counter(start - margin, start + margin).add(start, days)

    @api.multi
    def agency_working_days_between(self, start, end):
        """Working days after ``start`` up to and including ``end``.

        ``agency_working_days_between(d, agency_add_working_days(d, n)) == n``;
        negative when ``end`` is before ``start``.
        """
        start, end = to_date(start), to_date(end)
        return self._agency_counter(min(start, end), max(start, end)).between(start, end)

    @api.model
    def agency_default_calendar(self):
        """The calendar that counts time limits when a region names none."""
        return self.env.ref('investment_agency.calendar_agency', raise_if_not_found=False) \
            or self.env.user.company_id.resource_calendar_id
