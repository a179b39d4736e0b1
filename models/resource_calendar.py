import pytz

from odoo import api, fields, models
from odoo.addons.base.res.res_partner import _tz_get

from .dates import to_date
from .deadline_engine import WorkingCalendar

# The service keeps Beijing time: "today" is a date there, whoever acts and wherever
# the server runs.
SERVICE_TZ = 'Asia/Shanghai'


def service_today(record):
    """The service day of the default calendar, for field defaults
    (``default=service_today``) and records that belong to no region."""
    return record.env['resource.calendar'].agency_today()


class ResourceCalendar(models.Model):
    """Working days for time limits (限时办结), and the service day.

    A day is a working day when the calendar has attendances on its weekday
    or when it is a make-up working day (调休), and no global leave (public
    holiday) covers it. The counting itself is done by ``deadline_engine``
    on a snapshot of the calendar (``_agency_snapshot``).
    """
    _inherit = 'resource.calendar'

    agency_calendar = fields.Boolean(
        string='Counts Time Limits',
        help='The calendar counts the time limits of the agency service; its holidays '
             'are maintained by catalog administrators only.')
    tz = fields.Selection(
        _tz_get, string='Timezone', required=True, default=SERVICE_TZ,
        help='The time zone of the service hall: its date is "today" for every time limit, '
             'date and form of the service, whatever the time zone of the user.')
    workday_ids = fields.One2many(
        'resource.calendar.workday', 'calendar_id', string='Make-up Working Days',
        help='Saturdays or Sundays that are working days (调休).')

    # ------------------------------------------------------------------ the service day

    @api.multi
    def agency_today(self):
        """The service day: the date now in the calendar's time zone (the default
        calendar's when ``self`` is empty), as an Odoo date string.

        The one "today" of the module: never ``fields.Date.context_today``, which is the
        date of whoever happens to act (a cron's user, a visitor, a user abroad).
        """
        return fields.Date.to_string(self.agency_local_time().date())

    @api.multi
    def agency_local_time(self, moment=None):
        """A UTC date and time (an Odoo datetime string or a naive datetime; now when
        empty) as the time of the service hall, in the calendar's time zone."""
        # Read as superuser: every visitor and applicant has a service day.
        calendar = (self[:1] or self.agency_default_calendar()).sudo()
        moment = fields.Datetime.from_string(moment or fields.Datetime.now())
        return pytz.utc.localize(moment).astimezone(pytz.timezone(calendar.tz or SERVICE_TZ))

    @api.model
    def agency_default_calendar(self):
        """The calendar that counts time limits when a region names none."""
        return self.env.ref('investment_agency.calendar_agency', raise_if_not_found=False) \
            or self.env.user.company_id.resource_calendar_id

    # ------------------------------------------------------------------ working days

    @api.multi
    def _agency_snapshot(self):
        """The calendar as the deadline engine counts it: weekdays worked, every public
        holiday (a global leave, as days in its own time zone) and make-up working day.
        Two queries, whatever the period counted."""
        self.ensure_one()
        calendar = self.sudo()
        holidays = set()
        for leave in self.env['resource.calendar.leaves'].sudo().search([
                ('calendar_id', '=', self.id), ('resource_id', '=', False)]):
            holidays.update(leave._agency_days())
        workdays = calendar.workday_ids.mapped('date')
        return WorkingCalendar(self._agency_weekdays(), holidays, workdays)

    @api.multi
    def _agency_weekdays(self):
        self.ensure_one()
        return set(int(day) for day in self.sudo().attendance_ids.mapped('dayofweek'))

    @api.multi
    def agency_is_working_day(self, day):
        return self._agency_snapshot().is_working(day)

    @api.multi
    def agency_add_working_days(self, start, days):
        """The date ``days`` working days after ``start`` (``start`` itself is day 0).

        With ``days`` = 0 the result is ``start`` itself (same-day items, 即办);
        with a negative ``days`` the date that many working days before.
        """
        return self._agency_snapshot().add(to_date(start), days)

    @api.multi
    def agency_working_days_between(self, start, end):
        """Working days after ``start`` up to and including ``end``.

        ``agency_working_days_between(d, agency_add_working_days(d, n)) == n``;
        negative when ``end`` is before ``start``.
        """
        return self._agency_snapshot().between(to_date(start), to_date(end))
