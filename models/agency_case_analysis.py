from odoo import fields, models, tools

from .agency_case import CHANNELS
from .agency_case_closing import RATINGS
from .agency_case_line import LIGHTS
from .agency_stage import FLOW_STEPS
from .supervision_common import PERIOD_ID_SQL, REGION_LEVELS_SQL


class AgencyCaseAnalysis(models.Model):
    """One row per case with its figures, for the pivot and graph views (SQL view).

    Regions roll up through the ``league_id`` and ``county_id`` columns: every row carries
    its 盟市 and 旗县, so grouping by them sums the regions below once each; the record
    rules filter on ``region_id`` with ``child_of`` (a manager sees his subtree only).
    Rates are stored as 100/0 on the rows they apply to and NULL elsewhere: their average
    (``group_operator='avg'``) is the rate of any group.
    """
    _name = 'agency.case.analysis'
    _description = 'Case Analysis'
    _auto = False
    _rec_name = 'case_id'
    _order = 'date_applied desc, id desc'

    case_id = fields.Many2one('agency.case', string='Case', readonly=True)
    region_id = fields.Many2one('agency.region', string='Region', readonly=True)
    league_id = fields.Many2one('agency.region', string='League or City', readonly=True,
                                help='The 盟市 the region belongs to: its figures include '
                                     'the banners, counties and zones below it.')
    county_id = fields.Many2one('agency.region', string='Banner or County', readonly=True)
    project_id = fields.Many2one('agency.project', string='Project', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Project Enterprise', readonly=True)
    user_id = fields.Many2one('res.users', string='Agent', readonly=True)
    stage_id = fields.Many2one('agency.stage', string='Stage', readonly=True)
    flow_step = fields.Selection(FLOW_STEPS, readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    is_key_project = fields.Boolean(string='Key Project', readonly=True)
    is_closed = fields.Boolean(string='Closed', readonly=True)
    light = fields.Selection(LIGHTS, readonly=True)
    rating = fields.Selection(RATINGS, readonly=True)
    is_bad_rating = fields.Boolean(string='Bad Rating', readonly=True)
    date_applied = fields.Date(string='Application Date', readonly=True)
    date_done = fields.Date(string='Completed On', readonly=True)
    date_terminated = fields.Date(string='Terminated On', readonly=True)
    date_closed = fields.Date(string='Closed On', readonly=True)
    rating_date = fields.Date(string='Rated On', readonly=True)
    period_applied_id = fields.Many2one('date.range', string='Reporting Period of Application',
                                        readonly=True,
                                        help='Reporting periods run from the 26th to the 25th.')
    period_closed_id = fields.Many2one('date.range', string='Reporting Period of Closing',
                                       readonly=True)

    case_count = fields.Integer(string='Cases Received', readonly=True)
    in_progress_count = fields.Integer(string='Cases in Progress', readonly=True)
    completed_count = fields.Integer(string='Cases Completed', readonly=True)
    terminated_count = fields.Integer(string='Cases Terminated', readonly=True)
    line_count = fields.Integer(string='Items', readonly=True)
    line_handled_count = fields.Integer(string='Items Handled', readonly=True,
                                        help='Completed or not permitted.')
    line_on_time_count = fields.Integer(string='Items on Time', readonly=True)
    line_late_count = fields.Integer(string='Items Late', readonly=True)
    line_red_count = fields.Integer(string='Red Items', readonly=True)
    line_yellow_count = fields.Integer(string='Yellow Items', readonly=True)
    working_days_used = fields.Integer(readonly=True,
                                       help='Of the items handled.')
    days_saved = fields.Integer(string='Working Days Saved', readonly=True,
                                help='Statutory limits minus the working days used, '
                                     'items handled.')
    plan_days_saved = fields.Integer(string='Days Saved by Plans', readonly=True)
    handling_days = fields.Float(string='Average Days to Close', readonly=True,
                                 group_operator='avg',
                                 help='Calendar days from application to completion or '
                                      'termination, closed cases.')
    rated_count = fields.Integer(string='Ratings', readonly=True)
    bad_rating_count = fields.Integer(string='Bad Ratings', readonly=True)
    bad_rating_rate = fields.Float(string='Bad Rating Rate (%)', readonly=True,
                                   group_operator='avg')
    satisfaction_rate = fields.Float(string='Satisfaction Rate (%)', readonly=True,
                                     group_operator='avg',
                                     help='Very satisfied or satisfied, among the ratings.')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Only constant SQL fragments are formatted in; there is no value.
        # pylint: disable-next=sql-injection
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW agency_case_analysis AS (
                WITH region_levels AS (%s),
                line_stats AS (
                    SELECT l.case_id,
                           count(*) AS line_count,
                           count(*) FILTER (WHERE l.state IN ('done', 'refused', 'revoked'))
                               AS line_handled_count,
                           count(*) FILTER (WHERE l.state IN ('done', 'refused', 'revoked')
                                            AND l.on_time)
                               AS line_on_time_count,
                           count(*) FILTER (WHERE l.state IN ('done', 'refused', 'revoked')
                                            AND NOT COALESCE(l.on_time, FALSE))
                               AS line_late_count,
                           count(*) FILTER (WHERE l.is_open AND l.light = 'red') AS line_red_count,
                           count(*) FILTER (WHERE l.is_open AND l.light = 'yellow')
                               AS line_yellow_count,
                           COALESCE(sum(l.working_days_used)
                                    FILTER (WHERE l.state IN ('done', 'refused', 'revoked')), 0)
                               AS working_days_used,
                           COALESCE(sum(l.days_saved), 0) AS days_saved
                      FROM agency_case_line l
                     GROUP BY l.case_id
                )
                SELECT c.id AS id,
                       c.id AS case_id,
                       c.region_id, rl.league_id, rl.county_id,
                       c.project_id, c.partner_id, c.user_id, c.stage_id, c.flow_step,
                       c.channel, c.is_key_project, c.is_closed, c.light, c.rating,
                       c.is_bad_rating, c.date_applied, c.date_done, c.date_terminated,
                       c.date_closed, c.rating_date,
                       %s AS period_applied_id,
                       %s AS period_closed_id,
                       1 AS case_count,
                       CASE WHEN c.is_closed THEN 0 ELSE 1 END AS in_progress_count,
                       CASE WHEN c.flow_step IN ('done', 'evaluate') THEN 1 ELSE 0 END
                           AS completed_count,
                       CASE WHEN c.flow_step = 'terminated' THEN 1 ELSE 0 END AS terminated_count,
                       COALESCE(ls.line_count, 0) AS line_count,
                       COALESCE(ls.line_handled_count, 0) AS line_handled_count,
                       COALESCE(ls.line_on_time_count, 0) AS line_on_time_count,
                       COALESCE(ls.line_late_count, 0) AS line_late_count,
                       COALESCE(ls.line_red_count, 0) AS line_red_count,
                       COALESCE(ls.line_yellow_count, 0) AS line_yellow_count,
                       COALESCE(ls.working_days_used, 0) AS working_days_used,
                       COALESCE(ls.days_saved, 0) AS days_saved,
                       COALESCE(c.plan_days_saved, 0) AS plan_days_saved,
                       CASE WHEN c.date_closed IS NOT NULL
                            THEN (c.date_closed - c.date_applied)::float END AS handling_days,
                       CASE WHEN c.rating IS NOT NULL THEN 1 ELSE 0 END AS rated_count,
                       CASE WHEN c.is_bad_rating THEN 1 ELSE 0 END AS bad_rating_count,
                       CASE WHEN c.rating IS NOT NULL
                            THEN CASE WHEN c.is_bad_rating THEN 100.0 ELSE 0.0 END
                       END::float AS bad_rating_rate,
                       CASE WHEN c.rating IS NOT NULL
                            THEN CASE WHEN c.rating IN ('very_satisfied', 'satisfied')
                                      THEN 100.0 ELSE 0.0 END
                       END::float AS satisfaction_rate
                  FROM agency_case c
                  LEFT JOIN region_levels rl ON rl.region_id = c.region_id
                  LEFT JOIN line_stats ls ON ls.case_id = c.id
                 WHERE c.active
            )
        """ % (REGION_LEVELS_SQL, PERIOD_ID_SQL % 'c.date_applied',
               PERIOD_ID_SQL % 'c.date_closed'))
