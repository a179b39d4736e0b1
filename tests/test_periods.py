from datetime import timedelta

from odoo import fields

from .common import AgencyTestCommon


class TestReportingPeriods(AgencyTestCommon):
    """The reporting periods (月报期间) are date ranges of OCA date_range made by its
    generator: the 26th of one month to the 25th of the next, across the year end."""

    def setUp(self):
        super(TestReportingPeriods, self).setUp()
        self.type = self.env.ref('investment_agency.date_range_type_reporting_period')
        self.Range = self.env['date.range']

    def test_generator_bounds_across_a_year_end(self):
        created = self.type._agency_generate_periods(2031)
        self.assertEqual(len(created), 12)
        periods = created.sorted('date_start')
        self.assertEqual([(p.name, p.date_start, p.date_end) for p in periods[:2]], [
            ('2031年1月', '2030-12-26', '2031-01-25'),
            ('2031年2月', '2031-01-26', '2031-02-25'),
        ])
        self.assertEqual((periods[-1].name, periods[-1].date_start, periods[-1].date_end),
                         ('2031年12月', '2031-11-26', '2031-12-25'))
        # One after the other, no gap, no overlap.
        for before, after in zip(periods, periods[1:]):
            self.assertEqual(fields.Date.from_string(before.date_end) + timedelta(days=1),
                             fields.Date.from_string(after.date_start))
        # Generated again: nothing new.
        self.assertFalse(self.type._agency_generate_periods(2031))
        # The 25th and the 26th of December fall in two periods of two years; the next
        # year is generated when first needed.
        self.assertEqual(self.Range._agency_period_of('2031-12-25'), periods[-1])
        self.assertFalse(self.Range.search([('type_id', '=', self.type.id),
                                            ('date_start', '=', '2031-12-26')]))
        january = self.Range._agency_period_of('2031-12-26')
        self.assertEqual((january.name, january.date_start, january.date_end),
                         ('2032年1月', '2031-12-26', '2032-01-25'))
        self.assertEqual(self.Range.search_count([('type_id', '=', self.type.id),
                                                  ('date_start', '>=', '2031-12-26'),
                                                  ('date_end', '<=', '2032-12-25')]), 12)

    def test_install_generated_the_years_of_the_service(self):
        # From 2021 (the plan) to the year after the service day.
        first = self.Range.search([('type_id', '=', self.type.id)], order='date_start', limit=1)
        self.assertEqual((first.name, first.date_start), ('2021年1月', '2020-12-26'))
        today = self.env['resource.calendar'].agency_today()
        next_year = int(today[:4]) + 1
        self.assertTrue(self.Range.search([('type_id', '=', self.type.id),
                                           ('name', '=', '%d年12月' % next_year)]))
        cron = self.env.ref('investment_agency.ir_cron_generate_periods')
        self.assertEqual(cron.code.strip(), 'model._agency_cron_generate_periods()')

    def test_pickers_show_the_latest_periods_first(self):
        domain = [('type_id', '=', self.type.id)]
        oldest = self.Range.name_search('', domain, limit=1)
        latest = self.Range.with_context(agency_recent_first=True).name_search(
            '', domain, limit=3)
        self.assertEqual(oldest[0][1], '2021年1月')
        dates = [self.Range.browse(id_).date_start for id_, _name in latest]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertGreater(dates[0], '2026-01-01')
        found = self.Range.with_context(agency_recent_first=True).name_search(
            '2026年3', domain)
        self.assertEqual([name for _id, name in found], ['2026年3月'])
