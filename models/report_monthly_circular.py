"""The texts the circular (通报) of a monthly report prints
(reports/agency_monthly_circular_templates.xml); the period and dates as the report's."""
from odoo import api, models

from .dates import format_cn_date


class ReportMonthlyCircular(models.AbstractModel):
    """The monthly report's parser (same values, same period and date texts) with the
    circular's own sentences."""
    _name = 'report.investment_agency.report_monthly_circular_document'
    _inherit = 'report.investment_agency.report_monthly_report_document'
    _description = 'Monthly Circular'

    @api.model
    def _recipients_text(self, report):
        """The bureaus of the sub-regions, and the departments (all of the region's)."""
        children = report.region_id.child_ids
        if not children:
            return '本级各有关部门'
        return '%s,本级各有关部门' % '、'.join(children.mapped('bureau_name'))

    @api.model
    def _overview_text(self, report):
        handled = report.lines_handled_count
        saved = '%.1f' % (float(report.days_saved) / handled) if handled else '0'
        return (
            '本期全地区共办结审批事项%d项,其中按承诺时限办结%d项,按时办结率%.1f%%,'
            '平均每项较法定时限节省%s个工作日;期末超期事项%d项。收到服务评价%d件,满意率%.1f%%,'
            '差评%d件,已核实整改并反馈%d件,整改率%.1f%%。' % (
                handled, report.lines_on_time_count, report.on_time_rate, saved,
                report.red_line_count, report.rated_count, report.satisfaction_rate,
                report.bad_rating_count, report.rectified_count, report.rectified_rate))

    @api.model
    def _last_text(self, rows):
        """Names the last of a ranking of three or more that handled items late or has
        overdue items: who is asked to catch up."""
        if len(rows) < 3:
            return ''
        last_rank = max(rows.mapped('rank'))
        last = rows.filtered(lambda row: row.rank == last_rank)
        last = last.filtered(lambda row: row.overdue_count or
                             row.on_time_count < row.handled_count)
        if not last:
            return ''
        return '%s排名末位,请抓紧整改。' % '、'.join(last.mapped('name'))

    @api.model
    def _issued_date_text(self, report):
        """The day the report was submitted (the circular goes with it), else its as-of day."""
        return self._submitted_date_text(report) or \
            format_cn_date(report.date_as_of)
