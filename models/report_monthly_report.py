"""The texts the monthly report (进展情况报告) prints and exports: one parser for the PDF
(reports/agency_monthly_report_templates.xml) whose helpers the XLSX export uses too."""
from odoo import api, models

from .agency_monthly_report import RATING_FIELDS
from .dates import format_cn_date
from .supervision_common import PERIOD_END_DAY


class ReportMonthlyReport(models.AbstractModel):
    _name = 'report.investment_agency.report_monthly_report_document'
    _description = 'Monthly Progress Report'

    @api.model
    def get_report_values(self, docids, data=None):
        return {
            'doc_ids': docids,
            'doc_model': 'agency.monthly.report',
            'docs': self.env['agency.monthly.report'].browse(docids),
            'texts': self,
            'cn_date': format_cn_date,
            'light_labels': self.env['agency.case.line']._agency_labels('light'),
        }

    @api.model
    def _period_text(self, report):
        return '%s至%s(上月%d日至本月%d日)' % (
            format_cn_date(report.date_start), format_cn_date(report.date_end),
            PERIOD_END_DAY + 1, PERIOD_END_DAY)

    @api.model
    def _submitted_date_text(self, report):
        """The day of submission in the service hall's time zone, as printed."""
        if not report.date_submitted:
            return ''
        calendar = report.region_id._get_calendar()
        return format_cn_date(calendar.agency_local_time(report.date_submitted).date())

    @api.model
    def _overdue_note(self, report):
        """Printed when the report lists only part of the overdue items."""
        listed = len(report.issue_line_ids.filtered(lambda line: line.line_type == 'overdue'))
        if report.red_line_count > listed:
            return '期末超期事项共%d项,以下列出超期时间最长的%d项。' % (report.red_line_count, listed)
        return ''

    @api.model
    def _figure_rows(self, report):
        """(label, value) of the main figures, as printed and exported."""
        return [
            ('本期受理代办帮办项目(个)', report.received_count),
            ('本期办结项目(个)', report.completed_count),
            ('本期终止项目(个)', report.terminated_count),
            ('期末在办项目(个)', report.in_progress_count),
            ('服务重点项目(个)', report.key_project_count),
            ('本期受理审批事项(项)', report.lines_accepted_count),
            ('本期办结审批事项(项)', report.lines_handled_count),
            ('其中:准予许可/办结(项)', report.lines_done_count),
            ('其中:不予许可(项)', report.lines_refused_count),
            ('按承诺时限办结(项)', report.lines_on_time_count),
            ('超承诺时限办结(项)', report.lines_late_count),
            ('按时办结率(%)', report.on_time_rate),
            ('实际用时(工作日)', report.working_days_used),
            ('较法定时限节省(工作日)', report.days_saved),
            ('统筹并联压减(工作日)', report.plan_days_saved),
            ('期末超期事项(项)', report.red_line_count),
            ('未落实会商决定(项)', report.open_decision_count),
            ('本期业务咨询(件)', report.enquiry_count),
            ('其中:转为代办帮办项目(件)', report.enquiry_converted_count),
        ]

    @api.model
    def _rating_rows(self, report):
        labels = self.env['agency.case']._agency_labels('rating')
        return [(labels[rating], report[field]) for rating, field in RATING_FIELDS]
