"""The clock of the time limits (限时办结): pure functions, no ORM.

Everything that counts working days, deadlines, days used and left, lights
and escalation calls this module: the computed fields of an item line, the
daily cron, the plan, the reports. The ORM's part is to take a snapshot of a
working calendar (``resource.calendar._agency_snapshot``) and to read and
write rows.

A working day is a day whose weekday the calendar works, unless a public
holiday covers it, or a make-up working day (调休上班) on a weekend. Counting
working days between two dates costs O(1) for the weekly pattern plus a
binary search over the calendar's special days; no day-by-day walk.
"""
import bisect
from collections import namedtuple
from datetime import date

from .dates import to_date

# Lights, from the best to the worst: the one ranking of the module.
LIGHT_ORDER = ('none', 'green', 'yellow', 'red')
LIGHT_RANK = {light: rank for rank, light in enumerate(LIGHT_ORDER)}

# The states of an item line that the clock knows.
RUNNING = 'accepted'           # the time limit runs
PAUSED = 'correction'          # 补正: the time limit stops until the applicant resumes
DECIDED = ('done', 'refused', 'revoked')  # a result was issued: the days used stop at
#                                            its date (also when revoked afterwards)
WITHDRAWN = 'withdrawn'        # never counted

# Escalation levels: 1 the managers of the line's region, 2 those of the region above.
ESCALATION_REGION = 1
ESCALATION_REGION_ABOVE = 2

DAYS_IN_WEEK = 7


def worst_light(lights):
    """The worst of some lights ('none' for none)."""
    return max(lights, key=LIGHT_RANK.__getitem__, default='none')


