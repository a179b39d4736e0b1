"""Helpers of the supervision screens: reporting periods, region levels in SQL,
the Chinese wording of exported sheets and an XLSX writer. No models here.

Reporting period (§三(二): progress reported before the 25th of every month):
the period of month M runs from the 26th of M-1 to the 25th of M.
"""
import io
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

import xlsxwriter

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

# The reporting month (YYYY-MM) of a date column: the 26th and later belong to the next
# month. ``d - 25 + 1 month``: days 26-31 stay in their month, days 1-25 fall back one.
PERIOD_SQL = "to_char(%s - 25 + interval '1 month', 'YYYY-MM')"

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
    if not value:
        return None
    if isinstance(value, date):
        return value
    return date(int(value[:4]), int(value[5:7]), int(value[8:10]))


def period_bounds(month):
    """(first day, last day) of reporting month 'YYYY-MM': the 26th before to the 25th."""
    end = date(int(month[:4]), int(month[5:7]), PERIOD_END_DAY)
    start = end - relativedelta(months=1) + timedelta(days=1)
    return start, end


def period_of(day):
    """The reporting month 'YYYY-MM' a date belongs to."""
    day = to_date(day)
    if day.day > PERIOD_END_DAY:
        day = day + relativedelta(months=1)
    return day.strftime('%Y-%m')


def month_label(month):
    return '%d年%d月' % (int(month[:4]), int(month[5:7]))


def date_label(value):
    value = to_date(value)
    return '%d年%d月%d日' % (value.year, value.month, value.day) if value else ''


class XlsxSheet(object):
    """A one-sheet XLSX workbook in memory: a title, a subtitle, then tables, each with
    an optional heading, a header row and rows (str, int, float, date or None)."""

    def __init__(self, sheet_name, title, subtitle, columns):
        self.output = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.output, {'in_memory': True})
        self.sheet = self.workbook.add_worksheet(sheet_name[:31])
        self.columns = columns
        add = self.workbook.add_format
        cell = {'font_name': 'SimSun', 'font_size': 10, 'border': 1, 'valign': 'vcenter'}
        self.formats = {
            'title': add({'font_name': 'SimHei', 'font_size': 16, 'bold': True,
                          'align': 'center', 'valign': 'vcenter'}),
            'subtitle': add({'font_name': 'SimSun', 'font_size': 10}),
            'heading': add({'font_name': 'SimHei', 'font_size': 12, 'bold': True}),
            'header': add(dict(cell, bold=True, align='center', text_wrap=True,
                               bg_color='#D9E1F2')),
            'text': add(dict(cell, text_wrap=True)),
            'number': add(dict(cell, align='right')),
            'float': add(dict(cell, align='right', num_format='0.0')),
            'date': add(dict(cell, num_format='yyyy-mm-dd', align='center')),
            'total': add(dict(cell, bold=True)),
        }
        self.row = 0
        self.sheet.merge_range(0, 0, 0, columns - 1, title, self.formats['title'])
        self.sheet.set_row(0, 30)
        self.sheet.merge_range(1, 0, 1, columns - 1, subtitle, self.formats['subtitle'])
        self.row = 2

    def set_widths(self, widths):
        for col, width in enumerate(widths):
            self.sheet.set_column(col, col, width)

    def heading(self, text):
        self.row += 1
        self.sheet.merge_range(self.row, 0, self.row, self.columns - 1, text,
                               self.formats['heading'])
        self.row += 1

    def table(self, headers, rows, totals=None, freeze=False):
        for col, header in enumerate(headers):
            self.sheet.write_string(self.row, col, header, self.formats['header'])
        self.sheet.set_row(self.row, 30)
        if freeze:
            self.sheet.freeze_panes(self.row + 1, 0)
        self.row += 1
        for values in list(rows) + ([totals] if totals else []):
            bold = totals is not None and values is totals
            for col, value in enumerate(values):
                self._write(col, value, bold)
            self.row += 1

    def text(self, value):
        self.sheet.merge_range(self.row, 0, self.row, self.columns - 1, value or '',
                               self.formats['text'])
        # Excel does not fit the height of merged cells: about 70 Chinese characters a line.
        lines = sum(len(part) // 70 + 1 for part in (value or '').split('\n'))
        self.sheet.set_row(self.row, 15 * lines)
        self.row += 1

    def _write(self, col, value, bold=False):
        formats = self.formats
        if value is None or value is False:
            self.sheet.write_blank(self.row, col, None, formats['text'])
        elif isinstance(value, float):
            self.sheet.write_number(self.row, col, value,
                                    formats['total'] if bold else formats['float'])
        elif isinstance(value, int):
            self.sheet.write_number(self.row, col, value,
                                    formats['total'] if bold else formats['number'])
        elif isinstance(value, date):
            self.sheet.write_datetime(self.row, col, value, formats['date'])
        else:
            self.sheet.write_string(self.row, col, str(value),
                                    formats['total'] if bold else formats['text'])

    def close(self):
        """The workbook, as bytes."""
        self.workbook.close()
        return self.output.getvalue()
