"""The values the forms of a case print (Annexes 2-8 and the one-time notification):
one parser, ``report.investment_agency.case_form``, and the report of each form bound to
it. The forms' fixed wording is in their templates (reports/report_case_*.xml), the
wording of a selection's values in its translation (``_agency_labels``)."""
from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import UserError

from .agency_stage import COMPLETED_STEPS
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
# The one-time notification prints the checklist of each item as it stands: the status
# of each material and, for what is owed (容缺, 告知承诺), its due date and outcome.
PRINTED_STATUS = {
    'required': '待提交',
    'received': '已收取',
    'deficiency': '容缺受理',
    'pledge': '告知承诺',
    'not_needed': '无需提交',
}
PRINTED_DUE = {'deficiency': '%s前补齐', 'pledge': '%s前核查'}
PRINTED_OUTCOME = {
    'supplied': '已补齐',
    'kept': '已履行承诺',
    'broken': '未履行承诺',
}
PRINTED_OVERDUE = '已逾期,尚未补齐'
# The column 原件/复印件 of the 移交资料清单 (Annexes 6 and 8) prints the form's own words.
MATERIAL_KIND_WORDING = {'original': '原件', 'copy': '复印件'}
# The levels Annex 7 names on its boxes; the others are printed beside them.
RATINGS_ON_FORM = ('very_satisfied', 'satisfied', 'unsatisfied')


def checkbox(checked):
    return CHECKED if checked else UNCHECKED


def blank_line(width):
    """A ruled blank ``width`` millimetres long, to write on by hand (t-raw)."""
    return Markup('<span class="o_blank" style="width: %dmm;"></span>') % width


def fill(value, width, underline=True):
    """A value filled into a sentence of a form (underlined like the blank it fills), or,
    without a value, a ruled blank ``width`` mm long to write it by hand (t-raw)."""
    if value is None or value is False or value == '':
        return blank_line(width)
    if not underline:
        return Markup('%s') % value
    return Markup('<span class="o_fill">%s</span>') % value


def fill_date(value, underline=False):
    """A date of a form (underlined when filled into a sentence), or a ruled blank date
    (____年__月__日) to write it by hand."""
    if value and value != BLANK_DATE:
        return fill(value, 0, underline=underline)
    return Markup('%s年%s月%s日') % (blank_line(16), blank_line(9), blank_line(9))


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
        cases = self.env['agency.case'].browse(docids)
        self._check_printable(cases)
        return {
            'doc_ids': docids,
            'doc_model': 'agency.case',
            'docs': cases,
            'form_data': self._form_data,
            'form_items': self._form_items,
            'flow_chart': self._flow_chart,
            'notification_lines': self._notification_lines,
            'material_state': self._material_state,
            'checkbox': checkbox,
            'blank_date': BLANK_DATE,
            'blank': False,
            'fill': fill,
            'fill_date': fill_date,
            'blank_line': blank_line,
        }

    @api.model
    def _check_printable(self, cases):
        """Refuse a form the cases' step does not allow (a UserError); every form is
        printable by default."""

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
            'item_count': len(case.item_ids) or '',
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
        items = (self._form_catalog(case) | case.item_ids).sorted(
            lambda item: (item.number, item.id))
        return [(item, checkbox(item in case.item_ids), len(item.name) > ITEM_NAME_HALF_LINE)
                for item in items]

    @api.model
    def _form_catalog(self, case):
        """The items a form offers to tick: the whole catalog (Annex 1)."""
        return self.env['agency.item'].search([])

    @api.model
    def _stage_descriptions(self, region):
        """{stage: what the flow chart of ``region`` says of it}: the region's own
        wording, else its parent's, else the stage's model text."""
        return self.env['agency.region.stage']._descriptions(region)

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
        descriptions = self._stage_descriptions(case.region_id)

        def step(stage):
            date = case._step_date(stage.flow_step)
            if stage == current:
                state = 'current'
            elif stage in position and (position[stage] < reached or (terminated and date)):
                state = 'done'
            else:
                state = 'todo'
            return {'stage': stage, 'state': state, 'date': format_cn_date(date),
                    'description': descriptions.get(stage, '')}

        return ([step(stage) for stage in main],
                [step(stage) for stage in stages - main])

    @api.model
    def _notification_lines(self, case):
        """What the one-time notification lists for each requested item, in the order of the
        project phases: [{'item', 'department', 'days', 'type', 'materials'}], the department
        and committed limit of the plan's line, else of the region's published list."""
        lines = {line.item_id: line for line in case.line_ids.sudo()}
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
                'checklist': {entry.material_id: entry
                              for entry in lines[item].material_ids} if item in lines else {},
            })
        return result

    @api.model
    def _material_state(self, entry, today=None):
        """How the one-time notification prints a material of the checklist: its status,
        and for what is owed its due date and outcome (lines of text)."""
        if not entry:
            return []
        texts = [PRINTED_STATUS[entry.status]]
        if entry.status in PRINTED_DUE and entry.due_date:
            texts.append(PRINTED_DUE[entry.status] % format_cn_date(entry.due_date))
        if entry.outcome in PRINTED_OUTCOME:
            texts.append(PRINTED_OUTCOME[entry.outcome])
            texts.append(format_cn_date(entry.outcome_date))
        elif entry._overdue_on(today or entry.line_id._calendar().agency_today()):
            texts.append(PRINTED_OVERDUE)
        return texts


