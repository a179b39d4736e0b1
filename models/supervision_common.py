"""Helpers of the supervision screens: region levels and reporting periods in SQL,
the Chinese wording of printed and exported figures. No models here.

Reporting period (§三(二): progress reported before the 25th of every month):
the period of month M runs from the 26th of M-1 to the 25th of M. The periods are
date ranges of OCA's date_range (models/date_range.py).
"""
from datetime import date

from odoo import fields

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

# Chinese wording of the printed and exported figures (part of the official report).
LIGHT_LABELS = {'none': '未计时', 'green': '绿灯', 'yellow': '黄灯', 'red': '红灯'}
CHANNEL_LABELS = {'window': '“帮您办”窗口', 'online': '网上专栏', 'app': '“蒙速办”APP',
                  'hotline': '12345热线'}
RATING_LABELS = {'very_satisfied': '非常满意', 'satisfied': '满意', 'basic': '基本满意',
                 'unsatisfied': '不满意', 'very_unsatisfied': '非常不满意'}
LINE_STATE_LABELS = {'todo': '待申报', 'declared': '已申报', 'accepted': '已受理',
                     'correction': '补正中', 'done': '已办结', 'refused': '不予许可',
                     'withdrawn': '已撤回'}
TERMINATION_LABELS = {
    'project_ineligible': '项目不属于代办帮办范围',
    'item_ineligible': '事项不符合办理条件',
    'false_materials': '申报材料虚假',
    'violation': '其他违法违规情形',
    'applicant_request': '申请人撤回委托',
    'other': '其他原因',
}


def to_date(value):
    """A date from a date or an Odoo date string (None if empty)."""
    if not value:
        return None
    if isinstance(value, date):
        return value
    return fields.Date.from_string(value)


def date_label(value):
    value = to_date(value)
    return '%d年%d月%d日' % (value.year, value.month, value.day) if value else ''
