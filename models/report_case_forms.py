"""The values the forms of a case print (Annexes 2-8 and the one-time notification):
one parser, ``report.investment_agency.case_form``, and the report of each form bound to
it. The forms' fixed wording is in their templates (reports/report_case_*.xml), the
wording of a selection's values in its translation (``_agency_labels``)."""
from odoo import api, models

from .dates import BLANK_DATE, format_cn_date

CHECKED = '☑'
UNCHECKED = '☐'
# Annex 3 sets an item's box and name on half a line; a longer name takes a whole line.
ITEM_NAME_HALF_LINE = 18
# Annex 7 has three boxes; each level of the national scale ticks one: 基本满意 counts
# as a good rating (好评), 非常不满意 as a bad one (差评).
RATING_BOX_OF = {
    'very_satisfied': 'very_satisfied',
    'satisfied': 'satisfied',
    'basic': 'satisfied',
    'unsatisfied': 'unsatisfied',
    'very_unsatisfied': 'unsatisfied',
}
# The column 原件/复印件 of the 移交资料清单 (Annexes 6 and 8) prints the form's own words.
MATERIAL_KIND_WORDING = {'original': '原件', 'copy': '复印件'}
# The levels Annex 7 names on its boxes; the others are printed beside them.
RATINGS_ON_FORM = ('very_satisfied', 'satisfied', 'unsatisfied')


def checkbox(checked):
    return CHECKED if checked else UNCHECKED


def format_amount(value):
    """An amount in 万元 without useless decimals: 86000, 1234.5."""
    if value is None or value is False:
        return ''
    return ('%.2f' % value).rstrip('0').rstrip('.')


