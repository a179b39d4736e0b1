import io
import zipfile
from datetime import date, datetime, timedelta
from unittest.mock import patch

import openpyxl
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.investment_agency.models.report_ledger_xlsx import (
    LEDGER_HEADERS, LEDGER_SQL, LEDGER_WIDTHS)
from odoo.addons.investment_agency.models.xlsx_worksheet import RowWorksheet

from .common import NOT_ALLOWED, AgencyTestCommon
from .supervision_data import SupervisionData


class CountedWorksheet(RowWorksheet):
    """RowWorksheet, counting the rows it writes itself, and those given whole."""
    plain = whole = 0

    def _plain_cells_xml(self, row_num, cells):
        xml = super(CountedWorksheet, self)._plain_cells_xml(row_num, cells)
        CountedWorksheet.plain += bool(xml)
        return xml

    def write_plain_row(self, row, cells):
        written = super(CountedWorksheet, self).write_plain_row(row, cells)
        CountedWorksheet.whole += written
        return written


class TestSupervision(SupervisionData, AgencyTestCommon):
    """Analysis views, handling time by item, agents' workload, the dashboard and the
    work ledger, on the known data set of supervision_data (figures computed by hand)."""

    @classmethod
    def setUpClass(cls):
        super(TestSupervision, cls).setUpClass()
        cls._create_supervision_data()

    def _group(self, model, user, domain, groupby, fields):
        groups = self.env[model].sudo(user).read_group(domain, [groupby] + fields, [groupby],
                                                       lazy=False)
        return {group[groupby] and group[groupby][0]: group for group in groups}

    # ------------------------------------------------------------------ analysis

    def test_case_analysis_figures_roll_up_to_the_league(self):
        period = [('period_applied_id', '=', self.period.id)]
        fields = ['case_count', 'in_progress_count', 'completed_count', 'terminated_count',
                  'line_count', 'line_handled_count', 'line_on_time_count', 'line_late_count',
                  'days_saved', 'plan_days_saved', 'rated_count', 'bad_rating_count',
                  'satisfaction_rate', 'bad_rating_rate']
        groups = self._group('agency.case.analysis', self.manager_chifeng, period,
                             'league_id', fields)
        self.assertEqual(list(groups), [self.region_chifeng.id])
        league = groups[self.region_chifeng.id]
        # C1, C2 (红山区) and C3 (红山区) were received in the period.
        self.assertEqual(league['__count'], 3)
        self.assertEqual(league['case_count'], 3)
        self.assertEqual(league['in_progress_count'], 1)
        self.assertEqual(league['completed_count'], 1)
        self.assertEqual(league['terminated_count'], 1)
        self.assertEqual(league['line_count'], 6)              # L1 L2 L3 L7, L4, L5
        self.assertEqual(league['line_handled_count'], 5)      # L1 L2 L7 L4 L5
        self.assertEqual(league['line_on_time_count'], 3)      # L1 L4 L5
        self.assertEqual(league['line_late_count'], 2)         # L2 L7
        self.assertEqual(league['days_saved'], 2 + 17 + 1 + 3 + 8)
        self.assertEqual(league['plan_days_saved'], 4)
        self.assertEqual(league['rated_count'], 1)
        self.assertEqual(league['bad_rating_count'], 0)
        self.assertEqual(league['satisfaction_rate'], 100.0)
        self.assertEqual(league['bad_rating_rate'], 0.0)
        counties = self._group('agency.case.analysis', self.manager_chifeng, period,
                               'county_id', ['case_count'])
        self.assertEqual(counties[self.region_hongshan.id]['case_count'], 2)
        self.assertEqual(counties[False]['case_count'], 1)
        # Ratings of the whole subtree: C2 very satisfied, C4 unsatisfied.
        rated = self._group('agency.case.analysis', self.manager_chifeng, [], 'league_id',
                            ['rated_count', 'bad_rating_count', 'bad_rating_rate'])
        self.assertEqual(rated[self.region_chifeng.id]['rated_count'], 2)
        self.assertEqual(rated[self.region_chifeng.id]['bad_rating_count'], 1)
        self.assertEqual(rated[self.region_chifeng.id]['bad_rating_rate'], 50.0)

    def test_line_analysis_figures(self):
        period = [('period_closed_id', '=', self.period.id)]
        groups = self._group('agency.line.analysis', self.manager_chifeng, period, 'league_id',
                             ['handled_count', 'on_time_count', 'late_count', 'days_saved',
                              'working_days_used', 'handling_days', 'on_time_rate'])
        league = groups[self.region_chifeng.id]
        # L1 (used 1), L2 (3, late), L4 (0), L5 (2, not permitted) closed in the period.
        self.assertEqual(league['handled_count'], 4)
        self.assertEqual(league['on_time_count'], 3)
        self.assertEqual(league['late_count'], 1)
        self.assertEqual(league['days_saved'], 2 + 17 + 3 + 8)
        self.assertEqual(league['working_days_used'], 6)
        self.assertEqual(league['handling_days'], 1.5)
        self.assertEqual(league['on_time_rate'], 75.0)
        by_type = self._group('agency.line.analysis', self.manager_chifeng, period,
                              'department_type_id', ['handled_count', 'days_saved'])
        ndrc = self.env.ref('investment_agency.dept_type_ndrc')
        water = self.env.ref('investment_agency.dept_type_water')
        self.assertEqual(by_type[ndrc.id]['handled_count'], 2)
        self.assertEqual(by_type[ndrc.id]['days_saved'], 5)
        self.assertEqual(by_type[water.id]['handled_count'], 1)
        by_item = self._group('agency.line.analysis', self.manager_chifeng, period, 'item_id',
                              ['handling_days'])
        self.assertEqual(by_item[self.item_filing.id]['handling_days'], 0.5)
        self.assertEqual(by_item[self.item_land.id]['handling_days'], 3.0)
        # The open red item, whatever the period.
        red = self._group('agency.line.analysis', self.manager_chifeng, [('is_open', '=', True)],
                          'league_id', ['red_count', 'open_count'])
        self.assertEqual(red[self.region_chifeng.id]['red_count'], 1)
        self.assertEqual(red[self.region_chifeng.id]['open_count'], 1)

    def test_item_statistics_percentiles(self):
        Stats = self.env['agency.item.statistics'].sudo(self.manager_wuhai)
        row = Stats.search([('region_id', '=', self.region_wuhai.id),
                            ('item_id', '=', self.item_water_acceptance.id),
                            ('year', '=', self.stats_year)])
        self.assertEqual(len(row), 1)
        # 1, 2, 3, 4 and 10 working days: the 90th percentile is 4 + 0.6 × (10 − 4).
        self.assertEqual(row.line_count, 5)
        self.assertEqual(row.avg_days, 4.0)
        self.assertEqual(row.median_days, 3.0)
        self.assertAlmostEqual(row.p90_days, 7.6)
        self.assertEqual((row.min_days, row.max_days), (1, 10))
        self.assertEqual(row.statutory_days, self.item_water_acceptance.statutory_days)
        self.assertEqual(row.days_saved, 5 * 20 - 20)
        self.assertEqual(row.on_time_count, 4)
        self.assertEqual(row.on_time_rate, 80.0)
        # The autonomous region's row includes 乌海市; 赤峰市 does not see either.
        nmg = self.env['agency.item.statistics'].sudo(self.manager_nmg).search([
            ('region_id', '=', self.region_nmg.id),
            ('item_id', '=', self.item_water_acceptance.id),
            ('year', '=', self.stats_year)])
        self.assertEqual(nmg.line_count, 5)
        self.assertFalse(self.env['agency.item.statistics'].sudo(self.manager_chifeng).search([
            ('item_id', '=', self.item_water_acceptance.id)]))
        # A league's row counts the items of its banners (L1, L7 and L4 of 红山区).
        rows = self.env['agency.item.statistics'].sudo(self.manager_chifeng).search([
            ('item_id', '=', self.item_filing.id)])
        self.assertEqual(rows.mapped('region_id'), self.region_chifeng | self.region_hongshan)
        self.assertEqual(sum(rows.filtered(
            lambda r: r.region_id == self.region_chifeng).mapped('line_count')), 3)
        self.assertEqual(sum(rows.filtered(
            lambda r: r.region_id == self.region_hongshan).mapped('line_count')), 1)

    def test_analysis_views_show_the_manager_his_subtree_only(self):
        chifeng_cases = self.case1 | self.case2 | self.case3 | self.case4 | self.case5 | self.case6
        for model, field in (('agency.case.analysis', 'case_id'),
                             ('agency.line.analysis', 'case_id')):
            seen = {
                user: self.env[model].sudo(user).search([]).mapped(field)
                for user in (self.manager_chifeng, self.manager_hongshan, self.manager_hhht,
                             self.manager_nmg)}
            if model == 'agency.case.analysis':
                self.assertEqual(seen[self.manager_chifeng], chifeng_cases)
                self.assertEqual(seen[self.manager_hongshan], self.case2 | self.case3)
            else:
                self.assertEqual(seen[self.manager_chifeng], self.case1 | self.case2 | self.case3)
                self.assertEqual(seen[self.manager_hongshan], self.case2 | self.case3)
            self.assertFalse(seen[self.manager_hhht] & (chifeng_cases | self.case7))
            self.assertTrue(seen[self.manager_nmg] >= seen[self.manager_chifeng] | self.case7)
            for user in (self.agent_chifeng, self.liaison_chifeng, self.plain_user):
                self.assertRefused(lambda: self.env[model].sudo(user).search([]), AccessError,
                                   NOT_ALLOWED['read'], '(Document model: %s)' % model)
        for model in ('agency.item.statistics', 'agency.agent.workload'):
            self.assertRefused(lambda: self.env[model].sudo(self.agent_chifeng).search([]),
                               AccessError, NOT_ALLOWED['read'], '(Document model: %s)' % model)

    def test_agents_workload(self):
        Workload = self.env['agency.agent.workload']
        rows = Workload.sudo(self.manager_chifeng).search([])
        # Managers are agents too, listed only when they run cases.
        self.assertEqual(rows.mapped('user_id'), self.agent_chifeng | self.agent_hongshan)
        mine = rows.filtered(lambda row: row.user_id == self.agent_chifeng)
        # C1 and C6 are open; L3 of C1 is open and red.
        self.assertEqual((mine.open_case_count, mine.key_case_count, mine.open_line_count,
                          mine.red_line_count, mine.yellow_line_count), (2, 1, 1, 1, 0))
        other = rows.filtered(lambda row: row.user_id == self.agent_hongshan)
        self.assertEqual((other.open_case_count, other.open_line_count), (0, 0))
        self.assertEqual(Workload.sudo(self.manager_hongshan).search([]).mapped('user_id'),
                         self.agent_hongshan)
        self.case6.user_id = self.manager_chifeng
        rows = Workload.sudo(self.manager_chifeng).search([])
        self.assertEqual(rows.filtered(lambda row: row.user_id == self.manager_chifeng)
                         .open_case_count, 1)

    # ------------------------------------------------------------------ dashboard

    def test_dashboard_of_a_league(self):
        dashboard = self.env['agency.dashboard'].sudo(self.manager_chifeng).create({})
        self.assertEqual(dashboard.region_id, self.region_chifeng)
        self.assertEqual(dashboard.open_case_count, 3)          # C1, C5, C6
        self.assertEqual(dashboard.unassigned_case_count, 1)    # C5
        self.assertEqual(dashboard.waiting_case_ids, self.case5)
        self.assertEqual(dashboard.waiting_case_count, 1)
        self.assertEqual(dashboard.received_count, 1)           # C5, first day of this period
        self.assertEqual((dashboard.completed_count, dashboard.terminated_count), (0, 0))
        self.assertEqual((dashboard.red_line_count, dashboard.yellow_line_count), (1, 0))
        self.assertEqual(dashboard.red_line_ids, self.line3)
        self.assertFalse(dashboard.yellow_line_ids)
        # Three regions of eleven departments each, one of them with a liaison agent.
        self.assertEqual(dashboard.unstaffed_department_count, 3 * 11 - 1)
        self.assertNotIn(self.dept_chifeng_ndrc, dashboard.unstaffed_department_ids)
        self.assertEqual(dashboard.bad_rating_case_ids, self.case4)
        self.assertEqual(dashboard.bad_rating_count, 1)
        self.assertEqual(dashboard.report_state, 'missing')
        workload = dashboard.workload_ids.filtered(lambda row: row.user_id == self.agent_chifeng)
        self.assertEqual(workload.open_case_count, 2)
        # An activity for the manager puts the case on his list.
        self.case1.activity_ids.create({
            'res_model_id': self.env['ir.model']._get('agency.case').id,
            'res_id': self.case1.id, 'user_id': self.manager_chifeng.id,
            'activity_type_id': self.env.ref('investment_agency.activity_type_overdue').id,
            'summary': 'test'})
        dashboard = self.env['agency.dashboard'].sudo(self.manager_chifeng).create({})
        self.assertEqual(dashboard.waiting_case_ids, self.case1 | self.case5)
        # The buttons open the full lists, restricted to the region.
        action = dashboard.action_open_red_lines()
        self.assertEqual(self.env['agency.case.line'].sudo(self.manager_chifeng).search(
            action['domain']), self.line3)
        action = dashboard.action_open_open_cases()
        self.assertEqual(self.env['agency.case'].sudo(self.manager_chifeng).search(
            action['domain']), self.case1 | self.case5 | self.case6)
        action = dashboard.action_open_monthly_report()
        report = self.env['agency.monthly.report'].browse(action['res_id'])
        self.assertEqual((report.region_id, report.period_id),
                         (self.region_chifeng, dashboard.period_id))
        self.assertEqual(dashboard.period_id, self.env['date.range']._agency_period_of(self.today))
        dashboard = self.env['agency.dashboard'].sudo(self.manager_chifeng).create({})
        self.assertEqual(dashboard.report_state, 'draft')

    def test_dashboard_rectified_rate(self):
        """差评整改率: the bad ratings of the current period whose follow-up is closed."""
        Dashboard = self.env['agency.dashboard'].sudo(self.manager_chifeng)
        self.assertEqual(Dashboard.create({}).followup_rectified_rate, 0.0,
                         'C4 was rated in the last period')
        self.assertFalse(self.case4.followup_id, 'C4 waits for its follow-up')
        followup = self.env['agency.rating.followup']._create_for_case(self.case4)
        followup.write({'rating_date': str(self.today)})
        self.assertEqual(Dashboard.create({}).followup_rectified_rate, 0.0)
        followup.write({'date_contact': str(self.today), 'verification': 'genuine',
                        'verification_note': '属实', 'measures': '加强代办员培训',
                        'result': '已电话告知申请人整改情况'})
        followup.action_close()
        self.assertEqual(Dashboard.create({}).followup_rectified_rate, 100.0)
        # Counted in the case's region and above, not in a region below.
        self.assertEqual(self.env['agency.dashboard'].sudo(self.manager_hongshan).create(
            {}).followup_rectified_rate, 0.0)

    def test_dashboard_of_a_banner_and_refusals(self):
        dashboard = self.env['agency.dashboard'].sudo(self.manager_hongshan).create({})
        self.assertEqual(dashboard.region_id, self.region_hongshan)
        self.assertEqual((dashboard.open_case_count, dashboard.red_line_count,
                          dashboard.bad_rating_count), (0, 0, 0))
        self.assertEqual(dashboard.unstaffed_department_count, 11)
        # The region above may look at a region below, not the other way round.
        dashboard = self.env['agency.dashboard'].sudo(self.manager_nmg).create(
            {'region_id': self.region_chifeng.id})
        self.assertEqual(dashboard.open_case_count, 3)
        self.assertEqual(dashboard.red_line_ids, self.line3)
        # The report of a region below is written by its own managers.
        with self.assertRaisesRegex(UserError, 'has not started its progress report'):
            dashboard.action_open_monthly_report()
        report = self.env['agency.monthly.report'].sudo(self.manager_chifeng).create(
            {'region_id': self.region_chifeng.id, 'period_id': dashboard.period_id.id})
        self.assertEqual(dashboard.action_open_monthly_report()['res_id'], report.id)
        self.assertInvalid(lambda: self.env['agency.dashboard'].sudo(self.manager_hongshan).create(
            {'region_id': self.region_chifeng.id}),
            'You supervise 赤峰市 / 红山区 and the regions below it only.')
        self.assertInvalid(lambda: self.env['agency.dashboard'].sudo(self.manager_chifeng).create(
            {'region_id': self.region_wuhai.id}),
            'You supervise 赤峰市 and the regions below it only.')
        dashboard = self.env['agency.dashboard'].sudo(self.agent_chifeng).create({})
        self.assertRefused(lambda: dashboard.open_case_count,
                           AccessError, 'The supervision dashboard is for the managers.')

    # ------------------------------------------------------------------ ledger

    def _jit(self):
        self.env.cr.execute("SELECT current_setting('jit', true)")
        return self.env.cr.fetchone()[0]

    def _export(self, user, region, include=True, date_from=None, date_to=None):
        wizard = self.env['agency.ledger.export'].sudo(user).create({
            'region_id': region.id, 'include_subregions': include,
            'date_from': date_from or str(self.start), 'date_to': date_to or str(self.end)})
        action = wizard.action_export()
        self.assertEqual((action['type'], action['report_type'], action['report_name']),
                         ('ir.actions.report', 'xlsx', 'investment_agency.ledger_xlsx'))
        # The dialog closes once the download starts.
        self.assertTrue(action.get('close_on_report_download'))
        report = self.env.ref('investment_agency.report_ledger_xlsx').sudo(user)
        jit = self._jit()
        content, file_type = report.render(wizard.ids, {})
        # The ledger's statement runs without PostgreSQL's JIT compiler; the setting is
        # the transaction's own again afterwards.
        self.assertEqual(self._jit(), jit)
        self.assertEqual(file_type, 'xlsx')
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.worksheets[0]
        return book, sheet, [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]

    def test_ledger_export_reads_back(self):
        _book, sheet, rows = self._export(self.manager_chifeng, self.region_chifeng)
        self.assertEqual(sheet.title, '工作台账')
        self.assertEqual(sheet['A1'].value, '赤峰市“帮您办”专项工作台账')
        self.assertIn('共5件', sheet['A2'].value)
        self.assertEqual([cell.value for cell in sheet[3]], LEDGER_HEADERS)
        # The header row stays on screen; the columns keep their widths.
        self.assertEqual(sheet.freeze_panes, 'A4')
        # Adjacent columns of the same width are one <col min max> element; openpyxl reads
        # the width with xlsxwriter's padding (a fraction of a character).
        widths = {}
        for dimension in sheet.column_dimensions.values():
            for col in range(dimension.min, dimension.max + 1):
                widths[col] = int(dimension.width)
        self.assertEqual([widths[col] for col in range(1, len(LEDGER_WIDTHS) + 1)],
                         LEDGER_WIDTHS)
        # Open in the period: C4 and C1 (赤峰市), C2 and C3 (红山区), C6 (松山区).
        self.assertEqual([row[1] for row in rows],
                         [c.name for c in (self.case4, self.case1, self.case2, self.case3,
                                           self.case6)])
        self.assertEqual([row[0] for row in rows], [1, 2, 3, 4, 5])
        c1 = dict(zip(LEDGER_HEADERS, rows[1]))
        self.assertEqual(c1['所属地区'], '赤峰市')
        self.assertEqual(c1['项目名称'], '赤峰锂电材料项目')
        self.assertEqual(c1['重点项目'], '是')
        self.assertEqual(c1['申请渠道'], '“帮您办”窗口')
        self.assertEqual(c1['代办事项'].split('\n'), [
            '2. 企业投资项目备案', '7. 建设项目用地预审与选址意见书核发',
            '16. 生产建设项目水土保持方案审批'])
        self.assertEqual((c1['事项数'], c1['已办结事项']), (3, 3))
        self.assertEqual(c1['当前阶段'], '申报办理')
        # Dates are dates (formatted as such), numbers are numbers.
        self.assertEqual(c1['申请日期'], datetime.combine(self.start + timedelta(days=1),
                                                      datetime.min.time()))
        self.assertEqual(sheet.cell(row=5, column=LEDGER_HEADERS.index('申请日期') + 1)
                         .number_format, 'yyyy-mm-dd')
        self.assertIsInstance(c1['事项数'], int)
        self.assertEqual(c1['代办员'], 't_agent_chifeng')
        self.assertEqual(c1['预警状态'], '已超期')
        self.assertEqual(c1['节省工作日'], 2 + 17 + 1)
        c4 = dict(zip(LEDGER_HEADERS, rows[0]))
        self.assertEqual((c4['服务评价'], c4['备注']), ('不满意', '部门之间衔接不畅'))
        c3 = dict(zip(LEDGER_HEADERS, rows[3]))
        self.assertEqual(c3['备注'], '所申请事项本身不具备办理条件')
        self.assertEqual(c3['终止日期'].date(), self.start + timedelta(days=8))
        # Without the regions below.
        _book, _sheet, rows = self._export(self.manager_chifeng, self.region_chifeng, False)
        self.assertEqual([row[1] for row in rows], [self.case4.name, self.case1.name])

    def test_ledger_statement_runs_without_jit(self):
        """PostgreSQL does not compile the ledger's statement (its JIT compiler took most of
        the statement's time for a whole region), and the transaction keeps its setting."""
        jit = self._jit()
        self.assertIsNotNone(jit, 'this PostgreSQL has a JIT setting')
        seen = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=None):
            if query == LEDGER_SQL:
                execute(cr, "SELECT current_setting('jit')")
                seen.append(cr.fetchone()[0])
            return execute(cr, query, params) if log_exceptions is None else \
                execute(cr, query, params, log_exceptions)
        with patch.object(type(self.env.cr), 'execute', spy):
            self._export(self.manager_chifeng, self.region_chifeng)
        self.assertEqual(seen, ['off'])
        self.assertEqual(self._jit(), jit)

    def test_ledger_rows_are_xlsxwriters_own(self):
        """The reports' worksheet (RowWorksheet) writes a plain row in one piece: the
        sheet's XML is the one xlsxwriter writes, byte for byte, whatever the values —
        rows it cannot write plainly are left to xlsxwriter."""
        report = self.env['report.investment_agency.ledger_xlsx']
        plain = [
            [1, 'BNB-150400-2026-000001', '赤峰市', '锂电材料项目', None, '', 2.5, -3,
             date(2026, 1, 2), datetime(2026, 1, 2, 3, 4), '2. 备案\n7. 用地预审',
             12345678901234567, 0.1, 'x"y\'z'],
            [2, '一', 0, 0.0, False, '_x004', 'a\tb', '中文 内容', 1e-12, 10 ** 20],
        ]
        special = [
            ['A & B', '<r>rich</r>', 'x > y'],
            [' leading', 'trailing ', 'line\n'],
            ['_x0041_', 'bell\x07', '\ufffe'],
            ['长' * 40000, 1],
        ]

        def sheet_xml(worksheet_class):
            content = io.BytesIO()
            book = xlsxwriter.Workbook(content, {'constant_memory': True})
            formats = report._formats(book)
            sheet = book.add_worksheet('工作台账', worksheet_class=worksheet_class)
            sheet.merge_range(0, 0, 0, 5, 'title', formats['title'])
            row = report._write_table(sheet, formats, 2, LEDGER_HEADERS[:6],
                                      plain + special + plain, totals=[3, 4.5], freeze=True)
            sheet.write(row, 0, 'no format')
            sheet.write_boolean(row + 1, 0, True, formats['text'])
            sheet.write_formula(row + 2, 0, '=A4+1', formats['number'])
            sheet.set_row(row + 3, 40)
            sheet.write_string(row + 3, 0, 'tall', formats['text'])
            sheet.write_comment(row + 4, 0, 'comment')
            sheet.write_string(row + 4, 1, 'commented', formats['text'])
            sheet.write_number(row + 6, 2, 7, formats['number'])
            book.close()
            return zipfile.ZipFile(content).read('xl/worksheets/sheet1.xml')

        CountedWorksheet.plain = CountedWorksheet.whole = 0
        ours, theirs = sheet_xml(CountedWorksheet), sheet_xml(Worksheet)
        self.assertIn('<c r="B5" s="'.encode(), ours)
        self.assertEqual(ours, theirs)
        # RowWorksheet wrote the title's row, the four plain rows, the totals, the row of
        # the string too long for a cell once xlsxwriter had cut it, and the last number;
        # xlsxwriter the others.
        self.assertEqual(CountedWorksheet.plain, 8)
        # The table's plain rows and its totals were given whole, not cell by cell.
        self.assertEqual(CountedWorksheet.whole, 5)

    def test_a_row_written_whole_is_final(self):
        """A table's row written in one piece is final, as xlsxwriter's rows written in
        constant_memory mode: a cell, a height or a comment given to it afterwards is
        refused, and the sheet has that row once."""
        report = self.env['report.investment_agency.ledger_xlsx']
        content = io.BytesIO()
        book = xlsxwriter.Workbook(content, {'constant_memory': True})
        formats = report._formats(book)
        sheet = book.add_worksheet('工作台账', worksheet_class=RowWorksheet)
        row = report._write_table(sheet, formats, 0, ['a', 'b'], [['一', 1]])
        self.assertEqual(row, 2)
        self.assertEqual(sheet.write_string(1, 2, 'late', formats['text']), -1)
        self.assertEqual(sheet.set_row(1, 40), -1)
        self.assertFalse(sheet.write_plain_row(1, [report._cell(formats, '又一')]))
        sheet.write_string(2, 0, 'next', formats['text'])
        book.close()
        xml = zipfile.ZipFile(content).read('xl/worksheets/sheet1.xml').decode()
        self.assertEqual(xml.count('<row r="2"'), 1)
        self.assertNotIn('late', xml)
        self.assertNotIn('又一', xml)
        self.assertIn('<dimension ref="A1:B3"/>', xml)
        self.assertEqual([[cell.value for cell in line] for line in openpyxl.load_workbook(
            io.BytesIO(content.getvalue())).worksheets[0].iter_rows()],
            [['a', 'b'], ['一', 1], ['next', None]])

    def test_ratings_export_reads_back(self):
        """好差评 data of a period for the national system: one row per rated case."""
        wizard = self.env['agency.ledger.export'].sudo(self.manager_chifeng).create({
            'region_id': self.region_chifeng.id, 'include_subregions': True,
            'date_from': str(self.start), 'date_to': str(self.end)})
        action = wizard.action_export_ratings()
        self.assertEqual((action['report_type'], action['report_name']),
                         ('xlsx', 'investment_agency.ratings_xlsx'))
        report = self.env.ref('investment_agency.report_ratings_xlsx').sudo(self.manager_chifeng)
        content, _type = report.render(wizard.ids, {})
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.cell(row=1, column=1).value, '赤峰市政务服务“好差评”评价数据')
        self.assertIn('共2条,其中差评1条', sheet.cell(row=2, column=1).value)
        self.assertEqual(sheet.cell(row=3, column=2).value, '评价编号')
        rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
        # In the order rated: C4 (start+6, 不满意), then C2 (start+12, 非常满意, 红山区).
        self.assertEqual([(row[1], row[4], row[5]) for row in rows],
                         [(self.case4.name, '不满意', '是'), (self.case2.name, '非常满意', '否')])
        self.assertEqual(rows[0][2].date(), self.start + timedelta(days=6))
        self.assertEqual(rows[1][7], self.region_hongshan.bureau_name)
        # A region without ratings in the period, and the agents, are refused.
        wizard = self.env['agency.ledger.export'].sudo(self.manager_chifeng).create({
            'region_id': self.region_songshan.id, 'date_from': str(self.start),
            'date_to': str(self.end)})
        self.assertRefused(wizard.action_export_ratings, UserError,
                           '松山区 has no rating in this period.')
        wizard = self.env['agency.ledger.export'].sudo(self.agent_chifeng).create({
            'region_id': self.region_chifeng.id, 'date_from': str(self.start),
            'date_to': str(self.end)})
        self.assertRefused(wizard.action_export_ratings, AccessError,
                           'Only the managers export the ratings.')

    def test_ledger_export_access(self):
        _book, _sheet, rows = self._export(self.manager_hongshan, self.region_hongshan)
        self.assertEqual([row[1] for row in rows], [self.case2.name, self.case3.name])
        _book, _sheet, rows = self._export(self.manager_nmg, self.region_chifeng)
        self.assertEqual(len(rows), 5)
        Export = self.env['agency.ledger.export']
        self.assertInvalid(lambda: Export.sudo(self.manager_hongshan).create({
            'region_id': self.region_chifeng.id}),
            'You can export the ledger of 红山区 and of the regions below it only.')
        self.assertInvalid(lambda: Export.sudo(self.manager_chifeng).create({
            'region_id': self.region_chifeng.id, 'date_from': str(self.end),
            'date_to': str(self.start)}),
            'The period ends (%s) before it starts (%s).' % (self.start, self.end))
        wizard = self.env['agency.ledger.export'].sudo(self.agent_chifeng).create({
            'region_id': self.region_chifeng.id})
        self.assertRefused(wizard.action_export, AccessError,
                           'Only the managers export the work ledger.')
        wizard = self.env['agency.ledger.export'].sudo(self.manager_wuhai).create({
            'region_id': self.region_wuhai.id, 'date_from': '2020-01-01',
            'date_to': '2020-12-31'})
        self.assertRefused(wizard.action_export, UserError, '乌海市 has no case in this period.')

    # ------------------------------------------------------------------ menus

    def test_supervision_menus_open_for_their_users(self):
        root = self.env.ref('investment_agency.menu_supervision')
        expected = {self.manager_chifeng: 10, self.agent_chifeng: 1, self.liaison_chifeng: 0}
        for user, count in expected.items():
            menus = self.env['ir.ui.menu'].sudo(user).search(
                [('id', 'child_of', root.id), ('action', '!=', False)])
            self.assertEqual(len(menus), count, user.login)
            for menu in menus:
                action = menu.action
                if action._name != 'ir.actions.act_window':
                    continue
                model = self.env[action.res_model].sudo(user)
                for view_type in action.view_mode.split(',') + ['search']:
                    view_id = action.view_id.id if view_type == action.view_id.type else False
                    view = model.fields_view_get(view_id=view_id, view_type=view_type)
                    if view_type == 'search' or model.is_transient():
                        continue
                    records = model.search(safe_eval(action.domain or '[]'), limit=5)
                    records.read(list(view['fields']))
            if count:
                self.assertIn(self.env.ref('investment_agency.menu_supervision_monthly_reports'),
                              menus)
        dashboard = self.env['agency.dashboard'].sudo(self.manager_chifeng).create({})
        view = dashboard.fields_view_get(view_type='form')
        dashboard.read(list(view['fields']))
