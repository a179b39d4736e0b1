"""The deadline engine against a day-by-day reference, and against the lines' fields.

The reference below is the counting the module used before the engine (a walk
over the days, one at a time): the engine must give the same dates, counts,
deadlines and lights on the real 2026 calendar, on odd calendars, on a table of
hand-counted cases and on every demo line.
"""
import random
from datetime import date, timedelta

from odoo.addons.investment_agency.models import deadline_engine as engine

from .common import AgencyCaseCommon, recompute, today_is

THRESHOLDS = engine.Thresholds(warning_days=3, escalation_days=2)


class Reference(object):
    """Working days counted one day at a time."""

    def __init__(self, weekdays, holidays, workdays):
        self.weekdays, self.holidays, self.workdays = set(weekdays), set(holidays), set(workdays)

    def is_working(self, day):
        if day in self.holidays:
            return False
        return day in self.workdays or day.weekday() in (self.weekdays or set(range(7)))

    def add(self, start, days):
        step = timedelta(days=1 if days > 0 else -1)
        day, left = start, abs(days)
        while left:
            day += step
            if self.is_working(day):
                left -= 1
        return day

    def between(self, start, end):
        if end < start:
            return -self.between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working(day)
        return count

    def clock(self, state, accepted, committed, paused, pause_start, ended, today):
        """Deadline, days used and light as the line's fields computed them before."""
        current = max(self.between(pause_start, today), 0) \
            if state == 'correction' and pause_start else 0
        deadline = self.add(accepted, committed + paused + current)
        end = ended if state in ('done', 'refused', 'withdrawn') else today
        used = 0
        if state != 'withdrawn':
            used = max(max(self.between(accepted, end), 0) - paused - current, 0)
        light = 'none'
        if state == 'accepted':
            if deadline < today:
                light = 'red'
            elif deadline <= self.add(today, THRESHOLDS.warning_days):
                light = 'yellow'
            else:
                light = 'green'
        return deadline, used, light


def d(text):
    return date(int(text[:4]), int(text[5:7]), int(text[8:10]))


