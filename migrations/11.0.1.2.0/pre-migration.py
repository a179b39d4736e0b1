"""11.0.1.2.0, before the module's tables are updated: the new stored columns filled by SQL.

The board's counts on the case (items open, red and yellow, running items, the fewest
working days left) and the case's active flag copied on its items are new stored fields.
Left to the ORM, the update would compute them record by record: about 15 minutes for
100 000 cases and a million items. Created and filled here in four statements, the
update finds them present and does not compute them again. The values are those of
``agency.case._compute_line_stats`` and of the related field ``case_active``.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        ALTER TABLE agency_case_line ADD COLUMN IF NOT EXISTS case_active boolean;
        ALTER TABLE agency_case
            ADD COLUMN IF NOT EXISTS open_line_count integer,
            ADD COLUMN IF NOT EXISTS red_count integer,
            ADD COLUMN IF NOT EXISTS yellow_count integer,
            ADD COLUMN IF NOT EXISTS working_days_left integer,
            ADD COLUMN IF NOT EXISTS has_running_items boolean
    """)
    cr.execute("""
        UPDATE agency_case_line l SET case_active = c.active
          FROM agency_case c WHERE c.id = l.case_id
    """)
    cr.execute("""
        UPDATE agency_case SET open_line_count = 0, red_count = 0, yellow_count = 0,
                               working_days_left = 0, has_running_items = FALSE
    """)
    cr.execute("""
        UPDATE agency_case c
           SET open_line_count = s.open_count, red_count = s.red_count,
               yellow_count = s.yellow_count, has_running_items = s.running_count > 0,
               working_days_left = COALESCE(s.fewest_days_left, 0)
          FROM (SELECT case_id,
                       count(*) FILTER (WHERE is_open) AS open_count,
                       count(*) FILTER (WHERE light = 'red') AS red_count,
                       count(*) FILTER (WHERE light = 'yellow') AS yellow_count,
                       count(*) FILTER (WHERE is_open AND light <> 'none') AS running_count,
                       min(working_days_left) FILTER (WHERE is_open AND light <> 'none')
                           AS fewest_days_left
                  FROM agency_case_line GROUP BY case_id) s
         WHERE s.case_id = c.id
    """)
