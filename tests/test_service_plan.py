"""The service plan (代办帮办方案, 二(五)): goal, items with their agent and liaison, meetings
foreseen, risks; required before the items are declared, printed with the declaration plan
(项目申报计划) and shown on the applicant's portal."""
import re

from odoo.addons.base.ir import ir_actions_report
from odoo.exceptions import ValidationError

from .common import AgencyCaseCommon, today_is, verify_case
from .forms_common import pdf_text
from .test_trust_boundary import TrustBoundaryCommon

PLAN = 'investment_agency.report_case_plan'


class TestServicePlan(AgencyCaseCommon):

    def planned_case(self, **values):
        case = self.create_case(numbers=(2, 7, 8, 9, 15, 16), user_id=self.agent_wuhai.id,
                                date_plan_start='2026-09-28', **values)
        self.sign(case)
        with today_is('2026-09-04'):
            case.action_generate_plan()
        return case.sudo(self.agent_wuhai)

    def test_declaration_waits_for_the_plan(self):
        case = self.planned_case(plan_goal=False, plan_risks='  ')
        line = self.line(case, 2)
        # Refused as the case follows its items, in the language of the service.
        self.assertGate(line.action_declare,
                        '案件%s：申报事项前须先制定代办帮办方案，请在“代办帮办方案”页填写：'
                        '代办帮办目标、风险研判及应对措施。' % case.name)
        self.assertEqual((line.state, case.flow_step), ('todo', 'plan'))
        case.write({'plan_goal': '45个工作日内取得施工许可'})
        self.assertGate(line.action_declare, '页填写：风险研判及应对措施。')
        case.write({'plan_risks': '选址争议:先与自然资源局核实'})
        line.action_declare()
        self.assertEqual((line.state, case.flow_step), ('declared', 'declare'))
        tracked = case.sudo().message_ids.mapped('tracking_value_ids').filtered(
            lambda value: value.field == 'plan_goal')
        self.assertEqual(tracked.mapped('new_value_text'), ['45个工作日内取得施工许可'])

    def test_liaison_of_each_item(self):
        case = self.planned_case()
        line7 = self.line(case, 7)
        # Planned with the first liaison agent of the department that handles the item.
        self.assertEqual(line7.liaison_user_id, self.liaison_wuhai_nr)
        self.assertEqual(self.line(case, 2).liaison_user_id, self.env['res.users'])
        other = self._create_user('t_liaison_wuhai_ndrc', self.group_liaison, self.region)
        other.agency_department_ids = [(4, self.dept['ndrc'].id)]
        with self.assertRaises(ValidationError) as caught:
            line7.write({'liaison_user_id': other.id})
        self.assertIn('is not a liaison agent of %s' % self.dept['natural_resources'].name,
                      caught.exception.name)
        line2 = self.line(case, 2)
        line2.write({'liaison_user_id': other.id})
        self.assertIn(other.name, case.message_ids[0].body)  # in the chatter

    def test_plan_printed_with_the_days_saved(self):
        case = self.planned_case(plan_meetings='规划许可前召开一次联审会')
        report = self.env.ref(PLAN)
        pdf, _fmt = report.render_qweb_pdf(case.ids)
        text = pdf_text(pdf)
        for expected in ('“帮您办”代办帮办方案', '一、代办帮办目标', '45个工作日内取得全部审批结果',
                         '二、项目申报计划', '三、会商联审安排', '规划许可前召开一次联审会',
                         '四、风险研判及应对措施', '用地预审可能需要补正材料',
                         self.liaison_wuhai_nr.name, '2026.09.28', '2026.11.16', '须在'):
            self.assertIn(expected, text)
        # One row per item, in the plan's order (its cells wrap: their first characters).
        rows = [line for line in text.splitlines() if re.search(r'\d+日\s+\d+日\s*$', line)]
        self.assertEqual(len(rows), 6)
        flat = ''.join(text.split())
        self.assertIn('计划用时31个工作日', flat)
        self.assertIn('逐项办理需51个工作日,统筹压减20个工作日', flat)
        self.assertIn('2026年11月16日全部办结', flat)
        self.assertEqual(report.print_report_name, "'代办帮办方案-%s' % object.name")


class TestServicePlanOverHttp(TrustBoundaryCommon):
    """The gate holds over RPC whatever the context; the applicant reads the plan."""

    def test_agent_cannot_declare_without_a_plan(self):
        case = self.env['agency.case'].create({
            'project_id': self.case.project_id.id, 'region_id': self.hhht.id,
            'channel': 'window', 'user_id': self.agent.id, 'date_applied': '2026-11-02',
            'item_ids': [(6, 0, self.env['agency.item'].search([('number', '=', 2)]).ids)],
            'date_authorization': '2026-11-03', 'date_commitment': '2026-11-03'})
        verify_case(case)
        case.action_generate_plan()
        line = case.line_ids
        self.login(self.agent)
        hostile = {'install_mode': True, 'module': 'investment_agency', 'skip_gates': True}
        for method, args in (('write', [line.ids, {'state': 'declared'}]),
                             ('action_declare', [line.ids])):
            self.assertRpcRefused('agency.case.line', method, args, context=hostile,
                                  error='UserError', message='制定代办帮办方案')
        line.invalidate_cache()
        self.assertEqual(line.state, 'todo')

    def test_applicant_reads_the_plan(self):
        applicant = self.env.ref('investment_agency.user_applicant_demo')
        self.assertEqual(applicant.partner_id.commercial_partner_id, self.case.partner_id)
        self.case.write({'plan_goal': '60个工作日内取得施工许可', 'plan_risks': '选址争议'})
        self.sync()
        self.login(applicant)
        page = self.get(self.case.portal_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn('o_agency_plan', page.text)
        self.assertIn(self.case.plan_goal, page.text)
        self.assertIn('%s/report/plan' % self.case.portal_url, page.text)
        # As tests/test_portal.py downloads a form: the real PDF, its CSS URL pointing
        # nowhere (the request holds the test cursor wkhtmltopdf would wait for).
        self.patch(ir_actions_report, 'TestCursor', type('NoTestCursor', (), {}))
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        self.sync()
        pdf = self.get('%s/report/plan' % self.case.portal_url, timeout=180)
        self.assertEqual(pdf.status_code, 200)
        text = pdf_text(pdf.content)
        self.assertIn(self.case.plan_goal[:10], text)
        self.assertIn(self.case.line_ids[0].item_id.name[:8], text)