class TestDeadlineEngine(AgencyCaseCommon):

    @classmethod
    def setUpClass(cls):
        super(TestDeadlineEngine, cls).setUpClass()
        cls.snapshot = cls.calendar._agency_snapshot()
        cls.reference = Reference(cls.snapshot.weekdays, cls.snapshot.holidays,
                                  cls.snapshot.workdays)

    def assertSameCounting(self, calendar, reference, days, spans):
        rng = random.Random(11)
        for _i in range(400):
            start = days[rng.randrange(len(days))]
            span = rng.choice(spans)
            self.assertEqual(calendar.add(start, span), reference.add(start, span),
                             'add(%s, %s)' % (start, span))
            end = start + timedelta(days=rng.randrange(-90, 200))
            self.assertEqual(calendar.between(start, end), reference.between(start, end),
                             'between(%s, %s)' % (start, end))
            self.assertEqual(calendar.is_working(end), reference.is_working(end), end)

    def test_same_counting_as_day_by_day_on_the_2026_calendar(self):
        self.assertEqual(self.snapshot.weekdays, {0, 1, 2, 3, 4})
        self.assertIn(d('2026-10-01'), self.snapshot.holidays)
        self.assertIn(d('2026-10-10'), self.snapshot.workdays)
        days = [d('2025-12-01') + timedelta(days=n) for n in range(500)]
        self.assertSameCounting(self.snapshot, self.reference, days,
                                [-45, -10, -3, -1, 0, 1, 2, 5, 10, 15, 20, 30, 60, 120])

    def test_same_counting_on_odd_calendars(self):
        holidays = {d('2026-03-02'), d('2026-03-07'), d('2026-03-09'), d('2026-12-31')}
        workdays = {d('2026-03-08'), d('2026-03-04'), d('2026-03-09')}  # a weekday, a holiday
        days = [d('2026-02-01') + timedelta(days=n) for n in range(120)]
        for weekdays in ({0, 2, 4}, {5, 6}, set(), {0, 1, 2, 3, 4, 5, 6}):
            calendar = engine.WorkingCalendar(weekdays, holidays, workdays)
            reference = Reference(weekdays, holidays, workdays - holidays)
            self.assertSameCounting(calendar, reference, days, [-20, -1, 1, 3, 7, 30])

    def test_add_and_between_are_inverse(self):
        """Forwards from any day; backwards from a working day (from a holiday, the
        holiday itself is not counted by ``between``)."""
        for start in (d('2026-09-30'), d('2026-10-03'), d('2026-02-13'), d('2026-10-10')):
            lowest = -25 if self.snapshot.is_working(start) else 0
            for days in range(lowest, 40):
                end = self.snapshot.add(start, days)
                self.assertEqual(self.snapshot.between(start, end), days, (start, days))
                if days:
                    self.assertTrue(self.snapshot.is_working(end), end)

    def test_hand_counted_dates(self):
        add, between = self.snapshot.add, self.snapshot.between
        self.assertEqual(add(d('2026-09-30'), 1), d('2026-10-08'))   # 国庆
        self.assertEqual(add(d('2026-10-09'), 1), d('2026-10-10'))   # Saturday worked (调休)
        self.assertEqual(add(d('2026-10-17'), 1), d('2026-10-19'))   # from a Saturday
        self.assertEqual(add(d('2026-10-08'), -1), d('2026-09-30'))
        self.assertEqual(add(d('2026-10-08'), 0), d('2026-10-08'))
        self.assertEqual(between(d('2026-09-28'), d('2026-10-23')), 15)
        self.assertEqual(between(d('2026-10-23'), d('2026-09-28')), -15)

    def test_line_clocks_on_a_table_of_cases(self):
        """Engine, day-by-day reference and the line's computed fields agree."""
        table = [
            # (what, item, accepted, pause (from, to) or None, today) -> deadline, light
            ('across 国庆', 7, '2026-09-28', None, '2026-10-12', '2026-10-16', 'green'),
            ('yellow 3 days before', 7, '2026-09-28', None, '2026-10-13', '2026-10-16', 'yellow'),
            ('red the day after', 7, '2026-09-28', None, '2026-10-17', '2026-10-16', 'red'),
            ('调休 Saturday counts', 2, '2026-10-09', None, '2026-10-09', '2026-10-10', 'yellow'),
            ('accepted on a Saturday', 2, '2026-10-17', None, '2026-10-19', '2026-10-19',
             'yellow'),
            ('补正 across 国庆', 7, '2026-09-28', ('2026-09-30', '2026-10-09'), '2026-10-12',
             '2026-10-20', 'green'),
            ('still under 补正', 7, '2026-09-28', ('2026-09-30', None), '2026-10-20',
             '2026-10-30', 'none'),
        ]
        for what, number, accepted, pause, today, deadline, light in table:
            case = self.create_case(numbers=(number,), user_id=self.agent_wuhai.id)
            self.sign(case)
            case.action_generate_plan()
            line = case.line_ids
            with today_is(accepted):
                line.write({'state': 'declared'})
                line.write({'state': 'accepted'})
            if pause:
                with today_is(pause[0]):
                    line._request_correction('缺少勘测定界图')
                if pause[1]:
                    with today_is(pause[1]):
                        line.action_resume()
            with today_is(today):
                line.invalidate_cache()
                recompute(line, 'deadline')
                clock = engine.line_clock(self.snapshot, line._clock_facts(), d(today), THRESHOLDS)
            expected = self.reference.clock(line.state, d(accepted), line.committed_days,
                                            line.paused_days, line.pause_start and
                                            d(line.pause_start), None, d(today))
            self.assertEqual((clock.deadline.isoformat(), clock.light), (deadline, light), what)
            self.assertEqual((clock.deadline, clock.working_days_used, clock.light), expected,
                             what)
            self.assertEqual((line.deadline, line.working_days_used, line.light),
                             (deadline, clock.working_days_used, light), what)
            self.assertEqual(line.working_days_left,
                             self.snapshot.between(d(today), d(deadline)), what)

    def test_limit_of_zero(self):
        """A same-day item (即办): due the day it is accepted, red the next working day."""
        clock = engine.line_clock(self.snapshot, engine.LineFacts(
            state='accepted', accepted='2026-10-09', committed_days=0), d('2026-10-09'),
            THRESHOLDS)
        self.assertEqual((clock.deadline, clock.light, clock.working_days_left),
                         (d('2026-10-09'), 'yellow', 0))
        clock = engine.line_clock(self.snapshot, engine.LineFacts(
            state='accepted', accepted='2026-10-09', committed_days=0), d('2026-10-10'),
            THRESHOLDS)
        self.assertEqual((clock.light, clock.escalation_level, clock.working_days_left),
                         ('red', 1, -1))

    def test_decided_and_withdrawn_lines(self):
        facts = engine.LineFacts(state='done', accepted='2026-09-28', committed_days=10,
                                 ended='2026-10-14', statutory_days=20)
        clock = engine.line_clock(self.snapshot, facts, d('2026-11-30'), THRESHOLDS)
        self.assertEqual((clock.deadline, clock.working_days_used, clock.days_saved,
                          clock.on_time, clock.light, clock.working_days_left),
                         (d('2026-10-16'), 8, 12, True, 'none', 0))
        late = engine.line_clock(self.snapshot, facts._replace(ended='2026-10-19'),
                                 d('2026-11-30'), THRESHOLDS)
        self.assertFalse(late.on_time)
        withdrawn = engine.line_clock(self.snapshot, facts._replace(state='withdrawn'),
                                      d('2026-11-30'), THRESHOLDS)
        self.assertEqual((withdrawn.working_days_used, withdrawn.days_saved), (0, 0))
        self.assertEqual(engine.line_clock(self.snapshot, engine.LineFacts(), d('2026-11-30'),
                                           THRESHOLDS),
                         engine.Clock(None, 0, 0, 'none', 0, 0, False))

    def test_escalation_levels_and_alerts(self):
        facts = engine.LineFacts(state='accepted', accepted='2026-09-28', committed_days=10)
        levels = [engine.line_clock(self.snapshot, facts, d(day), THRESHOLDS).escalation_level
                  for day in ('2026-10-16', '2026-10-17', '2026-10-19', '2026-10-20')]
        self.assertEqual(levels, [0, 1, 1, 2])
        # A level reached is kept while the line stays red, dropped when it is not.
        kept = engine.line_clock(self.snapshot, facts._replace(escalation_level=2),
                                 d('2026-10-17'), THRESHOLDS)
        self.assertEqual(kept.escalation_level, 2)
        self.assertEqual(engine.alerts_due(('none', 0), ('yellow', 0)), ['yellow'])
        self.assertEqual(engine.alerts_due(('yellow', 0), ('yellow', 0)), [])
        self.assertEqual(engine.alerts_due(('yellow', 0), ('red', 2)),
                         ['red', 'escalation1', 'escalation2'])
        self.assertEqual(engine.alerts_due(('red', 1), ('red', 2)), ['escalation2'])
        self.assertEqual(engine.alerts_due(('red', 2), ('green', 0)), [])

    def test_one_ranking_of_lights(self):
        self.assertEqual(engine.worst_light([]), 'none')
        self.assertEqual(engine.worst_light(['green', 'none', 'red', 'yellow']), 'red')
        self.assertEqual([key for key, _label in
                          self.env['agency.case.line']._fields['light'].selection],
                         list(engine.LIGHT_ORDER))

    def test_demo_lines_as_before(self):
        """Every running demo line: the cron's clock is the day-by-day reference's."""
        Line = self.env['agency.case.line']
        Line._cron_update_lights()
        lines = Line.search([('state', 'in', ('accepted', 'correction')),
                             ('case_id.active', '=', True)])
        self.assertTrue(lines, 'the demo has running lines')
        today = d(self.calendar.agency_today())
        for line in lines:
            self.assertEqual(line._calendar(), self.calendar)
            expected = self.reference.clock(
                line.state, d(line.date_accepted), line.committed_days, line.paused_days,
                line.pause_start and d(line.pause_start), None, today)
            self.assertEqual((d(line.deadline), line.working_days_used, line.light), expected,
                             line.case_id.name)
