"""The circular (通报) of a monthly report: its region's sub-regions and departments ranked
by on-time rate, overdue items, average working days saved, satisfaction and bad ratings
rectified, with the report's definitions and period (二(七), 三(三): results circulated).

A sub-region's row holds the figures its own monthly report of the period has (the cases
of the sub-region and of the regions below it); a department's row those of the items it
handled for the cases of the region, and of the ratings of the cases it served. The rows
are computed with the report's other figures, in a fixed number of queries, and frozen
with them when the report is submitted.
"""
from odoo import api, fields, models

from .agency_case_closing import BAD_RATINGS

GOOD_RATINGS = ('very_satisfied', 'satisfied')
# The ratings of the cases each department served (an item accepted), per rating.
DEPARTMENT_RATINGS_SQL = """
    SELECT l.department_id, c.rating, count(DISTINCT c.id)
      FROM agency_case c
      JOIN agency_case_line l ON l.case_id = c.id AND l.date_accepted IS NOT NULL
     WHERE c.region_id = ANY(%(regions)s) AND c.rating IS NOT NULL
       AND c.rating_date BETWEEN %(start)s AND %(end)s
     GROUP BY l.department_id, c.rating
"""
# The follow-ups of the bad ratings of the period, closed or not, per department served.
DEPARTMENT_FOLLOWUPS_SQL = """
    SELECT l.department_id, f.state, count(DISTINCT f.id)
      FROM agency_rating_followup f
      JOIN agency_case_line l ON l.case_id = f.case_id AND l.date_accepted IS NOT NULL
     WHERE f.region_id = ANY(%(regions)s)
       AND f.rating_date BETWEEN %(start)s AND %(end)s
     GROUP BY l.department_id, f.state
"""


class Tally(object):
    """The figures of one ranked unit (a sub-region or a department), summed from the
    groups of the queries, then turned into a row."""

    def __init__(self):
        self.handled = self.on_time = self.saved = self.overdue = 0
        self.rated = self.good = self.bad = self.followups = self.rectified = 0

    def rates(self):
        def rate(part, whole):
            return round(100.0 * part / whole, 1) if whole else 0.0
        return {
            'handled_count': self.handled,
            'on_time_count': self.on_time,
            'on_time_rate': rate(self.on_time, self.handled),
            'days_saved': self.saved,
            'avg_days_saved': round(float(self.saved) / self.handled, 1) if self.handled
            else 0.0,
            'overdue_count': self.overdue,
            'rated_count': self.rated,
            'satisfaction_rate': rate(self.good, self.rated),
            'bad_rating_count': self.bad,
            'rectified_count': self.rectified,
            'rectified_rate': rate(self.rectified, self.followups),
        }

    def is_empty(self):
        return not (self.handled or self.overdue or self.rated or self.followups)


def ranking_key(row):
    """Better first: items handled at all, a higher on-time rate, fewer overdue items, more
    working days saved on average, a higher satisfaction, more bad ratings rectified."""
    return (not row['handled_count'], -row['on_time_rate'], row['overdue_count'],
            -row['avg_days_saved'], -row['satisfaction_rate'], -row['rectified_rate'])


def rank(rows):
    """Sort ``rows`` (dicts with the figures and ``name``) best first and number them:
    rows equal on every figure share a rank (1, 2, 2, 4)."""
    rows = sorted(rows, key=lambda row: ranking_key(row) + (row['name'],))
    for position, row in enumerate(rows, 1):
        previous = rows[position - 2] if position > 1 else None
        same = previous is not None and ranking_key(previous) == ranking_key(row)
        row['rank'] = previous['rank'] if same else position
        row['sequence'] = position
    return rows