class ReportCaseForm(models.AbstractModel):
    """The printing values of a case's forms, for their templates."""
    _name = 'report.investment_agency.case_form'
    _description = 'Forms of a Case'

    @api.model
    def get_report_values(self, docids, data=None):
        return {
            'doc_ids': docids,
            'doc_model': 'agency.case',
            'docs': self.env['agency.case'].browse(docids),
            'form_data': self._form_data,
            'form_items': self._form_items,
            'flow_chart': self._flow_chart,
            'notification_lines': self._notification_lines,
            'checkbox': checkbox,
            'blank_date': BLANK_DATE,
        }

    @api.model
    def _form_data(self, case):
        """The values the forms print for the case, in Chinese."""
        project = case.project_id
        reason = case._agency_labels('termination_reason').get(case.termination_reason, '')
        note = (case.termination_note or '').strip()
        if note:
            reason = note if case.termination_reason == 'other' else '%s(%s)' % (reason, note)
        service_end = case.date_done or case.date_evaluate or case.date_archive
        return {
            'bureau': case.region_id.bureau_name or '',
            'proxy_unit': case.proxy_unit or case.region_id.bureau_name or '',
            'proxy_gender': case._agency_labels('proxy_gender').get(case.proxy_gender, ''),
            'funding_source': project._agency_labels('funding_source').get(
                project.funding_source, ''),
            'land_nature': project._agency_labels('land_nature').get(project.land_nature, ''),
            'total_investment': format_amount(project.total_investment),
            'phone': project.partner_phone or project.contact_phone or '',
            'item_count': len(case.item_ids),
            'termination_reason': reason,
            'rating_box': RATING_BOX_OF.get(case.rating),
            'rating_level': case._agency_labels('rating').get(case.rating, ''),
            'rating_on_form': case.rating in RATINGS_ON_FORM,
            'rating_channel': case._agency_labels('rating_channel').get(case.rating_channel, ''),
            'date_applied': format_cn_date(case.date_applied, BLANK_DATE),
            'date_authorization': format_cn_date(case.date_authorization, BLANK_DATE),
            'date_commitment': format_cn_date(case.date_commitment, BLANK_DATE),
            'date_done': format_cn_date(case.date_done, BLANK_DATE),
            'date_terminated': format_cn_date(case.date_terminated, BLANK_DATE),
            'date_service_end': format_cn_date(service_end, BLANK_DATE),
            'rating_date': format_cn_date(case.rating_date, BLANK_DATE),
            'returned_materials': self._returned_materials(case),
        }

    @api.model
    def _returned_materials(self, case):
        """The rows of the 移交资料清单 of Annexes 6 and 8, in Chinese."""
        return [{'name': material.name, 'kind': MATERIAL_KIND_WORDING.get(material.kind, ''),
                 'copies': material.copies, 'date': format_cn_date(material.date_returned),
                 'received_by': material.received_by, 'note': material.note or ''}
                for material in case.returned_material_ids]

    @api.model
    def _form_items(self, case):
        """The catalog items in the order of Annex 1, those the case requests ticked:
        [(item, '☑' or '☐', wide)], ``wide`` when the name takes a whole line on Annex 3."""
        items = (self.env['agency.item'].search([]) | case.item_ids).sorted(
            lambda item: (item.number, item.id))
        return [(item, checkbox(item in case.item_ids), len(item.name) > ITEM_NAME_HALF_LINE)
                for item in items]

    @api.model
    def _flow_chart(self, case):
        """The steps of the Annex 2 flow from the configured stages: (main steps,
        termination steps), each a list of {'stage', 'date', 'state'} where state is
        'done', 'current' or 'todo'."""
        stages = self.env['agency.stage'].search([])
        current = case.stage_id
        main = stages.filtered(lambda stage: stage.flow_step != 'terminated')
        position = {stage: index for index, stage in enumerate(main)}
        terminated = current.flow_step == 'terminated'
        reached = position.get(current, -1)

        def step(stage):
            date = case._step_date(stage.flow_step)
            if stage == current:
                state = 'current'
            elif stage in position and (position[stage] < reached or (terminated and date)):
                state = 'done'
            else:
                state = 'todo'
            return {'stage': stage, 'state': state, 'date': format_cn_date(date)}

        return ([step(stage) for stage in main],
                [step(stage) for stage in stages - main])

    @api.model
    def _notification_lines(self, case):
        """What the one-time notification lists for each requested item, in the order of the
        project phases: [{'item', 'department', 'days', 'type', 'materials'}], the department
        and committed limit of the plan's line, else of the region's published list."""
        lines = {line.item_id: line for line in case.line_ids}
        publications = {pub.item_id: pub for pub in self.env['agency.item.publication'].search([
            ('region_id', '=', case.region_id.id), ('item_id', 'in', case.item_ids.ids)])}
        item_types = self.env['agency.item']._agency_labels('item_type')
        result = []
        for item in case.item_ids.sorted(lambda item: (item.phase_id.sequence, item.number)):
            source = lines.get(item) or publications.get(item)
            department = source.department_id if source else self.env['agency.department']
            result.append({
                'item': item,
                'department': department.name or item.department_type_id.name,
                'days': source.committed_days if source else item.committed_days,
                'type': item_types.get(item.item_type, ''),
                'materials': item.material_ids,
            })
        return result


class ReportCaseFlow(models.AbstractModel):
    _name = 'report.investment_agency.report_case_flow_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 2: Service Flow Chart'


class ReportCaseApplication(models.AbstractModel):
    _name = 'report.investment_agency.report_case_application_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 3: Application Form'


class ReportCaseAuthorization(models.AbstractModel):
    _name = 'report.investment_agency.report_case_authorization_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 4: Authorization Letter'


class ReportCaseCommitment(models.AbstractModel):
    _name = 'report.investment_agency.report_case_commitment_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 5: Commitment Letter'


class ReportCaseCompletion(models.AbstractModel):
    _name = 'report.investment_agency.report_case_completion_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 6: Completion Form'


class ReportCaseEvaluation(models.AbstractModel):
    _name = 'report.investment_agency.report_case_evaluation_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 7: Evaluation Form'


class ReportCaseTermination(models.AbstractModel):
    _name = 'report.investment_agency.report_case_termination_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 8: Termination Form'


class ReportCaseNotification(models.AbstractModel):
    _name = 'report.investment_agency.report_case_notification_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'One-time Notification'
