from odoo import fields, models, tools

from .agency_case import CHANNELS
from .agency_case_line import LIGHTS, LINE_STATES
from .agency_item import ITEM_TYPES
from .supervision_common import PERIOD_ID_SQL, REGION_LEVELS_SQL


class AgencyLineAnalysis(models.Model):
    """One row per item line of a case, for the pivot and graph views (SQL view).

    Handling time is the working days used by the items handled (completed or not
    permitted); ``handling_days`` is NULL on the other rows so that its average is the
    average handling time of any group. Percentiles are in ``agency.item.statistics``.
    """
    _name = 'agency.line.analysis'
    _description = 'Case Item Analysis'
    _auto = False
    _rec_name = 'item_id'
    _order = 'date_accepted desc, id desc'

    line_id = fields.Many2one('agency.case.line', string='Case Item', readonly=True)
    case_id = fields.Many2one('agency.case', string='Case', readonly=True)
    item_id = fields.Many2one('agency.item', string='Item', readonly=True)
    department_id = fields.Many2one('agency.department', string='Department', readonly=True)
    department_type_id = fields.Many2one('agency.department.type', string='Department Type',
                                         readonly=True)
    phase_id = fields.Many2one('agency.phase', string='Project Phase', readonly=True)
    item_type = fields.Selection(ITEM_TYPES, readonly=True)
    region_id = fields.Many2one('agency.region', string='Region', readonly=True)
    league_id = fields.Many2one('agency.region', string='League or City', readonly=True)
    county_id = fields.Many2one('agency.region', string='Banner or County', readonly=True)
    handling_region_id = fields.Many2one(
        'agency.region', string='Handled In', readonly=True,
        help="The region of the department that handles the item (分级办理): grouped by it, "
             "an item counts where it is handled; by region, where its case is.")
    handled_elsewhere = fields.Boolean(string='Handled in Another Region', readonly=True)
    user_id = fields.Many2one('res.users', string='Agent', readonly=True)
    stage_id = fields.Many2one('agency.stage', string='Case Stage', readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    is_key_project = fields.Boolean(string='Key Project', readonly=True)
    state = fields.Selection(LINE_STATES, string='Status', readonly=True)
    light = fields.Selection(LIGHTS, readonly=True)
    is_open = fields.Boolean(string='Open', readonly=True)
    on_time = fields.Boolean(readonly=True)
    deficiency_used = fields.Boolean(string='Deficiency Acceptance', readonly=True)
    pledge_used = fields.Boolean(string='Notification Pledge', readonly=True)
    date_declared = fields.Date(string='Declared On', readonly=True)
    date_accepted = fields.Date(string='Accepted On', readonly=True)
    date_closed = fields.Date(string='Closed On', readonly=True)
    deadline = fields.Date(readonly=True)
    period_accepted_id = fields.Many2one('date.range', string='Reporting Period of Acceptance',
                                         readonly=True)
    period_closed_id = fields.Many2one('date.range', string='Reporting Period of Closing',
                                       readonly=True,
                                       help='Reporting periods run from the 26th to the 25th.')

    line_count = fields.Integer(string='Items', readonly=True)
    open_count = fields.Integer(string='Items Open', readonly=True)
    handled_count = fields.Integer(string='Items Handled', readonly=True,
                                   help='Completed or not permitted.')
    done_count = fields.Integer(string='Items Completed', readonly=True)
    refused_count = fields.Integer(string='Items Not Permitted', readonly=True)
    on_time_count = fields.Integer(string='Items on Time', readonly=True)
    late_count = fields.Integer(string='Items Late', readonly=True)
    red_count = fields.Integer(string='Red Items', readonly=True)
    yellow_count = fields.Integer(string='Yellow Items', readonly=True)
    working_days_used = fields.Integer(readonly=True)
    handling_days = fields.Float(string='Average Working Days', readonly=True,
                                 group_operator='avg',
                                 help='Average working days used by the items handled.')
    days_saved = fields.Integer(string='Working Days Saved', readonly=True,
                                help='Statutory limit minus the working days used.')
    statutory_days = fields.Integer(string='Statutory Limit', readonly=True)
    committed_days = fields.Integer(string='Committed Limit', readonly=True)
    on_time_rate = fields.Float(string='On-time Rate (%)', readonly=True, group_operator='avg')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Only constant SQL fragments are formatted in; there is no value.
        # pylint: disable-next=sql-injection
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW agency_line_analysis AS (
                WITH region_levels AS (%s)
                SELECT l.id AS id,
                       l.id AS line_id,
                       l.case_id, l.item_id, l.department_id,
                       d.type_id AS department_type_id,
                       l.phase_id, l.item_type,
                       c.region_id, rl.league_id, rl.county_id,
                       d.region_id AS handling_region_id,
                       d.region_id IS DISTINCT FROM c.region_id AS handled_elsewhere,
                       c.user_id, c.stage_id, c.channel, c.is_key_project,
                       l.state, l.light, l.is_open,
                       COALESCE(l.on_time, FALSE) AS on_time,
                       COALESCE(l.deficiency_used, FALSE) AS deficiency_used,
                       COALESCE(l.pledge_used, FALSE) AS pledge_used,
                       l.date_declared, l.date_accepted, l.date_closed, l.deadline,
                       %s AS period_accepted_id,
                       %s AS period_closed_id,
                       1 AS line_count,
                       CASE WHEN l.is_open THEN 1 ELSE 0 END AS open_count,
                       CASE WHEN l.state IN ('done', 'refused', 'revoked')
                            THEN 1 ELSE 0 END AS handled_count,
                       CASE WHEN l.state = 'done' THEN 1 ELSE 0 END AS done_count,
                       CASE WHEN l.state = 'refused' THEN 1 ELSE 0 END AS refused_count,
                       CASE WHEN l.state IN ('done', 'refused', 'revoked') AND l.on_time
                            THEN 1 ELSE 0 END AS on_time_count,
                       CASE WHEN l.state IN ('done', 'refused', 'revoked')
                                 AND NOT COALESCE(l.on_time, FALSE)
                            THEN 1 ELSE 0 END AS late_count,
                       CASE WHEN l.is_open AND l.light = 'red' THEN 1 ELSE 0 END AS red_count,
                       CASE WHEN l.is_open AND l.light = 'yellow' THEN 1 ELSE 0 END
                           AS yellow_count,
                       COALESCE(l.working_days_used, 0) AS working_days_used,
                       CASE WHEN l.state IN ('done', 'refused', 'revoked')
                            THEN l.working_days_used::float END AS handling_days,
                       COALESCE(l.days_saved, 0) AS days_saved,
                       COALESCE(l.statutory_days, 0) AS statutory_days,
                       COALESCE(l.committed_days, 0) AS committed_days,
                       CASE WHEN l.state IN ('done', 'refused', 'revoked')
                            THEN CASE WHEN l.on_time THEN 100.0 ELSE 0.0 END
                       END::float AS on_time_rate
                  FROM agency_case_line l
                  JOIN agency_case c ON c.id = l.case_id
                  LEFT JOIN agency_department d ON d.id = l.department_id
                  LEFT JOIN region_levels rl ON rl.region_id = c.region_id
                 WHERE c.active
            )
        """ % (REGION_LEVELS_SQL, PERIOD_ID_SQL % 'l.date_accepted',
               PERIOD_ID_SQL % 'l.date_closed'))
