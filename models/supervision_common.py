"""Helpers of the supervision screens: region levels and reporting periods in SQL.
No models here.

Reporting period (§三(二): progress reported before the 25th of every month):
the period of month M runs from the 26th of M-1 to the 25th of M. The periods are
date ranges of OCA's date_range (models/date_range.py).
"""
PERIOD_END_DAY = 25
REMINDER_DAY = 20

# A region's ancestors (itself included) through the nested set of parent_store:
# ancestor.parent_left <= region.parent_left and ancestor.parent_right >= region.parent_right.
# One row per region with its 盟市 (league) and its 旗县 (county; a zone that is not under a
# county stands for itself), so that grouping by league or county rolls the regions below up
# without counting a record twice.
REGION_LEVELS_SQL = """
    SELECT r.id AS region_id,
           (SELECT a.id FROM agency_region a
             WHERE a.level = 'league'
               AND a.parent_left <= r.parent_left AND a.parent_right >= r.parent_right
             ORDER BY a.parent_left DESC LIMIT 1) AS league_id,
           COALESCE(
               (SELECT a.id FROM agency_region a
                 WHERE a.level = 'county'
                   AND a.parent_left <= r.parent_left AND a.parent_right >= r.parent_right
                 ORDER BY a.parent_left DESC LIMIT 1),
               CASE WHEN r.level = 'zone' THEN r.id END) AS county_id
      FROM agency_region r
"""

# The reporting period (date_range of type 月报期间, the 26th to the 25th) of a date
# column, for the SQL views of the analyses.
PERIOD_ID_SQL = """(SELECT dr.id FROM date_range dr
      JOIN ir_model_data imd ON imd.model = 'date.range.type' AND imd.res_id = dr.type_id
     WHERE imd.module = 'investment_agency' AND imd.name = 'date_range_type_reporting_period'
       AND %s BETWEEN dr.date_start AND dr.date_end
     LIMIT 1)"""
