import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.resource_calendar import service_today
from ..models.supervision_common import (
    CHANNEL_LABELS, LIGHT_LABELS, RATING_LABELS, TERMINATION_LABELS, XlsxSheet, date_label,
    period_bounds, period_of, to_date)

LEDGER_HEADERS = [
    '序号', '案件编号', '所属地区', '项目名称', '项目代码', '项目单位', '重点项目', '申请渠道',
    '代办事项', '事项数', '已办结事项', '当前阶段', '申请日期', '签订委托日期', '计划办结日期',
    '办结日期', '终止日期', '代办员', '预警状态', '节省工作日', '服务评价', '备注',
]
LEDGER_WIDTHS = [6, 22, 14, 30, 26, 28, 8, 12, 48, 8, 10, 12, 12, 12, 12, 12, 12, 10, 10,
                 10, 10, 30]


class AgencyLedgerExport(models.TransientModel):
    """Export the work ledger (专项工作台账, §三(三)) of a region and a period to XLSX:
    one row per case open at some time in the period, read with the user's own rights
    (a manager exports his region and the regions below only)."""
    _name = 'agency.ledger.export'
    _description = 'Work Ledger Export'

    def _default_region_id(self):
        return self.env.user.agency_region_id

    def _default_date_from(self):
        return fields.Date.to_string(
            period_bounds(period_of(service_today(self)))[0])

    def _default_date_to(self):
        return fields.Date.to_string(
            period_bounds(period_of(service_today(self)))[1])

    region_id = fields.Many2one(
        'agency.region', string='Region', required=True, default=_default_region_id,
        domain=lambda self: self.env['agency.region']._user_subtree_domain())
    include_subregions = fields.Boolean(string='Include the Regions Below', default=True)
    date_from = fields.Date(string='From', required=True, default=_default_date_from)
    date_to = fields.Date(string='To', required=True, default=_default_date_to,
                          help='The ledger lists the cases applied for by this day and not '
                               'closed before the first day. By default, the current '
                               'reporting period (26th to 25th).')
    case_count = fields.Integer(string='Cases', readonly=True)
    data = fields.Binary(string='File', readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_('The period ends (%s) before it starts (%s).')
                                      % (wizard.date_to, wizard.date_from))

    @api.constrains('region_id')
    def _check_region_id(self):
        user = self.env.user
        if user._is_superuser():
            return
        own = user.agency_region_id
        for wizard in self:
            region = wizard.region_id
            if not (own and own.parent_left <= region.parent_left and
                    region.parent_right <= own.parent_right):
                raise ValidationError(_('You can export the ledger of %s and of the regions '
                                        'below it only.') % (own.name or '-'))

    @api.multi
    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_group('investment_agency.group_manager'):
            raise AccessError(_('Only the managers export the work ledger.'))
        cases = self._ledger_cases()
        if not cases:
            raise UserError(_('%s has no case in this period.') % self.region_id.name)
        filename = '%s“帮您办”专项工作台账(%s至%s).xlsx' % (
            self.region_id.name, self.date_from, self.date_to)
        self.write({
            'data': base64.b64encode(self._xlsx_content(cases)),
            'filename': filename,
            'case_count': len(cases),
        })
        return {
            'type': 'ir.actions.act_url',
            'url': '/web/content?model=%s&id=%s&field=data&filename_field=filename'
                   '&download=true' % (self._name, self.id),
            'target': 'self',
        }

    @api.multi
    def _ledger_domain(self):
        self.ensure_one()
        operator = 'child_of' if self.include_subregions else '='
        return [('region_id', operator, self.region_id.id),
                ('date_applied', '<=', self.date_to),
                '|', ('date_closed', '=', False), ('date_closed', '>=', self.date_from)]

    @api.multi
    def _ledger_cases(self):
        """The cases of the ledger, with the user's rights."""
        return self.env['agency.case'].search(self._ledger_domain(),
                                              order='region_id, date_applied, id')

    @api.multi
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

    @api.multi
    def _xlsx_content(self, cases):
        self.ensure_one()
        scope = '含下辖地区' if self.include_subregions else '不含下辖地区'
        sheet = XlsxSheet(
            '工作台账', '%s“帮您办”专项工作台账' % self.region_id.name,
            '填报单位:%s(%s)  统计期间:%s至%s  共%d件  导出时间:%s' % (
                self.region_id.bureau_name, scope, date_label(self.date_from),
                date_label(self.date_to), len(cases),
                self.region_id._get_calendar().agency_local_time().strftime('%Y-%m-%d %H:%M')),
            columns=len(LEDGER_HEADERS))
        sheet.set_widths(LEDGER_WIDTHS)
        sheet.table(LEDGER_HEADERS, self._ledger_rows(cases), freeze=True)
        return sheet.close()