class WorkingCalendar(object):
    """A snapshot of a working calendar.

    :param weekdays: the weekdays worked (0 = Monday); none means every day.
    :param holidays: dates of public holidays (no work, even on a weekday).
    :param workdays: dates of make-up working days (work, even on a weekend).
    """

    def __init__(self, weekdays, holidays=(), workdays=()):
        self.weekdays = frozenset(weekdays) or frozenset(range(DAYS_IN_WEEK))
        self.holidays = frozenset(to_date(day) for day in holidays)
        self.workdays = frozenset(to_date(day) for day in workdays) - self.holidays
        # weekly[w][n]: working weekdays among the n days after a day of weekday w.
        self._weekly = [[sum(1 for offset in range(1, n + 1)
                             if (w + offset) % DAYS_IN_WEEK in self.weekdays)
                         for n in range(DAYS_IN_WEEK)]
                        for w in range(DAYS_IN_WEEK)]
        # The days where the weekly pattern is wrong (+1 a make-up day, -1 a holiday on a
        # working weekday), as ordinals, and the running sum of their corrections.
        corrections = {day.toordinal(): -1 for day in self.holidays
                       if day.weekday() in self.weekdays}
        corrections.update((day.toordinal(), 1) for day in self.workdays
                           if day.weekday() not in self.weekdays)
        self._special = sorted(corrections)
        self._running = [0]
        for ordinal in self._special:
            self._running.append(self._running[-1] + corrections[ordinal])
        self._lost = sum(1 for value in corrections.values() if value < 0)

    def is_working(self, day):
        day = to_date(day)
        if day in self.holidays:
            return False
        return day in self.workdays or day.weekday() in self.weekdays

    def _count(self, start, end):
        """Working days after ordinal ``start`` up to and including ordinal ``end``."""
        full, rest = divmod(end - start, DAYS_IN_WEEK)
        weekday = (start - 1) % DAYS_IN_WEEK  # date.fromordinal(1) is a Monday
        weekly = full * len(self.weekdays) + self._weekly[weekday][rest]
        special = self._running[bisect.bisect_right(self._special, end)] - \
            self._running[bisect.bisect_right(self._special, start)]
        return weekly + special

    def between(self, start, end):
        """Working days after ``start`` up to and including ``end``; negative if reversed.

        ``between(d, add(d, n)) == n`` for every working-day count ``n``.
        """
        start, end = to_date(start).toordinal(), to_date(end).toordinal()
        if end < start:
            return -self._count(end, start)
        return self._count(start, end)

    def _span(self, days):
        """Calendar days that surely hold ``days`` working days."""
        weeks = -(-(days + self._lost) // len(self.weekdays))
        return (weeks + 1) * DAYS_IN_WEEK

    def add(self, start, days):
        """The working day ``days`` working days after ``start`` (``start`` is day 0);
        before it when ``days`` is negative; ``start`` itself when ``days`` is 0."""
        start = to_date(start)
        if not days:
            return start
        origin = start.toordinal()
        if days > 0:
            # The first day whose count from ``start`` reaches ``days``.
            low, high = origin + 1, origin + self._span(days)
            while low < high:
                middle = (low + high) // 2
                if self._count(origin, middle) >= days:
                    high = middle
                else:
                    low = middle + 1
            return date.fromordinal(low)
        # The last day from which ``-days`` working days lead to the day before ``start``.
        days = -days
        low, high = origin - self._span(days), origin - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._count(middle - 1, origin - 1) >= days:
                low = middle
            else:
                high = middle - 1
        return date.fromordinal(low)


Thresholds = namedtuple('Thresholds', 'warning_days escalation_days')
Thresholds.__doc__ = """The settings of the lights: yellow when the deadline is at most
``warning_days`` working days away, escalated to the region above after
``escalation_days`` working days overdue."""
DEFAULT_THRESHOLDS = Thresholds(warning_days=3, escalation_days=2)

LineFacts = namedtuple('LineFacts', [
    'state',            # the line's state
    'accepted',         # date of acceptance (the clock starts the day after)
    'committed_days',   # the committed limit, in working days
    'paused_days',      # working days of finished pauses (补正, special procedures)
    'pause_start',      # first day of the pause under way, if paused
    'ended',            # date of the result, or of the closing, of a closed line
    'statutory_days',   # the statutory limit, in working days
    'escalation_level',  # the level reached so far (never lowered while red)
])
LineFacts.__new__.__defaults__ = ('todo', None, 0, 0, None, None, 0, 0)

Clock = namedtuple('Clock', [
    'deadline',          # date, or None before acceptance
    'working_days_used',
    'working_days_left',  # until the deadline while the line runs or is paused; else 0
    'light',             # one of LIGHT_ORDER
    'escalation_level',  # 0, ESCALATION_REGION or ESCALATION_REGION_ABOVE
    'days_saved',        # statutory limit minus days used, once decided
    'on_time',           # decided by the deadline
])


def light_for(calendar, deadline, today, warning_days):
    """Red when overdue, yellow when due within ``warning_days`` working days, else green."""
    if deadline < today:
        return 'red'
    if deadline <= calendar.add(today, warning_days):
        return 'yellow'
    return 'green'


def line_clock(calendar, facts, today, thresholds):
    """The clock of one item line on the service day ``today``.

    :param calendar: a :class:`WorkingCalendar`
    :param facts: a :class:`LineFacts`
    :param thresholds: a :class:`Thresholds`
    :rtype: :class:`Clock`
    """
    today = to_date(today)
    accepted = to_date(facts.accepted)
    if not accepted:
        return Clock(None, 0, 0, 'none', 0, 0, False)
    paused = facts.paused_days or 0
    pause_start = to_date(facts.pause_start)
    if facts.state == PAUSED and pause_start:
        paused += max(calendar.between(pause_start, today), 0)
    deadline = calendar.add(accepted, (facts.committed_days or 0) + paused)

    decided = facts.state in DECIDED
    closed_on = to_date(facts.ended) if decided or facts.state == WITHDRAWN else None
    used = 0
    if facts.state != WITHDRAWN:
        used = max(max(calendar.between(accepted, closed_on or today), 0) - paused, 0)

    running = facts.state in (RUNNING, PAUSED)
    left = calendar.between(today, deadline) if running else 0
    light = light_for(calendar, deadline, today, thresholds.warning_days) \
        if facts.state == RUNNING else 'none'
    level = 0
    if light == 'red':
        level = ESCALATION_REGION
        if calendar.between(deadline, today) >= thresholds.escalation_days:
            level = ESCALATION_REGION_ABOVE
        level = max(level, facts.escalation_level or 0)
    return Clock(
        deadline=deadline,
        working_days_used=used,
        working_days_left=left,
        light=light,
        escalation_level=level,
        days_saved=(facts.statutory_days or 0) - used if decided else 0,
        on_time=bool(decided and closed_on and closed_on <= deadline),
    )


def alerts_due(before, after):
    """The alerts a change of clock gives: ('yellow' | 'red', escalation levels reached).

    ``before`` is (light alerted so far, escalation level so far); an alert is due when
    the light gets worse than the one alerted, and for each level newly reached.
    """
    alerted, level = before
    light, new_level = after
    kinds = []
    if light in ('yellow', 'red') and LIGHT_RANK[light] > LIGHT_RANK[alerted or 'none']:
        kinds.append(light)
    kinds.extend('escalation%d' % step for step in range((level or 0) + 1, new_level + 1))
    return kinds
