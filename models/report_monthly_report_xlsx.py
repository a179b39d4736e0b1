from odoo import api, models

from .dates import to_date


class ReportMonthlyReportXlsx(models.AbstractModel):
    """The monthly progress report (月度进展情况) as XLSX (report_xlsx), one sheet per
    report, with the wording of the printed report."""
    _name = 'report.investment_agency.monthly_report_xlsx'
    _inherit = 'report.investment_agency.xlsx_base'
    _description = 'Monthly Progress Report (XLSX)'

    def generate_xlsx_report(self, workbook, data, reports):
        for report in reports:
            self._write_report(workbook, report)

    @api.model
    def _write_report(self, workbook, report):
        texts = self.env['report.investment_agency.report_monthly_report_document']
        lights = self.env['agency.case.line']._agency_labels('light')
        state = '已报送' if report.state == 'submitted' else '草稿'
        sheet, formats, row = self._add_sheet(
            workbook, '%s %s' % (report.period_id.name, report.region_id.name)
            if len(workbook.worksheets()) else report.period_id.name,
            report.name,
            '报送单位:%s  报送:%s  统计期间:%s  状态:%s' % (
                report.region_id.bureau_name, report.addressee, texts._period_text(report), state),
            [8, 20, 36, 14, 12, 14, 14, 36])
        heading, table, text = self._write_heading, self._write_table, self._write_text
        row = heading(sheet, formats, row, '一、基本情况')
        row = table(sheet, formats, row, ['序号', '指标', '数值'],
                    [(index, label, value)
                     for index, (label, value) in enumerate(texts._figure_rows(report), 1)])
        row = heading(sheet, formats, row, '二、事项办理情况')
        items = report.item_line_ids
        row = table(
            sheet, formats, row,
            ['序号', '事项', '办结(项)', '按时办结(项)', '平均用时(工作日)', '法定时限(工作日)',
             '节省(工作日)'],
            [(line.sequence, line.name, line.handled_count, line.on_time_count, line.avg_days,
              line.statutory_days, line.days_saved) for line in items],
            totals=('', '合计', sum(items.mapped('handled_count')),
                    sum(items.mapped('on_time_count')), '', '', sum(items.mapped('days_saved'))))
        row = heading(sheet, formats, row, '三、重点项目推进情况')
        row = table(
            sheet, formats, row,
            ['序号', '案件编号', '项目名称', '当前阶段', '预警状态', '已办结/事项', '计划办结日期',
             '推进情况'],
            [(line.sequence, line.case_number, line.name, line.stage_name,
              lights.get(line.light, ''), '%d/%d' % (line.items_closed, line.items_total),
              to_date(line.date_planned_end), line.note) for line in report.project_line_ids])
        row = heading(sheet, formats, row, '四、需协调解决的问题')
        if texts._overdue_note(report):
            row = text(sheet, formats, row, texts._overdue_note(report))
        row = table(
            sheet, formats, row,
            ['序号', '类型', '案件编号', '事项或决定', '承办部门', '时限', '超期(工作日)'],
            [(index, '超期事项' if line.line_type == 'overdue' else '会商决定未落实',
              line.case_number, line.name, line.department_id.name,
              to_date(line.date_deadline),
              line.overdue_days if line.line_type == 'overdue' else None)
             for index, line in enumerate(report.issue_line_ids, 1)])
        row = text(sheet, formats, row, report.problems or '无')
        row = heading(sheet, formats, row, '五、服务评价情况')
        row = table(sheet, formats, row, ['评价等级', '件数'], texts._rating_rows(report),
                    totals=('合计', report.rated_count))
        row = table(sheet, formats, row, ['差评(件)', '差评率(%)', '满意率(%)'],
                    [(report.bad_rating_count, report.bad_rating_rate,
                      report.satisfaction_rate)])
        row = heading(sheet, formats, row, '六、工作开展情况')
        row = text(sheet, formats, row, report.summary or '')
        row = heading(sheet, formats, row, '七、下一步工作')
        text(sheet, formats, row, report.next_steps or '')
        return sheet
