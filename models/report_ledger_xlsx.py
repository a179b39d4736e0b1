from odoo import api, fields, models

from .supervision_common import (
    CHANNEL_LABELS, LIGHT_LABELS, RATING_LABELS, TERMINATION_LABELS, date_label, to_date)

LEDGER_HEADERS = [
    '序号', '案件编号', '所属地区', '项目名称', '项目代码', '项目单位', '重点项目', '申请渠道',
    '代办事项', '事项数', '已办结事项', '当前阶段', '申请日期', '签订委托日期', '计划办结日期',
    '办结日期', '终止日期', '代办员', '预警状态', '节省工作日', '服务评价', '备注',
]
LEDGER_WIDTHS = [6, 22, 14, 30, 26, 28, 8, 12, 48, 8, 10, 12, 12, 12, 12, 12, 12, 10, 10,
                 10, 10, 30]


class ReportLedgerXlsx(models.AbstractModel):
    """The work ledger (专项工作台账, §三(三)) as XLSX (report_xlsx): one row per case, read
    with the user's own rights. Printed from the export wizard (a region and a period)."""
    _name = 'report.investment_agency.ledger_xlsx'
    _inherit = 'report.investment_agency.xlsx_base'
    _description = 'Work Ledger (XLSX)'

    @api.model
    def _ledger_source(self, objs):
        """(cases, title, subtitle) of the ledger printed for ``objs`` (export wizards)."""
        wizard = objs[:1]
        cases = wizard._ledger_cases()
        scope = '含下辖地区' if wizard.include_subregions else '不含下辖地区'
        subtitle = '填报单位:%s(%s)  统计期间:%s至%s  共%d件  导出时间:%s' % (
            wizard.region_id.bureau_name, scope, date_label(wizard.date_from),
            date_label(wizard.date_to), len(cases), self._now_text())
        return cases, '%s“帮您办”专项工作台账' % wizard.region_id.name, subtitle

    @api.model
    def _now_text(self):
        return fields.Datetime.context_timestamp(self, fields.Datetime.from_string(
            fields.Datetime.now())).strftime('%Y-%m-%d %H:%M')

    def generate_xlsx_report(self, workbook, data, objs):
        cases, title, subtitle = self._ledger_source(objs)
        sheet, formats, row = self._add_sheet(workbook, '工作台账', title, subtitle,
                                              LEDGER_WIDTHS)
        self._write_table(sheet, formats, row, LEDGER_HEADERS, self._ledger_rows(cases),
                          freeze=True)

    @api.model
    def _ledger_rows(self, cases):
        """The rows of the ledger. Reads only the fields it prints, ids rather than display
        names (a name_get would load whole records), one query per table whatever the
        number of cases."""
        records = cases.read([
            'name', 'region_id', 'project_id', 'partner_id', 'is_key_project', 'channel',
            'stage_id', 'flow_step', 'date_applied', 'date_authorization', 'date_planned_end',
            'date_done', 'date_terminated', 'user_id', 'light', 'rating', 'rating_comment',
            'is_bad_rating', 'termination_reason', 'termination_note', 'item_ids'],
            load='_classic_write')

        def names(model, ids, fields=('name',)):
            ids = list(set(value for value in ids if value))
            return {record['id']: record for record in
                    self.env[model].browse(ids).read(list(fields), load='_classic_write')}

        projects = names('agency.project', [c['project_id'] for c in records],
                         ('name', 'code'))
        partners = names('res.partner', [c['partner_id'] for c in records])
        regions = names('agency.region', [c['region_id'] for c in records])
        stages = names('agency.stage', [c['stage_id'] for c in records])
        users = names('res.users', [c['user_id'] for c in records])
        lines = {}
        for line in self.env['agency.case.line'].search([('case_id', 'in', cases.ids)]).read(
                ['case_id', 'item_id', 'state', 'days_saved'], load='_classic_write'):
            lines.setdefault(line['case_id'], []).append(line)
        items = {item['id']: item for item in
                 self.env['agency.item'].search_read([], ['number', 'name'])}
        rows = []
        for index, case in enumerate(records, 1):
            case_lines = lines.get(case['id'], [])
            # The items requested, and those of the plan (a plan follows the request).
            item_ids = set(case['item_ids']) | set(line['item_id'] for line in case_lines)
            numbered = sorted((items[item_id]['number'], items[item_id]['name'])
                              for item_id in item_ids)
            note = ''
            if case['flow_step'] == 'terminated':
                note = TERMINATION_LABELS.get(case['termination_reason'], '')
                if case['termination_note']:
                    note += ':%s' % case['termination_note']
            elif case['is_bad_rating'] and case['rating_comment']:
                note = case['rating_comment']
            project = projects[case['project_id']]
            rows.append([
                index,
                case['name'],
                regions[case['region_id']]['name'],
                project['name'],
                project['code'] or '',
                partners.get(case['partner_id'], {}).get('name', ''),
                '是' if case['is_key_project'] else '否',
                CHANNEL_LABELS.get(case['channel'], ''),
                '\n'.join('%s. %s' % item for item in numbered),
                len(numbered),
                len([line for line in case_lines if line['state'] in ('done', 'refused')]),
                stages[case['stage_id']]['name'],
                to_date(case['date_applied']),
                to_date(case['date_authorization']),
                to_date(case['date_planned_end']),
                to_date(case['date_done']),
                to_date(case['date_terminated']),
                users.get(case['user_id'], {}).get('name', ''),
                LIGHT_LABELS.get(case['light'], ''),
                sum(line['days_saved'] for line in case_lines),
                RATING_LABELS.get(case['rating'], ''),
                note,
            ])
        return rows


class ReportCaseLedgerXlsx(models.AbstractModel):
    """The work ledger of the cases selected in a list (Print menu of the cases)."""
    _name = 'report.investment_agency.case_ledger_xlsx'
    _inherit = 'report.investment_agency.ledger_xlsx'
    _description = 'Work Ledger of Cases (XLSX)'

    @api.model
    def _ledger_source(self, objs):
        cases = objs.sorted(lambda case: (case.region_id.parent_left, case.date_applied, case.id))
        regions = cases.mapped('region_id')
        name = regions.name if len(regions) == 1 else ''
        subtitle = '共%d件  导出时间:%s' % (len(cases), self._now_text())
        return cases, '%s“帮您办”专项工作台账' % name, subtitle
