from datetime import datetime, timedelta

from odoo.exceptions import AccessError

from .common import NOT_ALLOWED, AgencyTestCommon, restricted


def d(text):
    """'2026-10-08' -> date(2026, 10, 8)"""
    return datetime.strptime(text, '%Y-%m-%d').date()


class TestWorkingDays(AgencyTestCommon):
    """Working days of the agency calendar, on the real 2026 holidays and 调休 days.

    Every expected date below was counted by hand on a 2026 calendar:
    元旦 01-01..03 (01-04 Sun worked), 春节 02-15..23 (02-14 Sat, 02-28 Sat worked),
    清明 04-04..06, 劳动节 05-01..05 (05-09 Sat worked), 端午 06-19..21,
    中秋 09-25..27, 国庆 10-01..07 (09-20 Sun, 10-10 Sat worked).
    """

    def add(self, start, days, calendar=None):
        return (calendar or self.calendar).agency_add_working_days(d(start), days)

    def between(self, start, end, calendar=None):
        return (calendar or self.calendar).agency_working_days_between(d(start), d(end))

    def assertAdds(self, start, expected):
        """``expected[n - 1]`` is the date ``n`` working days after ``start``."""
        got = [self.add(start, n).isoformat() for n in range(1, len(expected) + 1)]
        self.assertEqual(got, expected, 'working days after %s' % start)

    def test_calendar_data(self):
        self.assertTrue(self.calendar.agency_calendar)
        self.assertEqual(self.calendar._agency_weekdays(), {0, 1, 2, 3, 4})
        self.assertEqual(self.env['resource.calendar'].agency_default_calendar(), self.calendar)
        holidays = self.env['resource.calendar.leaves'].search([
            ('calendar_id', '=', self.calendar.id), ('resource_id', '=', False),
            ('date_from', '>=', '2025-12-31'), ('date_to', '<=', '2027-01-01')])
        self.assertEqual(len(holidays), 7)
        workdays = self.calendar.workday_ids.filtered(lambda w: w.date[:4] == '2026')
        self.assertEqual(sorted(workdays.mapped('date')), [
            '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
        for region in self.env['agency.region'].search([]):
            self.assertEqual(region._get_calendar(), self.calendar, region.name)

    def test_is_working_day(self):
        expected = {
            '2026-01-01': False, '2026-01-02': False, '2026-01-03': False, '2026-01-04': True,
            '2026-02-13': True, '2026-02-14': True, '2026-02-15': False, '2026-02-20': False,
            '2026-02-23': False, '2026-02-24': True, '2026-02-28': True, '2026-03-01': False,
            '2026-04-03': True, '2026-04-06': False, '2026-04-07': True,
            '2026-05-01': False, '2026-05-05': False, '2026-05-06': True, '2026-05-09': True,
            '2026-05-10': False, '2026-06-19': False, '2026-06-22': True,
            '2026-09-19': False, '2026-09-20': True, '2026-09-24': True, '2026-09-25': False,
            '2026-09-30': True, '2026-10-01': False, '2026-10-07': False, '2026-10-08': True,
            '2026-10-10': True, '2026-10-11': False, '2026-10-12': True,
        }
        got = {day: self.calendar.agency_is_working_day(d(day)) for day in expected}
        self.assertEqual(got, expected)

    def test_national_day(self):
        # Mon 09-28: Tue 29, Wed 30, [10-01..07 off], Thu 10-08, Fri 09, Sat 10 (调休),
        # [Sun 11], Mon 12 .. Fri 16.
        self.assertAdds('2026-09-28', [
            '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10',
            '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16'])
        self.assertEqual(self.add('2026-09-30', 1), d('2026-10-08'))
        # Starting inside the holiday or on its last day.
        self.assertEqual(self.add('2026-10-01', 1), d('2026-10-08'))
        self.assertEqual(self.add('2026-10-07', 1), d('2026-10-08'))
        self.assertEqual(self.between('2026-09-30', '2026-10-08'), 1)
        self.assertEqual(self.between('2026-10-01', '2026-10-07'), 0)
        self.assertEqual(self.between('2026-09-28', '2026-10-16'), 10)

    def test_national_day_with_sunday_makeup_and_mid_autumn(self):
        # Fri 09-18: [Sat 19], Sun 20 (调休), Mon 21 .. Thu 24, [中秋 Fri 25 .. Sun 27],
        # Mon 28, Tue 29, Wed 30, [国庆], Thu 10-08, Fri 09, Sat 10 (调休), Mon 12 ..
        self.assertAdds('2026-09-18', [
            '2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24',
            '2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09',
            '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15',
            '2026-10-16', '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22'])
        self.assertEqual(self.between('2026-09-18', '2026-10-22'), 20)
        self.assertEqual(self.between('2026-09-19', '2026-09-20'), 1)

    def test_spring_festival(self):
        # Thu 02-12: Fri 13, Sat 14 (调休), [02-15..23 off], Tue 24 .. Fri 27, Sat 28 (调休),
        # [Sun 03-01], Mon 03-02.
        self.assertAdds('2026-02-12', [
            '2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26',
            '2026-02-27', '2026-02-28', '2026-03-02'])
        self.assertEqual(self.add('2026-02-14', 1), d('2026-02-24'))
        self.assertEqual(self.add('2026-02-13', 10), d('2026-03-05'))
        self.assertEqual(self.between('2026-02-12', '2026-03-02'), 8)
        self.assertEqual(self.between('2026-02-14', '2026-02-23'), 0)

    def test_other_holidays_of_2026(self):
        # 元旦: Wed 2025-12-31, [01-01..03], Sun 01-04 (调休), Mon 05.
        self.assertAdds('2025-12-31', ['2026-01-04', '2026-01-05', '2026-01-06'])
        # 清明: Thu 04-02, Fri 04-03 is worked, [Sat 04..Mon 06], Tue 07.
        self.assertAdds('2026-04-02', ['2026-04-03', '2026-04-07', '2026-04-08'])
        # 劳动节: Wed 04-29, Thu 30, [05-01..05], Wed 06, Thu 07, Fri 08, Sat 09 (调休), Mon 11.
        self.assertAdds('2026-04-29', [
            '2026-04-30', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09', '2026-05-11'])
        # 端午: Thu 06-18, [Fri 19..Sun 21], Mon 22.
        self.assertAdds('2026-06-18', ['2026-06-22', '2026-06-23'])
        # An ordinary fortnight.
        self.assertAdds('2026-03-06', ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12',
                                       '2026-03-13', '2026-03-16'])

    def test_whole_year(self):
        # 2026: 261 weekdays, 19 of them holidays, 6 make-up days.
        self.assertEqual(self.between('2025-12-31', '2026-12-31'), 248)
        # A limit reaching far ahead widens the searched period.
        self.assertEqual(self.add('2025-12-31', 248), d('2026-12-31'))

    def test_zero_days(self):
        for day in ('2026-03-04', '2026-10-01', '2026-10-10', '2026-10-11'):
            self.assertEqual(self.add(day, 0), d(day))
            self.assertEqual(self.between(day, day), 0)

    def test_negative_ranges(self):
        self.assertEqual(self.between('2026-10-16', '2026-09-28'), -10)
        self.assertEqual(self.between('2026-03-02', '2026-02-12'), -8)
        self.assertEqual(self.between('2026-10-08', '2026-09-30'), -1)
        self.assertEqual(self.between('2026-10-07', '2026-10-01'), 0)

    def test_between_inverts_add(self):
        day, last = d('2026-01-01'), d('2026-12-31')
        while day <= last:
            for days in (0, 1, 2, 3, 5, 7, 10, 15, 20):
                end = self.calendar.agency_add_working_days(day, days)
                self.assertEqual(self.calendar.agency_working_days_between(day, end), days,
                                 '%s + %s working days = %s' % (day, days, end))
                self.assertEqual(self.calendar.agency_working_days_between(end, day), -days)
                if days:
                    self.assertTrue(self.calendar.agency_is_working_day(end), end)
            day += timedelta(days=3)

    def test_accepts_strings_and_datetimes(self):
        self.assertEqual(self.calendar.agency_add_working_days('2026-09-30', 1), d('2026-10-08'))
        self.assertEqual(self.calendar.agency_add_working_days('2026-09-30 10:00:00', 1),
                         d('2026-10-08'))
        self.assertEqual(self.calendar.agency_add_working_days(datetime(2026, 9, 30, 10), 1),
                         d('2026-10-08'))
        self.assertEqual(
            self.calendar.agency_working_days_between('2026-09-30', datetime(2026, 10, 8, 9)), 1)

    def test_catalog_admin_adds_holiday_and_makeup_day(self):
        self.assertEqual(self.add('2026-03-02', 1), d('2026-03-03'))
        self.assertEqual(self.between('2026-03-02', '2026-03-06'), 4)
        # Tue 2026-03-03 becomes a holiday (entered in Beijing time).
        self.env['resource.calendar.leaves'].sudo(self.catalog_admin).create({
            'name': '临时假日', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'date_from': '2026-03-02 16:00:00', 'date_to': '2026-03-03 15:59:59'})
        self.assertEqual(self.add('2026-03-02', 1), d('2026-03-04'))
        self.assertEqual(self.between('2026-03-02', '2026-03-06'), 3)
        self.assertFalse(self.calendar.agency_is_working_day('2026-03-03'))
        self.assertTrue(self.calendar.agency_is_working_day('2026-03-02'))
        self.assertTrue(self.calendar.agency_is_working_day('2026-03-04'))
        # Sat 2026-03-07 becomes a make-up working day.
        self.env['resource.calendar.workday'].sudo(self.catalog_admin).create({
            'name': '调休', 'calendar_id': self.calendar.id, 'date': '2026-03-07'})
        self.assertEqual(self.add('2026-03-06', 1), d('2026-03-07'))
        self.assertEqual(self.between('2026-03-02', '2026-03-09'), 5)

    def test_holiday_boundaries(self):
        Leave = self.env['resource.calendar.leaves']
        # Ends at midnight Beijing time: Thu 03-12 only, not Fri 03-13.
        Leave.create({'name': 'a', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
                      'date_from': '2026-03-11 16:00:00', 'date_to': '2026-03-12 16:00:00'})
        # Entered in UTC: Tue 03-17 only.
        Leave.create({'name': 'b', 'calendar_id': self.calendar.id, 'tz': 'UTC',
                      'date_from': '2026-03-17 00:00:00', 'date_to': '2026-03-17 23:59:59'})
        self.assertAdds('2026-03-10', ['2026-03-11', '2026-03-13', '2026-03-16', '2026-03-18'])
        # Holidays of another calendar and leaves of one person do not count.
        other = self.env['resource.calendar'].create({'name': 'Other'})
        Leave.create({'name': 'c', 'calendar_id': other.id, 'tz': 'Asia/Shanghai',
                      'date_from': '2026-03-18 16:00:00', 'date_to': '2026-03-19 15:59:59'})
        resource = self.env['resource.resource'].create({
            'name': 'agent', 'user_id': self.agent_hhht.id, 'calendar_id': self.calendar.id})
        Leave.create({'name': 'd', 'calendar_id': self.calendar.id, 'resource_id': resource.id,
                      'tz': 'Asia/Shanghai',
                      'date_from': '2026-03-19 16:00:00', 'date_to': '2026-03-20 15:59:59'})
        self.assertEqual(self.add('2026-03-18', 2), d('2026-03-20'))

    def test_makeup_day_on_weekday_refused(self):
        Workday = self.env['resource.calendar.workday'].sudo(self.catalog_admin)
        weekday = '%s is already a working day of the calendar: only a weekend day can be a ' \
            'make-up working day.'
        self.assertInvalid(lambda: Workday.create({
            'name': '调休', 'calendar_id': self.calendar.id, 'date': '2026-03-04'}),
            weekday % '2026-03-04')
        workday = Workday.create({'name': '调休', 'calendar_id': self.calendar.id,
                                  'date': '2026-03-08'})
        self.assertInvalid(lambda: workday.write({'date': '2026-03-09'}), weekday % '2026-03-09')

    def test_plain_agent_cannot_change_days(self):
        Leave = self.env['resource.calendar.leaves']
        holiday = self.env.ref('investment_agency.holiday_2026_national_day')
        self.assertEqual(holiday.sudo(self.agent_hhht).name, '2026年国庆节')
        # Odoo lets employees create leaves: the record rules refuse a holiday.
        self.assertRefused(lambda: Leave.sudo(self.agent_hhht).create({
            'name': 'x', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'date_from': '2026-03-02 16:00:00', 'date_to': '2026-03-03 15:59:59'}),
            AccessError, restricted('Leave Detail'))
        # The holiday was not created: the working days are unchanged.
        self.assertEqual(self.add('2026-03-02', 1), d('2026-03-03'))
        self.assertRefused(lambda: holiday.sudo(self.agent_hhht).write(
            {'date_to': '2026-10-08 15:59:59'}),
            AccessError, restricted('Leave Detail', 'write'))
        Workday = self.env['resource.calendar.workday'].sudo(self.agent_hhht)
        self.assertRefused(lambda: Workday.create({
            'name': 'x', 'calendar_id': self.calendar.id, 'date': '2026-03-07'}),
            AccessError, NOT_ALLOWED['create'])
        self.assertEqual(self.add('2026-10-07', 1), d('2026-10-08'))
