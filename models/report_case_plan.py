"""The values the service plan and declaration plan of a case print (代办帮办方案 with its
项目申报计划): the forms' parser, plus ``plan_data(o)``."""
from odoo import api, models
from odoo.tools import html2plaintext

from .dates import BLANK_DATE, format_cn_date, to_date


def short_date(value):
    """A date of the plan's table, short enough for its column: 2026.10.19."""
    day = to_date(value)
    return '%d.%02d.%02d' % (day.year, day.month, day.day) if day else ''


class ReportCasePlan(models.AbstractModel):
    _name = 'report.investment_agency.report_case_plan_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Service Plan and Declaration Plan'

    @api.model
    def get_report_values(self, docids, data=None):
        values = super(ReportCasePlan, self).get_report_values(docids, data=data)
        values['plan_data'] = self._plan_data
        return values

    @api.model
    def _plan_data(self, case):
        lines = case.line_ids.sorted(lambda line: (line.sequence, line.id))
        starts = [line.planned_start for line in lines if line.planned_start]
        return {
            'date_plan': format_cn_date(case.date_plan, BLANK_DATE),
            'date_start': format_cn_date(case.date_plan_start or min(starts or [False]),
                                         BLANK_DATE),
            'date_planned_end': format_cn_date(case.date_planned_end, BLANK_DATE),
            'lines': [self._plan_line(line, index) for index, line in enumerate(lines, 1)],
            'meetings': self._plan_meetings(case),
            'measures': html2plaintext(case.service_plan or '').strip(),
        }

    @api.model
    def _plan_line(self, line, order):
        item = line.item_id
        in_case = line.case_id.line_ids.mapped('item_id')
        before = item.predecessor_ids & in_case
        advised = before & item.advisory_predecessor_ids
        return {
            'order': order,
            'item': item.name,
            'follows': '、'.join((before - advised).mapped('name')),
            'advised': '、'.join(advised.mapped('name')),
            'department': line.department_id.name,
            'liaison': line.liaison_user_id.name or '',
            'phase': line.phase_id.name or '',
            'start': short_date(line.planned_start),
            'end': short_date(line.planned_end),
            'committed_days': line.committed_days,
            'statutory_days': line.statutory_days,
        }

    @api.model
    def _plan_meetings(self, case):
        """The meetings scheduled for the case (not cancelled), at the hall's time."""
        meetings = self.env['agency.meeting'].sudo().search(
            [('case_ids', 'in', case.ids), ('state', '!=', 'cancelled')], order='date_start')
        calendar = case.region_id._get_calendar()
        return [{'date': calendar.agency_local_time(meeting.date_start).strftime('%Y.%m.%d %H:%M'),
                 'name': meeting.name} for meeting in meetings]