class ReportBlankForm(models.AbstractModel):
    """The forms of a region printed blank (Annexes 2-8 without a case), for walk-in
    applicants to fill by hand: the same templates, given an unsaved case of the region
    (nothing but its region set) and ``blank``. The region's bureau is filled in, every
    other value is a ruled blank (``fill``, ``fill_date``)."""
    _name = 'report.investment_agency.blank_form'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Blank Forms of a Region'

    @api.model
    def get_report_values(self, docids, data=None):
        regions = self.env['agency.region'].browse(docids)
        regions.check_access_rights('read')
        regions.check_access_rule('read')
        Case = self.env['agency.case'].sudo()
        values = super(ReportBlankForm, self).get_report_values([], data=data)
        values.update({
            'doc_ids': docids,
            'doc_model': 'agency.region',
            'docs': [Case.new({'region_id': region.id}) for region in regions.sudo()],
            'blank': True,
        })
        return values

    @api.model
    def _form_catalog(self, case):
        """The items of the region's published list (the whole catalog without one)."""
        items = self.env['agency.item.publication'].sudo().search([
            ('region_id', '=', case.region_id.id), ('state', '=', 'published')]).mapped('item_id')
        return items or super(ReportBlankForm, self)._form_catalog(case)


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
    # The completion form is signed when the materials are handed back (归档返还) or later.
    _printable_steps = ('archive',) + COMPLETED_STEPS

    @api.model
    def _check_printable(self, cases):
        for case in cases:
            if case.flow_step == 'terminated':
                raise UserError(_('Case %s is terminated: its completion form (Annex 6) cannot '
                                  'be printed; print its termination form (Annex 8).')
                                % case.name)
            if case.flow_step not in self._printable_steps:
                raise UserError(_('Case %s is not finished: its completion form (Annex 6) is '
                                  'printed once the materials are handed back.') % case.name)


class ReportCaseEvaluation(models.AbstractModel):
    _name = 'report.investment_agency.report_case_evaluation_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 7: Evaluation Form'


class ReportCaseTermination(models.AbstractModel):
    _name = 'report.investment_agency.report_case_termination_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'Annex 8: Termination Form'

    @api.model
    def _check_printable(self, cases):
        for case in cases:
            if case.flow_step in COMPLETED_STEPS:
                raise UserError(_('Case %s is completed: its termination form (Annex 8) cannot '
                                  'be printed.') % case.name)


class ReportCaseNotification(models.AbstractModel):
    _name = 'report.investment_agency.report_case_notification_document'
    _inherit = 'report.investment_agency.case_form'
    _description = 'One-time Notification'


class ReportBlankFlow(models.AbstractModel):
    _name = 'report.investment_agency.report_region_flow_document'
    _inherit = 'report.investment_agency.blank_form'
    _description = 'Annex 2 of a Region: Published Flow Chart'


class ReportBlankApplication(models.AbstractModel):
    _name = 'report.investment_agency.report_blank_application_document'
    _inherit = 'report.investment_agency.blank_form'
    _description = 'Annex 3, Blank'


class ReportBlankAuthorization(models.AbstractModel):
    _name = 'report.investment_agency.report_blank_authorization_document'
    _inherit = 'report.investment_agency.blank_form'
    _description = 'Annex 4, Blank'


class ReportBlankCommitment(models.AbstractModel):
    _name = 'report.investment_agency.report_blank_commitment_document'
    _inherit = 'report.investment_agency.blank_form'
    _description = 'Annex 5, Blank'


class ReportBlankCompletion(models.AbstractModel):
    _name = 'report.investment_agency.report_blank_completion_document'
    _inherit = 'report.investment_agency.blank_form'
    _description = 'Annex 6, Blank'


class ReportBlankEvaluation(models.AbstractModel):
    _name = 'report.investment_agency.report_blank_evaluation_document'
    _inherit = 'report.investment_agency.blank_form'
    _description = 'Annex 7, Blank'


class ReportBlankTermination(models.AbstractModel):
    _name = 'report.investment_agency.report_blank_termination_document'
    _inherit = 'report.investment_agency.blank_form'
    _description = 'Annex 8, Blank'
