import re
from datetime import timedelta

from odoo import fields
from odoo.addons.base.ir import ir_actions_report

from odoo.addons.investment_agency.models.code_checks import credit_code_check_char
from odoo.addons.investment_agency.models.dates import format_cn_date

from .common import SERVICE_PLAN, AgencyHttpCase, service_today
from .forms_common import flat
from .test_foundation import pdf_text

STEPS = ('apply', 'verify', 'sign', 'plan', 'declare', 'feedback', 'archive', 'done', 'evaluate')
CN_DATE = re.compile(r'\d{4}年\d{1,2}月\d{1,2}日')


class TestCaseFlowTour(AgencyHttpCase):
    """An agent takes a case through the nine steps of Annex 2 in the back office, in a
    browser (phantomjs), with the form's buttons, its stage bar and the completion and
    evaluation dialogs: the agency_case_flow tour (static/src/js/tour_case_flow.js). The
    case's printed flow chart then has a date in every step box."""

    def setUp(self):
        super(TestCaseFlowTour, self).setUp()
        ref = self.env.ref
        self.region = ref('investment_agency.region_tongliao')
        self.item = ref('investment_agency.item_enterprise_filing')
        self.publish(self.region, self.item)
        # The agent speaks the database's language, as in the service hall.
        self.agent = self.create_user('t_tour_agent', ref('investment_agency.group_agent'),
                                      self.region, name='通辽代办员', lang='zh_CN')
        credit_code = '91150502MA0R7T2K4'
        partner = self.env['res.partner'].create({
            'name': '通辽浏览器测试有限公司', 'is_company': True,
            'agency_credit_code': credit_code + credit_code_check_char(credit_code),
            'agency_legal_representative': '白总', 'street': '通辽市科尔沁区一路1号',
            'zip': '028000', 'phone': '0475-8123456'})
        project = self.env['agency.project'].create({
            'name': '通辽浏览器测试项目', 'partner_id': partner.id,
            'code': '2026-150502-26-03-000123', 'region_id': self.region.id,
            'address': '通辽市科尔沁区', 'total_investment': 1200,
            'contact_name': '白经办', 'contact_phone': '13904751234'})
        self.today = service_today(self.env)
        applied = fields.Date.to_string(fields.Date.from_string(self.today) - timedelta(days=5))
        # A walk-in application waiting for its agent (申请受理).
        self.case = self.env['agency.case'].create({
            **SERVICE_PLAN,
            'project_id': project.id, 'region_id': self.region.id, 'channel': 'window',
            'date_applied': applied, 'item_ids': [(6, 0, self.item.ids)],
            'legal_representative': '白总', 'proxy_name': '通辽代办员',
            'proxy_gender': 'female', 'proxy_id_number': '11010519491231002X'})
        self.assertEqual(self.case.flow_step, 'apply')
        # The completion and the evaluation print their forms: real PDFs on the test
        # cursor, without the report's CSS (Odoo 11 would render HTML where a PDF is
        # expected, and wkhtmltopdf would wait for the CSS from the server whose cursor the
        # request holds). The text is what the test checks.
        self.patch(ir_actions_report, 'TestCursor', type('NoTestCursor', (), {}))
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        self.sync()

    def test_nine_steps_in_the_browser(self):
        self.phantom_js(
            '/web#id=%d&model=agency.case&view_type=form' % self.case.id,
            "odoo.__DEBUG__.services['web_tour.tour'].run('agency_case_flow')",
            "odoo.__DEBUG__.services['web_tour.tour'].tours.agency_case_flow",
            login=self.agent.login, timeout=150)
        self.refresh()
        case = self.case
        self.assertEqual(case.flow_step, 'evaluate')
        self.assertEqual(case.user_id, self.agent)
        self.assertEqual(case.rating, 'very_satisfied')
        self.assertEqual((case.verify_decision, case.verify_user_id), ('eligible', self.agent))
        self.assertEqual([(m.name, m.date_returned, m.received_by)
                          for m in case.returned_material_ids],
                         [('营业执照', self.today, '白经办')])
        self.assertEqual(case.line_ids.state, 'done')
        # Every step entered once, in order, by the agent (not by the system).
        moves = case.message_ids.sorted('id').mapped('tracking_value_ids').filtered(
            lambda value: value.field == 'stage_id' and value.old_value_char)
        self.assertEqual([move.new_value_char for move in moves],
                         [case._stage_of(step).name for step in STEPS[1:]])
        self.assertEqual(moves.mapped('mail_message_id.author_id'), self.agent.partner_id)
        for step in STEPS[1:]:
            self.assertEqual(case._step_date(step), self.today, step)

        # The printed flow chart (Annex 2): a date in each of the nine step boxes.
        pdf, _format = self.env.ref('investment_agency.report_case_flow').render_qweb_pdf(case.ids)
        self.assertTrue(pdf.startswith(b'%PDF'))
        text = flat(pdf_text(pdf))
        headings = [text.find('%d.%s' % (index + 1, case._stage_of(step).name))
                    for index, step in enumerate(STEPS)]
        self.assertNotIn(-1, headings, text)
        self.assertEqual(headings, sorted(headings))
        boxes = [text[start:end] for start, end in zip(headings, headings[1:] + [len(text)])]
        for step, box in zip(STEPS, boxes):
            self.assertRegex(box, CN_DATE, '%s: %s' % (step, box))
        self.assertIn(format_cn_date(case.date_applied), boxes[0])
        for step, box in zip(STEPS[1:], boxes[1:]):
            self.assertIn(format_cn_date(self.today), box, step)
