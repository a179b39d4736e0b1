from odoo import fields, models, tools


class AgencyAgentWorkload(models.Model):
    """Workload of each agent: open cases and open items, with their lights (SQL view).

    One row per active internal user of the agent group who has a region, agents without
    any open case included (they are the ones free to take more); managers only when they
    run cases themselves.
    """
    _name = 'agency.agent.workload'
    _description = 'Agent Workload'
    _auto = False
    _rec_name = 'user_id'
    _order = 'open_case_count desc, open_line_count desc, user_id'

    user_id = fields.Many2one('res.users', string='Agent', readonly=True)
    region_id = fields.Many2one('agency.region', string='Region', readonly=True)
    open_case_count = fields.Integer(string='Open Cases', readonly=True)
    key_case_count = fields.Integer(string='Open Key Project Cases', readonly=True)
    open_line_count = fields.Integer(string='Open Items', readonly=True)
    red_line_count = fields.Integer(string='Red Items', readonly=True)
    yellow_line_count = fields.Integer(string='Yellow Items', readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The agent group is found by its XML id when the view is read: the view is
        # created before the group exists, on the first installation.
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW agency_agent_workload AS (
                SELECT u.id AS id,
                       u.id AS user_id,
                       u.agency_region_id AS region_id,
                       COALESCE(cs.open_case_count, 0) AS open_case_count,
                       COALESCE(cs.key_case_count, 0) AS key_case_count,
                       COALESCE(ls.open_line_count, 0) AS open_line_count,
                       COALESCE(ls.red_line_count, 0) AS red_line_count,
                       COALESCE(ls.yellow_line_count, 0) AS yellow_line_count
                  FROM res_users u
                  JOIN res_groups_users_rel gu ON gu.uid = u.id
                  JOIN ir_model_data g ON g.model = 'res.groups' AND g.res_id = gu.gid
                                      AND g.module = 'investment_agency' AND g.name = 'group_agent'
                  LEFT JOIN (
                      SELECT c.user_id,
                             count(*) AS open_case_count,
                             count(*) FILTER (WHERE c.is_key_project) AS key_case_count
                        FROM agency_case c
                       WHERE c.active AND (NOT c.is_closed OR c.is_closed IS NULL)
                         AND c.user_id IS NOT NULL
                       GROUP BY c.user_id
                  ) cs ON cs.user_id = u.id
                  LEFT JOIN (
                      SELECT l.user_id,
                             count(*) AS open_line_count,
                             count(*) FILTER (WHERE l.light = 'red') AS red_line_count,
                             count(*) FILTER (WHERE l.light = 'yellow') AS yellow_line_count
                        FROM agency_case_line l
                       WHERE l.is_open AND l.case_active AND l.user_id IS NOT NULL
                       GROUP BY l.user_id
                  ) ls ON ls.user_id = u.id
                 WHERE u.active AND NOT u.share AND u.agency_region_id IS NOT NULL
                   -- Managers are agents too (implied group): listed when they run cases.
                   AND (COALESCE(cs.open_case_count, 0) > 0 OR NOT EXISTS (
                        SELECT 1
                          FROM res_groups_users_rel mu
                          JOIN ir_model_data m ON m.model = 'res.groups' AND m.res_id = mu.gid
                                              AND m.module = 'investment_agency'
                                              AND m.name = 'group_manager'
                         WHERE mu.uid = u.id))
            )
        """)
