from datetime import date, timedelta

import io

import openpyxl
import psycopg2
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from . import test_foundation
from .common import NOT_ALLOWED, AgencyTestCommon, out_of_reach
from .supervision_data import SupervisionData

REPORT_OUT_OF_REACH = out_of_reach('Monthly Progress Report')


class TestMonthlyReport(SupervisionData, AgencyTestCommon):
    """The monthly progress report (月度进展情况): figures of the known data set of
    supervision_data computed by hand, submission and freezing, who reads and who writes,
    the PDF, the XLSX and the reminder cron."""

    @classmethod
    def setUpClass(cls):
        super(TestMonthlyReport, cls).setUpClass()
        cls._create_supervision_data()
        cls.Report = cls.env['agency.monthly.report']

    def _report(self, user, region, month=None):
        period = self.env['date.range']._agency_period_of('%s-25' % month) if month \
            else self.period
        return self.Report.sudo(user).create({'region_id': region.id,
                                              'period_id': period.id})

    def _submit(self, report, **values):
        report.write(dict({'summary': '本月工作情况', 'problems': '需协调的问题'}, **values))
        report.action_submit()

    # ------------------------------------------------------------------ figures

    def test_figures_of_a_league(self):
        report = self._report(self.manager_chifeng, self.region_chifeng)
        self.assertEqual(report.name, '赤峰市%d年%d月“帮您办”工作进展情况' % (
            int(self.month[:4]), int(self.month[5:])))
        self.assertEqual(report.period_id.name, '%d年%d月' % (int(self.month[:4]),
                                                            int(self.month[5:])))
        self.assertEqual((report.date_start, report.date_end), (str(self.start), str(self.end)))
        self.assertEqual(report.date_as_of, str(self.end))
        self.assertEqual(report.addressee, '自治区推进政府职能转变和“放管服”改革协调小组办公室')
        expected = {
            'received_count': 3,          # C1, C2, C3
            'completed_count': 2,         # C2, C4
            'terminated_count': 1,        # C3
            'in_progress_count': 2,       # C1, C6 at the end of the period
            'key_project_count': 1,       # C1
            'lines_accepted_count': 4,    # L1, L2, L4, L5
            'lines_handled_count': 4,
            'lines_done_count': 3,
            'lines_refused_count': 1,
            'lines_on_time_count': 3,
            'lines_late_count': 1,        # L2: 3 working days for a limit of 1
            'on_time_rate': 75.0,
            'working_days_used': 1 + 3 + 0 + 2,
            'days_saved': (3 - 1) + (20 - 3) + (3 - 0) + (10 - 2),
            'plan_days_saved': 4,         # C1; C6 was planned before the period
            'red_line_count': 1,          # L3
            'open_decision_count': 1,
            'rated_count': 2,
            'rating_very_satisfied_count': 1,
            'rating_satisfied_count': 0,
            'rating_basic_count': 0,
            'rating_unsatisfied_count': 1,
            'rating_very_unsatisfied_count': 0,
            'bad_rating_count': 1,
            'bad_rating_rate': 50.0,
            'satisfaction_rate': 50.0,
        }
        self.assertEqual({name: report[name] for name in expected}, expected)
        items = [(line.item_id, line.handled_count, line.on_time_count, line.avg_days,
                  line.days_saved) for line in report.item_line_ids]
        self.assertEqual(items, [(self.item_filing, 2, 2, 0.5, 5), (self.item_land, 1, 0, 3.0, 17),
                                 (self.item_soil, 1, 1, 2.0, 8)])
        project = report.project_line_ids
        self.assertEqual(len(project), 1)
        self.assertEqual((project.case_id, project.stage_name, project.light,
                          project.items_closed, project.items_total),
                         (self.case1, '申报办理', 'red', 3, 4))
        self.assertEqual(project.note, '在办1项,超期1项(%s)' % self.item_soil.name)
        overdue = report.issue_line_ids.filtered(lambda line: line.line_type == 'overdue')
        self.assertEqual((overdue.case_id, overdue.item_id, overdue.department_id),
                         (self.case1, self.item_soil, self.dept_chifeng_water))
        self.assertEqual(overdue.overdue_days, self.calendar.agency_working_days_between(
            self.line3.deadline, self.end))
        decision = report.issue_line_ids - overdue
        self.assertEqual((decision.line_type, decision.case_id, decision.date_deadline),
                         ('decision', self.case1, self.decision.date_deadline))

    def test_figures_of_a_banner(self):
        report = self._report(self.manager_hongshan, self.region_hongshan)
        self.assertEqual(report.addressee, '赤峰市政务服务局')
        self.assertEqual(
            (report.received_count, report.completed_count, report.terminated_count,
             report.in_progress_count, report.lines_handled_count, report.lines_on_time_count,
             report.days_saved, report.rated_count, report.satisfaction_rate,
             report.red_line_count, report.open_decision_count),
            (2, 1, 1, 0, 2, 2, 3 + 8, 1, 100.0, 0, 0))

    def test_update_figures_while_draft(self):
        report = self._report(self.manager_chifeng, self.region_chifeng)
        project = self.case5.project_id.copy({'region_id': self.region_hongshan.id})
        self.env['agency.case'].create({
            'project_id': project.id, 'date_applied': str(self.start + timedelta(days=6))})
        self.assertEqual(report.received_count, 3)
        report.action_update_figures()
        self.assertEqual(report.received_count, 4)
        self.assertEqual(len(report.item_line_ids), 3)

    def test_month_checks(self):
        # A date range of another type is no reporting period.
        other_type = self.env['date.range.type'].create({'name': 'Quarter', 'company_id': False})
        quarter = self.env['date.range'].create({
            'name': '2026Q3', 'type_id': other_type.id, 'company_id': False,
            'date_start': '2026-07-01', 'date_end': '2026-09-30'})
        with self.assertRaisesRegex(ValidationError, 'is not a reporting period'):
            self.Report.sudo(self.manager_chifeng).create({
                'region_id': self.region_chifeng.id, 'period_id': quarter.id})
        future = (self.today + relativedelta(months=2)).strftime('%Y-%m')
        self.assertInvalid(lambda: self._report(self.manager_chifeng, self.region_chifeng, future),
                           'has not started yet: it runs from')
        self._report(self.manager_chifeng, self.region_chifeng)
        with mute_logger('odoo.sql_db'):
            self.assertRefused(lambda: self._report(self.manager_chifeng, self.region_chifeng),
                               psycopg2.IntegrityError, 'violates unique constraint '
                               '"agency_monthly_report_region_period_uniq"')

    # ------------------------------------------------------------------ submission

    def test_submission_freezes_the_report(self):
        report = self._report(self.manager_chifeng, self.region_chifeng)
        with self.assertRaisesRegex(UserError, 'Describe the work carried out'):
            report.action_submit()
        report.summary = '本月工作情况'
        with self.assertRaisesRegex(UserError, '1 overdue items and 1 open meeting decisions'):
            report.action_submit()
        report.problems = '用地预审超期,需协调自然资源部门'
        report.action_submit()
        self.assertEqual(report.state, 'submitted')
        self.assertEqual(report.user_submitted_id, self.manager_chifeng)
        self.assertTrue(report.date_submitted)
        tracked = report.sudo().message_ids.mapped('tracking_value_ids.new_value_char')
        self.assertIn('Submitted', tracked)
        # Frozen: new cases do not change it, nothing can be written or deleted.
        self.env['agency.case'].create({
            'project_id': self.case5.project_id.id, 'region_id': self.region_chifeng.id,
            'date_applied': str(self.start + timedelta(days=6))})
        for function in (lambda: report.write({'summary': '改写'}),
                         lambda: report.write({'received_count': 9}),
                         report.action_update_figures,
                         report.action_submit,
                         lambda: report.item_line_ids[0].write({'handled_count': 9}),
                         lambda: report.item_line_ids[0].unlink(),
                         report.unlink):
            with self.assertRaisesRegex(UserError, 'is submitted'):
                function()
        report.invalidate_cache()
        self.assertEqual(report.received_count, 3)
        # The chatter stays open.
        report.message_post(body='已阅')

    def test_who_reads_and_who_writes(self):
        chifeng = self._report(self.manager_chifeng, self.region_chifeng)
        hongshan = self._report(self.manager_hongshan, self.region_hongshan)
        # The region above reads the reports below, and lists them.
        self.assertEqual(self.Report.sudo(self.manager_chifeng).search([]) & (chifeng | hongshan),
                         chifeng | hongshan)
        self.assertEqual(chifeng.sudo(self.manager_chifeng).child_report_ids, hongshan)
        self.assertEqual(chifeng.sudo(self.manager_chifeng).child_pending_region_ids,
                         self.region_hongshan | self.region_songshan)
        self.assertTrue(self.Report.sudo(self.manager_nmg).search([('id', '=', chifeng.id)]))
        # ... but does not write them, nor submit them.
        self.assertRefused(lambda: hongshan.sudo(self.manager_chifeng).write({'summary': 'x'}),
                           AccessError, REPORT_OUT_OF_REACH)
        self.assertRefused(hongshan.sudo(self.manager_chifeng).action_submit, AccessError,
                           REPORT_OUT_OF_REACH)
        # The region below does not read the region above.
        self.assertEqual(self.Report.sudo(self.manager_hongshan).search([]), hongshan)
        self.assertRefused(lambda: chifeng.sudo(self.manager_hongshan).read(['received_count']),
                           AccessError, REPORT_OUT_OF_REACH)
        self.assertRefused(lambda: self._report(
            self.manager_hongshan, self.region_chifeng,
            (self.today - relativedelta(months=2)).strftime('%Y-%m')),
            AccessError, 'You write the progress reports of 红山区 only.')
        self.assertFalse(self.Report.sudo(self.manager_hhht).search(
            [('id', 'in', (chifeng | hongshan).ids)]))
        # Agents read the reports of their region only, and change nothing.
        self.assertEqual(self.Report.sudo(self.agent_chifeng).search([]), chifeng)
        self.assertEqual(chifeng.sudo(self.agent_chifeng).received_count, 3)
        self.assertEqual(len(chifeng.sudo(self.agent_chifeng).item_line_ids), 3)
        self.assertRefused(lambda: chifeng.sudo(self.agent_chifeng).write({'summary': 'x'}),
                           AccessError, NOT_ALLOWED['write'])
        self.assertRefused(chifeng.sudo(self.agent_chifeng).action_submit, AccessError,
                           NOT_ALLOWED['write'])
        self.assertRefused(lambda: self._report(
            self.agent_chifeng, self.region_chifeng,
            (self.today - relativedelta(months=2)).strftime('%Y-%m')),
            AccessError, NOT_ALLOWED['create'])
        for user in (self.liaison_chifeng, self.plain_user):
            self.assertRefused(lambda: self.Report.sudo(user).search([]),
                               AccessError, NOT_ALLOWED['read'])
        # Submitted below: no longer pending above.
        self._submit(hongshan.sudo(self.manager_hongshan))
        chifeng.invalidate_cache()
        self.assertEqual(chifeng.sudo(self.manager_chifeng).child_pending_region_ids,
                         self.region_songshan)

    # ------------------------------------------------------------------ circular (通报)

    def _rectify(self, case):
        followup = self.env['agency.rating.followup']._create_for_case(case)
        followup.write({'date_contact': str(self.end), 'verification': 'genuine',
                        'verification_note': '核实属实', 'measures': '建立部门衔接机制',
                        'result': '已整改'})
        followup.action_close()
        return followup

    def _ranked(self, rows):
        return [(row.rank, row.name, row.handled_count, row.on_time_rate, row.overdue_count,
                 row.avg_days_saved, row.rated_count, row.satisfaction_rate,
                 row.bad_rating_count, row.rectified_count) for row in rows]

    def test_circular_ranks_sub_regions_and_departments(self):
        self._rectify(self.case4)
        report = self._report(self.manager_chifeng, self.region_chifeng)
        self.assertEqual((report.rectified_count, report.rectified_rate), (1, 100.0))
        ranked = self._ranked(report.region_line_ids)
        # 红山区: L4, L5 on time (saved 3 + 8), case2 very satisfied. 赤峰市本级: L1 on time,
        # L2 late (saved 2 + 17), L3 overdue, case4 unsatisfied and rectified. The
        # sub-regions without figures (松山区 …) share the last rank.
        self.assertEqual(ranked[:2], [
            (1, '红山区', 2, 100.0, 0, 5.5, 1, 100.0, 0, 0),
            (2, '赤峰市本级', 2, 50.0, 1, 9.5, 1, 0.0, 1, 1)])
        rest = ranked[2:]
        self.assertIn('松山区', [row[1] for row in rest])
        self.assertEqual(set(row[0] for row in rest), {3})
        self.assertEqual(set(row[2:] for row in rest), {(0, 0.0, 0, 0.0, 0, 0.0, 0, 0)})
        self.assertEqual(len(report.region_line_ids),
                         len(self.region_chifeng.child_ids) + 1)
        departments = [(row.department_id, row.rank, row.handled_count, row.on_time_rate,
                        row.overdue_count, row.avg_days_saved, row.rated_count)
                       for row in report.department_line_ids]
        self.assertEqual(departments, [
            (self.dept_hongshan_water, 1, 1, 100.0, 0, 8.0, 0),
            (self.dept_hongshan_ndrc, 2, 1, 100.0, 0, 3.0, 1),
            (self.dept_chifeng_ndrc, 3, 1, 100.0, 0, 2.0, 0),
            (self.dept_chifeng_nr, 4, 1, 0.0, 0, 17.0, 0),
            (self.dept_chifeng_water, 5, 0, 0.0, 1, 0.0, 0)])
        self.assertEqual(report.department_line_ids[1].satisfaction_rate, 100.0)
        self.assertEqual(report.department_line_ids[0].region_id, self.region_hongshan)
        # 乌海市's department handled an item too, but is not 赤峰市's.
        self.assertNotIn(self.dept_wuhai_ndrc, report.department_line_ids.mapped('department_id'))

    def test_circular_rows_are_the_figures_of_the_reports_below(self):
        """A league's row in the region's circular holds what the league's own report of
        the period says."""
        self._rectify(self.case4)
        report = self._report(self.manager_nmg, self.region_nmg)
        for league in (self.region_chifeng, self.region_wuhai):
            own = self.Report.sudo().search([('region_id', '=', league.id),
                                             ('period_id', '=', self.period.id)]) or \
                self._report(self.env.ref('base.user_root'), league)
            row = report.region_line_ids.filtered(lambda line: line.region_id == league)
            handled = own.lines_handled_count
            self.assertEqual(
                (row.handled_count, row.on_time_count, row.on_time_rate, row.overdue_count,
                 row.avg_days_saved, row.rated_count, row.satisfaction_rate,
                 row.bad_rating_count, row.rectified_count),
                (handled, own.lines_on_time_count, own.on_time_rate, own.red_line_count,
                 round(float(own.days_saved) / handled, 1) if handled else 0.0,
                 own.rated_count, own.satisfaction_rate, own.bad_rating_count,
                 own.rectified_count), league.name)
        self.assertEqual(sorted(report.region_line_ids.mapped('sequence')),
                         list(range(1, len(report.region_line_ids) + 1)))

    def test_circular_frozen_with_the_report(self):
        report = self._report(self.manager_chifeng, self.region_chifeng)
        self._submit(report.sudo(self.manager_chifeng))
        rows = self._ranked(report.region_line_ids)
        self._rectify(self.case4)
        report.invalidate_cache()
        self.assertEqual(self._ranked(report.region_line_ids), rows)
        self.assertEqual(report.rectified_count, 0)
        self.assertRefused(lambda: report.region_line_ids[0].sudo(self.manager_chifeng).write(
            {'rank': 1}), UserError, 'can no longer change')

    def test_circular_pdf(self):
        self._rectify(self.case4)
        report = self._report(self.manager_chifeng, self.region_chifeng)
        action = report.sudo(self.agent_chifeng).action_print_circular()
        self.assertEqual(action['report_name'],
                         'investment_agency.report_monthly_circular_document')
        circular = self.env.ref('investment_agency.report_monthly_circular')
        pdf, fmt = circular.sudo(self.manager_nmg).with_context(
            force_report_rendering=True).render_qweb_pdf(report.ids)
        self.assertEqual(fmt, 'pdf')
        flat = ''.join(test_foundation.pdf_text(pdf).split())
        title = '关于赤峰市%s“帮您办”工作情况的通报' % report.period_id.name
        self.assertEqual(report._circular_title(), title)
        for expected in (title, '发文单位:赤峰市政务服务局', '红山区政务服务局、',
                         '报送:自治区推进政府职能转变', '一、总体情况', '二、各地区排名',
                         '三、各部门排名', '四、超期事项', '五、有关要求',
                         '本期全地区共办结审批事项4项', '按时办结率75.0%', '平均每项较法定时限节省7.5个工作日',
                         '已核实整改并反馈1件,整改率100.0%', '1红山区2100.005.5',
                         '2赤峰市本级250.019.5', '5赤峰市水务局赤峰市0—1—0—00', '草稿'):
            self.assertIn(expected, flat)
        # 红山区 does not read 赤峰市's report (QWeb wraps the record rule's refusal).
        with self.assertRaises(Exception) as refused, mute_logger('odoo.addons.base.ir.ir_qweb'):
            circular.sudo(self.manager_hongshan).render_qweb_pdf(report.ids)
        self.assertIn(REPORT_OUT_OF_REACH, str(refused.exception))

    # ------------------------------------------------------------------ PDF and XLSX

    def test_pdf(self):
        report = self._report(self.manager_chifeng, self.region_chifeng)
        self._submit(report.sudo(self.manager_chifeng), next_steps='督促水务局落实会商决定')
        action = self.env.ref('investment_agency.report_monthly_report')
        pdf, fmt = action.sudo(self.agent_chifeng).with_context(
            force_report_rendering=True).render_qweb_pdf(report.ids)
        self.assertEqual(fmt, 'pdf')
        text = test_foundation.pdf_text(pdf)
        flat = ''.join(text.split())
        for expected in (report.name, '一、基本情况', '二、事项办理情况', '三、重点项目推进情况',
                         '四、需协调解决的问题', '五、服务评价情况', '七、下一步工作',
                         '赤峰市政务服务局', '本期共受理代办帮办项目3个', '办结2个', '终止1个',
                         '较法定时限累计节省30个工作日', '差评率50.0%', '企业投资项目备案',
                         '生产建设项目水土保持方案审批', '赤峰市水务局', '需协调的问题',
                         '督促水务局落实会商决定', '报送人:t_manager_chifeng'):
            self.assertIn(expected, flat)
        self.assertNotIn('草稿', flat)

    def test_xlsx_reads_back(self):
        report = self._report(self.manager_chifeng, self.region_chifeng)
        action = report.sudo(self.manager_chifeng).action_export_xlsx()
        self.assertEqual((action['report_type'], action['report_name']),
                         ('xlsx', 'investment_agency.monthly_report_xlsx'))
        xlsx = self.env.ref('investment_agency.report_monthly_report_xlsx')
        # Whoever reads the report reads its export: agents of the region, the region above.
        for user in (self.manager_chifeng, self.agent_chifeng, self.manager_nmg):
            self.assertEqual(xlsx.sudo(user).render(report.ids, {})[1], 'xlsx')
        self.assertRefused(lambda: xlsx.sudo(self.manager_hongshan).render(report.ids, {}),
                           AccessError, REPORT_OUT_OF_REACH)
        content, _type = xlsx.sudo(self.manager_chifeng).render(report.ids, {})
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.worksheets[0]
        self.assertEqual(sheet.title, report.period_id.name)
        rows = [[value for value in row if value not in (None, '')]
                for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(rows[0], [report.name])
        self.assertIn('统计期间', rows[1][0])
        figures = {row[1]: row[2] for row in rows if len(row) == 3 and isinstance(row[0], int)}
        self.assertEqual(figures['本期受理代办帮办项目(个)'], 3)
        self.assertEqual(figures['本期办结审批事项(项)'], 4)
        self.assertEqual(figures['较法定时限节省(工作日)'], 30)
        self.assertEqual(figures['按时办结率(%)'], 75.0)
        headings = [row[0] for row in rows if len(row) == 1 and row[0][1:2] == '、']
        self.assertEqual(headings, ['一、基本情况', '二、事项办理情况', '三、重点项目推进情况',
                                    '四、需协调解决的问题', '五、服务评价情况', '六、工作开展情况',
                                    '七、下一步工作'])
        items = [row for row in rows if row and row[0] in (2.0, 7.0, 16.0) and len(row) == 7]
        self.assertEqual([row[1] for row in items], [
            self.item_filing.name, self.item_land.name, self.item_soil.name])
        self.assertEqual(items[0][2:], [2, 2, 0.5, 3, 5])
        self.assertIn(['合计', 4, 3, 30], rows)
        self.assertIn([1, self.case1.name, '赤峰锂电材料项目', '申报办理', '已超期', '3/4'],
                      [row[:6] for row in rows])
        ratings = rows[rows.index(['评价等级', '件数']) + 1:][:6]
        self.assertEqual(ratings, [['非常满意', 1], ['满意', 0], ['基本满意', 0], ['不满意', 1],
                                   ['非常不满意', 0], ['合计', 2]])
        self.assertIn([1, 50.0, 50.0], rows)

    # ------------------------------------------------------------------ reminder cron

    def _activities(self, user, month=None):
        domain = [('res_model', '=', 'agency.monthly.report'), ('user_id', '=', user.id),
                  ('activity_type_id', '=',
                   self.env.ref('investment_agency.activity_type_monthly_report').id)]
        activities = self.env['mail.activity'].search(domain)
        if month:
            reports = self.Report.browse(activities.mapped('res_id'))
            activities = activities.filtered(
                lambda activity: reports.browse(activity.res_id).month == month)
        return activities

    def test_reminder_once_per_region_and_month(self):
        cron = self.env.ref('investment_agency.ir_cron_monthly_report_reminder')
        self.assertEqual(cron.code.strip(), 'model._cron_remind_managers()')
        self.assertTrue(cron.active)
        # The latest 20th, and the month before.
        day = self.today if self.today.day >= 20 else self.today - relativedelta(months=1)
        day = date(day.year, day.month, 20)
        month, previous = day.strftime('%Y-%m'), (day - relativedelta(months=1)).strftime('%Y-%m')
        Cron = self.Report.sudo()

        self.assertEqual(Cron._cron_remind_managers(day - timedelta(days=1)), 0)
        self.assertFalse(self.Report.search([('region_id', '=', self.region_chifeng.id),
                                             ('month', '=', month)]))
        self.assertGreaterEqual(Cron._cron_remind_managers(day), 3)
        for user in (self.manager_chifeng, self.manager_hongshan, self.manager_wuhai):
            activity = self._activities(user, month)
            self.assertEqual(len(activity), 1, user.login)
            report = self.Report.browse(activity.res_id)
            self.assertEqual((report.region_id, report.month, report.state, report.date_reminded),
                             (user.agency_region_id, month, 'draft', str(day)))
            self.assertEqual(activity.date_deadline, str(date(day.year, day.month, 25)))
        # 松山区 has no manager of its own: no report, no reminder.
        self.assertFalse(self.Report.search([('region_id', '=', self.region_songshan.id)]))
        # The next days: nothing more for that month.
        self.assertEqual(Cron._cron_remind_managers(day + timedelta(days=1)), 0)
        self.assertEqual(Cron._cron_remind_managers(day + timedelta(days=3)), 0)
        self.assertEqual(len(self._activities(self.manager_chifeng, month)), 1)
        # Submitting closes the reminder.
        report = self.Report.search([('region_id', '=', self.region_hongshan.id),
                                     ('month', '=', month)])
        self._submit(report.sudo(self.manager_hongshan))
        self.assertFalse(self._activities(self.manager_hongshan, month))

        # Another month: a new reminder, except for a report submitted before the 20th.
        wuhai = self._report(self.manager_wuhai, self.region_wuhai, previous)
        self._submit(wuhai.sudo(self.manager_wuhai))
        self.assertGreaterEqual(Cron._cron_remind_managers(day - relativedelta(months=1)), 2)
        self.assertEqual(len(self._activities(self.manager_chifeng, previous)), 1)
        self.assertEqual(len(self._activities(self.manager_hongshan, previous)), 1)
        self.assertFalse(self._activities(self.manager_wuhai, previous))
        self.assertEqual(len(self._activities(self.manager_chifeng)), 2)
        self.assertEqual(Cron._cron_remind_managers(day - relativedelta(months=1) +
                                                    timedelta(days=2)), 0)
