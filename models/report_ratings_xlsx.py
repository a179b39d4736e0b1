from odoo import api, models

from .dates import format_cn_date, to_date

RATINGS_HEADERS = [
    '序号', '评价编号', '评价时间', '评价渠道', '评价等级', '是否差评', '评价内容', '评价对象',
    '服务事项', '代办员', '评价人', '联系电话', '整改期限', '回访日期', '整改措施', '整改结果',
    '整改完成日期', '整改状态',
]
RATINGS_WIDTHS = [6, 22, 12, 12, 12, 8, 36, 22, 40, 10, 10, 14, 12, 12, 30, 30, 12, 10]


class ReportRatingsXlsx(models.AbstractModel):
    """The ratings (好差评) of a region and a period as XLSX, one row per rated case, for
    upload to the government service 好差评 system: the rating, its channel and words, who
    was rated for which items, and for a bad rating its rectification (整改). Read with the
    user's own rights (managers)."""
    _name = 'report.investment_agency.ratings_xlsx'
    _inherit = 'report.investment_agency.xlsx_base'
    _description = 'Ratings (XLSX)'

    def generate_xlsx_report(self, workbook, data, objs):
        wizard = objs[:1]
        cases = wizard._rated_cases()
        subtitle = '填报单位:%s  评价期间:%s至%s  共%d条,其中差评%d条' % (
            wizard.region_id.bureau_name, format_cn_date(wizard.date_from),
            format_cn_date(wizard.date_to), len(cases), len(cases.filtered('is_bad_rating')))
        sheet, formats, row = self._add_sheet(
            workbook, '好差评', '%s政务服务“好差评”评价数据' % wizard.region_id.name, subtitle,
            RATINGS_WIDTHS)
        self._write_table(sheet, formats, row, RATINGS_HEADERS, self._rating_rows(cases),
                          freeze=True)

    @api.model
    def _rating_rows(self, cases):
        """The rows of ``cases`` (rated), in their order, with Chinese labels."""
        Case = self.env['agency.case']
        ratings = Case._agency_labels('rating')
        channels = Case._agency_labels('rating_channel')
        followup_states = self.env['agency.rating.followup']._agency_labels('state')
        for number, case in enumerate(cases, 1):
            followup = case.followup_id
            yield [
                number, case.name, to_date(case.rating_date),
                channels.get(case.rating_channel, ''), ratings.get(case.rating, ''),
                '是' if case.is_bad_rating else '否', case.rating_comment or '',
                case.region_id.bureau_name or case.region_id.name,
                '、'.join(case.item_ids.sorted('number').mapped('name')),
                case.user_id.name or '', case.rating_rater or '',
                case.project_id.contact_phone or '',
                to_date(followup.date_deadline), to_date(followup.date_contact),
                followup.measures or '', followup.result or '', to_date(followup.date_closed),
                followup_states.get(followup.state, '') if followup else '',
            ]