class AgencyMonthlyReport(models.Model):
    _inherit = 'agency.monthly.report'

    rectified_count = fields.Integer(
        string='Bad Ratings Rectified', readonly=True,
        help='Of the bad ratings given in the period, those whose follow-up is closed '
             '(verified, rectified and reported back to the rater).')
    rectified_rate = fields.Float(string='Bad Ratings Rectified (%)', readonly=True,
                                  digits=(16, 1))
    region_line_ids = fields.One2many('agency.monthly.report.line', 'report_id',
                                      string='Sub-regions Ranked', readonly=True,
                                      domain=[('line_type', '=', 'region')])
    department_line_ids = fields.One2many('agency.monthly.report.line', 'report_id',
                                          string='Departments Ranked', readonly=True,
                                          domain=[('line_type', '=', 'department')])

    @api.multi
    def _circular_title(self):
        self.ensure_one()
        return '关于%s%s“帮您办”工作情况的通报' % (self.region_id.name, self.period_id.name or '')

    @api.multi
    def action_print_circular(self):
        """The circular (通报) as a PDF (also in the Print menu)."""
        return self.env.ref('investment_agency.report_monthly_circular').report_action(self)

    @api.multi
    def _more_figures(self, regions, today):
        values = super(AgencyMonthlyReport, self)._more_figures(regions, today)
        rows, followups, rectified = self._ranking_rows(regions, today)
        values.update(rectified_count=rectified,
                      rectified_rate=round(100.0 * rectified / followups, 1) if followups
                      else 0.0)
        values['rows'] = values.get('rows', []) + rows
        return values

    @api.multi
    def _ranking_rows(self, regions, today):
        """(rows, follow-ups, rectified): the rows of the circular — the sub-regions (and
        the region's own level, when it has figures) and the departments of the region,
        each ranked —, and the region's follow-ups of the period's bad ratings and how many
        of them are closed (差评整改: verified, rectified and reported back), from the
        ``regions`` of ``_region_subtree`` on the service day ``today``."""
        self.ensure_one()
        subtree = self.env['agency.region'].browse(region['id'] for region in regions)
        unit_of = self._sub_region_map(regions)
        by_region, by_department = {}, {}
        self._tally_lines(subtree, unit_of, by_region, by_department, today)
        self._tally_ratings(subtree, unit_of, by_region, by_department)
        own = set(subtree.ids)
        rows = []
        for child in regions:
            if child['parent_id'] == self.region_id.id:
                tally = by_region.get(child['id'], Tally())
                rows.append(dict(tally.rates(), line_type='region', name=child['name'],
                                 region_id=child['id']))
        own_tally = by_region.get(self.region_id.id)
        if own_tally and not own_tally.is_empty():
            rows.append(dict(own_tally.rates(), line_type='region', region_id=self.region_id.id,
                             name='%s本级' % self.region_id.name))
        departments = self.env['agency.department'].sudo().browse(list(by_department)).read(
            ['name', 'region_id'], load='_classic_write')
        names = {record['id']: (record['name'], record['region_id']) for record in departments}
        department_rows = rank([
            dict(tally.rates(), line_type='department', department_id=department_id,
                 name=names[department_id][0], region_id=names[department_id][1])
            for department_id, tally in by_department.items()
            if names[department_id][1] in own and not tally.is_empty()])
        return (rank(rows) + department_rows,
                sum(tally.followups for tally in by_region.values()),
                sum(tally.rectified for tally in by_region.values()))

    @api.multi
    def _sub_region_map(self, regions):
        """{region id: the sub-region of the report's region it lies in, or the region
        itself}, for the ``regions`` of ``_region_subtree``."""
        children = [region for region in regions if region['parent_id'] == self.region_id.id]
        return {region['id']: next(
            (child['id'] for child in children
             if child['parent_left'] <= region['parent_left'] and
             region['parent_right'] <= child['parent_right']), self.region_id.id)
            for region in regions}

    @api.multi
    def _tally_lines(self, subtree, unit_of, by_region, by_department, today):
        """The items handled in the period and those overdue at its end, per case region and
        department, summed into the units (one statement each)."""
        Line = self.env['agency.case.line'].sudo()
        region = [('region_id', 'in', subtree.ids)]
        handled = self._grouped(
            Line, region + [('state', 'in', ('done', 'refused'))] +
            self._in_period('date_closed'), ['region_id', 'department_id', 'on_time'],
            sums=['days_saved'])
        overdue = self._grouped(
            Line, region + self._overdue_domain(min(self.date_end, today), today),
            ['region_id', 'department_id'])
        for region_id, department_id, on_time, count, saved in handled:
            for tally in (by_region.setdefault(unit_of[region_id], Tally()),
                          by_department.setdefault(department_id, Tally())):
                tally.handled += count
                tally.on_time += count if on_time else 0
                tally.saved += saved or 0
        for region_id, department_id, count in overdue:
            for tally in (by_region.setdefault(unit_of[region_id], Tally()),
                          by_department.setdefault(department_id, Tally())):
                tally.overdue += count

    @api.multi
    def _tally_ratings(self, subtree, unit_of, by_region, by_department):
        """The ratings of the period and the follow-ups of its bad ones, per case region
        and per department served (one statement each)."""
        period = self._in_period('rating_date')
        region = [('region_id', 'in', subtree.ids)]
        ratings = self._grouped(self.env['agency.case'].sudo(),
                                region + period + [('rating', '!=', False)],
                                ['region_id', 'rating'])
        followups = self._grouped(self.env['agency.rating.followup'].sudo(), region + period,
                                  ['region_id', 'state'])
        params = {'regions': subtree.ids, 'start': self.date_start, 'end': self.date_end}
        self.env.cr.execute(DEPARTMENT_RATINGS_SQL, params)
        department_ratings = self.env.cr.fetchall()
        self.env.cr.execute(DEPARTMENT_FOLLOWUPS_SQL, params)
        department_followups = self.env.cr.fetchall()
        for units, key, rating_rows, followup_rows in (
                (by_region, unit_of.get, ratings, followups),
                (by_department, lambda unit_id: unit_id, department_ratings,
                 department_followups)):
            for unit_id, rating, count in rating_rows:
                tally = units.setdefault(key(unit_id), Tally())
                tally.rated += count
                tally.good += count if rating in GOOD_RATINGS else 0
                tally.bad += count if rating in BAD_RATINGS else 0
            for unit_id, state, count in followup_rows:
                tally = units.setdefault(key(unit_id), Tally())
                tally.followups += count
                tally.rectified += count if state == 'done' else 0
