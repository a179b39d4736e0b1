from odoo import api, fields, models


class AgencyItemStatistics(models.Model):
    """Handling time of each item, per region and year: count, average, median and
    90th percentile of the working days used (a materialized SQL view).

    A pivot cannot compute percentiles, so they are computed here at a fixed grain: one
    row per (item, region, year of closing), where a region's row counts the items handled
    in the region and every region below it (each line joins all its ancestor regions
    through the nested set). Rows of different regions overlap: do not add them up; the
    record rules show a manager the rows of his region and of the regions below. Averages,
    medians and percentiles are not aggregated over rows (no group operator).

    The figures aggregate every handled item of the database, which no screen should wait
    for: they are kept in a materialized view, refreshed by the daily scheduled action
    (``_refresh``) without blocking its readers, and indexed on the region the record
    rules filter on. They are therefore as of the last refresh.
    """
    _name = 'agency.item.statistics'
    _description = 'Handling Time by Item'
    _auto = False
    _rec_name = 'item_id'
    _order = 'year desc, region_parent_left, item_number'

    item_id = fields.Many2one('agency.item', string='Item', readonly=True)
    item_number = fields.Integer(string='No.', readonly=True, group_operator=False)
    department_type_id = fields.Many2one('agency.department.type', string='Department Type',
                                         readonly=True)
    region_id = fields.Many2one('agency.region', string='Region', readonly=True,
                                help='The figures include the regions below it.')
    region_parent_left = fields.Integer(readonly=True, group_operator=False)
    year = fields.Char(readonly=True, help='Year the items were handled.')
    line_count = fields.Integer(string='Items Handled', readonly=True)
    statutory_days = fields.Integer(string='Statutory Limit', readonly=True,
                                    group_operator=False)
    committed_days = fields.Float(string='Average Committed Limit', readonly=True,
                                  digits=(16, 1), group_operator=False)
    avg_days = fields.Float(string='Average Working Days', readonly=True, digits=(16, 1),
                            group_operator=False)
    median_days = fields.Float(string='Median Working Days', readonly=True, digits=(16, 1),
                               group_operator=False)
    p90_days = fields.Float(string='90th Percentile', readonly=True, digits=(16, 1),
                            group_operator=False,
                            help='Nine items in ten were handled in this many working days '
                                 'or fewer.')
    min_days = fields.Integer(string='Fastest', readonly=True, group_operator='min')
    max_days = fields.Integer(string='Slowest', readonly=True, group_operator='max')
    days_saved = fields.Integer(string='Working Days Saved', readonly=True)
    avg_days_saved = fields.Float(string='Average Days Saved', readonly=True, digits=(16, 1),
                                  group_operator=False)
    on_time_count = fields.Integer(string='Items on Time', readonly=True)
    on_time_rate = fields.Float(string='On-time Rate (%)', readonly=True, digits=(16, 1),
                                group_operator=False)

    def init(self):
        cr = self.env.cr
        cr.execute("SELECT relkind FROM pg_class WHERE relname = %s", (self._table,))
        kind = (cr.fetchone() or [None])[0]
        if kind == 'v':
            cr.execute('DROP VIEW agency_item_statistics')
        elif kind == 'm':
            cr.execute('DROP MATERIALIZED VIEW agency_item_statistics')
        cr.execute("""
            CREATE MATERIALIZED VIEW agency_item_statistics AS (
                SELECT row_number() OVER (ORDER BY s.region_id, s.year, s.item_id) AS id,
                       s.*,
                       i.number AS item_number,
                       i.department_type_id,
                       COALESCE(i.statutory_days, 0) AS statutory_days,
                       a.parent_left AS region_parent_left,
                       round(100.0 * s.on_time_count / s.line_count, 1)::float AS on_time_rate
                  FROM (
                    SELECT a.id AS region_id,
                           l.item_id,
                           to_char(COALESCE(l.result_date, l.date_closed), 'YYYY') AS year,
                           count(*) AS line_count,
                           avg(l.committed_days)::float AS committed_days,
                           avg(l.working_days_used)::float AS avg_days,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY l.working_days_used)::float
                               AS median_days,
                           percentile_cont(0.9) WITHIN GROUP (ORDER BY l.working_days_used)::float
                               AS p90_days,
                           min(l.working_days_used) AS min_days,
                           max(l.working_days_used) AS max_days,
                           sum(l.days_saved) AS days_saved,
                           avg(l.days_saved)::float AS avg_days_saved,
                           count(*) FILTER (WHERE l.on_time) AS on_time_count
                      FROM agency_case_line l
                      JOIN agency_case c ON c.id = l.case_id AND c.active
                      JOIN agency_region r ON r.id = c.region_id
                      JOIN agency_region a ON a.parent_left <= r.parent_left
                                          AND a.parent_right >= r.parent_right
                     WHERE l.state IN ('done', 'refused')
                       AND COALESCE(l.result_date, l.date_closed) IS NOT NULL
                     GROUP BY a.id, l.item_id, 3
                  ) s
                  JOIN agency_item i ON i.id = s.item_id
                  JOIN agency_region a ON a.id = s.region_id
            )
        """)
        cr.execute("""
            CREATE UNIQUE INDEX agency_item_statistics_key
                ON agency_item_statistics (region_id, item_id, year);
            CREATE UNIQUE INDEX agency_item_statistics_id_index ON agency_item_statistics (id);
            CREATE INDEX agency_item_statistics_region_id_index
                ON agency_item_statistics (region_id);
        """)

    @api.model
    def _refresh(self):
        """Recompute the figures; readers keep the former ones until it is done."""
        self.env.cr.execute('REFRESH MATERIALIZED VIEW CONCURRENTLY agency_item_statistics')
