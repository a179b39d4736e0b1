from odoo import api, fields, models

from .dates import format_cn_date, to_date

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
            wizard.region_id.bureau_name, scope, format_cn_date(wizard.date_from),
            format_cn_date(wizard.date_to), len(cases), self._now_text())
        return cases, '%s“帮您办”专项工作台账' % wizard.region_id.name, subtitle

    @api.model
    def _now_text(self):
        return fields.Datetime.context_timestamp(self, fields.Datetime.from_string(
            fields.Datetime.now())).strftime('%Y-%m-%d %H:%M')

    def get_workbook_options(self):
        # Rows are written in order and flushed as they go: a region's year of cases does
        # not have to fit in the worker's memory.
        return {'constant_memory': True}

    def generate_xlsx_report(self, workbook, data, objs):
        cases, title, subtitle = self._ledger_source(objs)
        sheet, formats, row = self._add_sheet(workbook, '工作台账', title, subtitle,
                                              LEDGER_WIDTHS)
        self._write_table(sheet, formats, row, LEDGER_HEADERS, self._ledger_rows(cases),
                          freeze=True)

    @api.model
    def _ledger_records(self, cases):
        """The rows of ``LEDGER_SQL`` for ``cases``. PostgreSQL's JIT compiler is left out
        of the statement: compiling it took most of its time (1.7 s of CPU for a whole
        region's year, the statement 0.6 s longer with it than without)."""
        cr = self.env.cr
        cr.execute("SELECT current_setting('jit', true)")
        jit = cr.fetchone()[0]
        if jit is not None:
            cr.execute("SELECT set_config('jit', 'off', true)")
        cr.execute(LEDGER_SQL, {'case_ids': cases.ids})
        records = cr.fetchall()
        if jit is not None:
            cr.execute("SELECT set_config('jit', %s, true)", [jit])
        return records

    @api.model
    def _ledger_rows(self, cases):
        """The rows of the ledger, in the order of ``cases`` (found with the user's rights).

        One statement reads the cases with their project, enterprise and items (a whole
        region's year is tens of thousands of cases and hundreds of thousands of items,
        too many to load as records); the few stages, regions and agents are read by
        the ORM, in the user's language."""
        if not cases:
            return
        records = {row[0]: row for row in self._ledger_records(cases)}

        def names(model, column):
            ids = list(set(row[column] for row in records.values() if row[column]))
            return {record['id']: record['name'] for record in
                    self.env[model].sudo().browse(ids).read(['name'], load='_classic_write')}

        regions, stages, users = names('agency.region', 2), names('agency.stage', 8), \
            names('res.users', 15)
        label = {name: self.env['agency.case']._agency_labels(name)
                 for name in ('channel', 'light', 'rating', 'termination_reason')}
        items = {item['id']: (item['number'], item['name']) for item in
                 self.env['agency.item'].sudo().search_read([], ['number', 'name'])}
        for index, case_id in enumerate(cases.ids, 1):
            (_id, name, region_id, project, code, enterprise, is_key, channel, stage_id,
             flow_step, applied, authorized, planned_end, done, terminated, user_id, light,
             rating, rating_comment, is_bad, reason, reason_note, closed, saved,
             planned, requested) = records[case_id]
            # The items requested, and those of the plan (a plan follows the request).
            numbered = sorted(items[item_id] for item_id in
                              set(planned or ()).union(requested or ()))
            note = ''
            if flow_step == 'terminated':
                note = label['termination_reason'].get(reason, '')
                if reason_note:
                    note += ':%s' % reason_note
            elif is_bad and rating_comment:
                note = rating_comment
            yield [
                index, name, regions[region_id], project, code or '', enterprise or '',
                '是' if is_key else '否', label['channel'].get(channel, ''),
                '\n'.join('%s. %s' % item for item in numbered), len(numbered), closed,
                stages[stage_id], to_date(applied), to_date(authorized), to_date(planned_end),
                to_date(done), to_date(terminated),
                users.get(user_id, ''), label['light'].get(light, ''), saved,
                label['rating'].get(rating, ''), note,
            ]


# Each case's items are read by its own index scan (a LATERAL sub-select), in the parallel
# workers' share of the cases: an aggregate of all their items joined to them was built
# again by each worker (the statement 2.0 s instead of 1.05 s for a whole region's year).
LEDGER_SQL = """
    SELECT c.id, c.name, c.region_id, p.name, p.code, e.name, c.is_key_project, c.channel,
           c.stage_id, c.flow_step, c.date_applied, c.date_authorization, c.date_planned_end,
           c.date_done, c.date_terminated, c.user_id, c.light, c.rating, c.rating_comment,
           c.is_bad_rating, c.termination_reason, c.termination_note,
           l.closed, COALESCE(l.saved, 0), l.items,
           ARRAY(SELECT r.item_id FROM agency_case_item_rel r WHERE r.case_id = c.id)
      FROM agency_case c
      JOIN agency_project p ON p.id = c.project_id
      LEFT JOIN res_partner e ON e.id = c.partner_id
     CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE i.state IN ('done', 'refused')) AS closed,
                  sum(i.days_saved) AS saved, array_agg(i.item_id) AS items
             FROM agency_case_line i
            WHERE i.case_id = c.id) l
     WHERE c.id = ANY(%(case_ids)s)
"""


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
