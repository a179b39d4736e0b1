"""The forms without a case (§二(五), annexes): the blank Annexes 3-8 walk-in applicants
fill by hand, and each region's published flow chart (Annex 2 without a case), printed
from the region and offered on its public catalog page; the forms a case's step rules out
(Annex 8 of a completed case, Annex 6 of a terminated or unfinished one) are refused."""
import html
import json
import re
import subprocess
import tempfile

from odoo.addons.base.ir import ir_actions_report
from odoo.exceptions import AccessError, UserError

from .common import NOT_ALLOWED, AgencyHttpCase, out_of_reach
from .forms_common import AgencyFormsCommon, flat
from .test_foundation import pdf_text

BLANK_FORMS = {
    'application': ('附件3', '“帮您办”代办帮办服务申请表'),
    'authorization': ('附件4', '“帮您办”代办帮办服务授权委托书'),
    'commitment': ('附件5', '“帮您办”代办帮办服务承诺书'),
    'completion': ('附件6', '“帮您办”代办帮办服务办结单'),
    'evaluation': ('附件7', '“帮您办”代办帮办服务评价表'),
    'termination': ('附件8', '“帮您办”代办帮办服务终止单'),
}
HALL = '赤峰市红山区新华路政务服务中心一楼“帮您办”窗口'
PHONE = '0476-8896123'
# The values of the case of AgencyFormsCommon: none may show on a blank form.
CASE_VALUES = ('包玉龙', '赤峰草原乳业科技有限公司', '年产10万吨乳制品加工项目', '孟凡宇',
               '2026-150402-14-03-000777', '乌云其其格', '2026年')
PNG_DPI = 80


def mm_to_px(mm, dpi=PNG_DPI):
    return int(mm * dpi / 25.4)


def longest_rules(pdf, page=1):
    """The lengths in pixels of the horizontal black runs of a page of ``pdf`` rendered
    to PNG (pdftoppm -png -r 80), longest first: the ruled lines of the page."""
    from PIL import Image
    with tempfile.TemporaryDirectory() as folder:
        path = '%s/form.pdf' % folder
        with open(path, 'wb') as handle:
            handle.write(pdf)
        subprocess.check_call(['pdftoppm', '-png', '-r', str(PNG_DPI), '-f', str(page),
                               '-l', str(page), '-singlefile', path, '%s/page' % folder])
        image = Image.open('%s/page.png' % folder).convert('L')
    width, height = image.size
    pixels = image.load()
    runs = []
    for y in range(height):
        run = 0
        for x in range(width):
            if pixels[x, y] < 110:
                run += 1
            else:
                if run:
                    runs.append(run)
                run = 0
        if run:
            runs.append(run)
    return sorted(runs, reverse=True)


class TestBlankForms(AgencyFormsCommon):

    @classmethod
    def setUpClass(cls):
        super(TestBlankForms, cls).setUpClass()
        cls.region.write({'hall_address': HALL, 'phone': PHONE})
        # A case of the region exists: its data stays off the blank forms.
        cls.case = cls._plan(cls._create_case())

    def _pdf(self, xmlid, records, user=None):
        report = self.env.ref(xmlid)
        if user:
            report = report.sudo(user)
        pdf, fmt = report.render_qweb_pdf(records.ids)
        self.assertEqual(fmt, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'))
        return pdf

    def _html(self, xmlid, records):
        return self.env.ref(xmlid).render_qweb_html(records.ids)[0].decode('utf-8')

    def test_blank_annexes_3_to_8_hold_no_case_data(self):
        for name, (annex, title) in BLANK_FORMS.items():
            text = self._render('investment_agency.report_blank_%s' % name, self.region,
                                user=self.agent_cf)
            body = flat(text)
            self.assertTrue(text.lstrip().startswith(annex), name)
            self.assertIn(title, body, name)
            for value in CASE_VALUES:
                self.assertNotIn(value, body, (name, value))
            self.assertNotIn('☑', body, name)
            # Every date is a blank to write by hand.
            self.assertIn('年月日', body, name)

    def test_blank_forms_name_the_region_bureau(self):
        body = flat(self._render('investment_agency.report_blank_authorization', self.region))
        self.assertIn('现授权委托(赤峰市政务服务局)的()为我单位项目代办人', body)
        self.assertIn('本授权委托书声明:我()系()的法人代表', body)
        self.assertIn('单位:赤峰市政务服务局职务:', body)
        self.assertIn('代办项目合计项', body)
        body = flat(self._render('investment_agency.report_blank_commitment', self.region))
        self.assertIn('本单位向赤峰市政务服务局申请提供代办帮办服务', body)
        self.assertIn('在赤峰市政务服务局提出终止帮办代办服务时', body)
        for name in ('completion', 'termination'):
            body = flat(self._render('investment_agency.report_blank_%s' % name, self.region))
            self.assertIn('(申请人盖章)(赤峰市政务服务局)', body, name)
            self.assertIn('兹有代办帮办项目(项目名称),(项目编码)', body, name)

    def test_blank_application_lists_the_published_items_unticked(self):
        body = flat(self._render('investment_agency.report_blank_application', self.region))
        for item in self.items:
            self.assertIn('☐%s' % item.name, body)
        self.assertEqual(body.count('☐'), len(self.items) + 2)  # and 是☐ 否☐
        self.assertIn('是☐否☐', body)
        self.assertIn('申请人:(签字)申请日期:年月日', body)
        body = flat(self._render('investment_agency.report_blank_authorization', self.region))
        self.assertIn('2.%s☐' % self.item_filing.name, body)
        self.assertNotIn('1.企业投资项目核准', body)  # not on the list of 赤峰市

    def test_blanks_have_the_width_to_write_on(self):
        page = self._html('investment_agency.report_blank_authorization', self.region)
        widths = [int(width) for width in re.findall(r'class="o_blank" style="width: (\d+)mm;"',
                                                     page)]
        # Legal representative, enterprise, agent (twice), project, count, gender, ID
        # number, title, the signing enterprise, three for the date: nothing under 9 mm, names
        # 30-40 mm, the ID number 50 mm (the agent's line holds name, gender and ID number).
        self.assertEqual(sorted(widths), [9, 9, 10, 12, 16, 30, 40, 40, 40, 45, 50, 75, 80])
        # In the PDF's text layout the blanks take room between their brackets.
        text = self._render('investment_agency.report_blank_authorization', self.region)
        self.assertRegex(text, r'代办人:\s{12,}性别:\s{6,}身份号码:')
        self.assertRegex(text, r'本授权委托书声明:我\(\s{12,}\)系')
        # Drawn: the page rendered to PNG has the 80 mm rule of the project name.
        rules = longest_rules(self._pdf('investment_agency.report_blank_authorization',
                                        self.region))
        self.assertGreaterEqual(rules[0], mm_to_px(78))
        self.assertGreaterEqual(len([run for run in rules if run >= mm_to_px(38)]), 4)

    def test_blank_evaluation_has_full_width_lines_for_the_opinion(self):
        rules = longest_rules(self._pdf('investment_agency.report_blank_evaluation',
                                        self.region))
        # Four lines across the text width (A4 less the margins and the indent: > 150 mm).
        self.assertGreaterEqual(len([run for run in rules if run >= mm_to_px(150)]), 4)

    def test_annex4_without_proxy_data_has_real_blanks(self):
        case = self._create_case(signed=False, legal_representative=False, proxy_name=False,
                                 proxy_gender=False, proxy_id_number=False, proxy_title=False)
        page = self._html('investment_agency.report_case_authorization', case)
        widths = re.findall(r'class="o_blank" style="width: (\d+)mm;"', page)
        # Legal representative 40, agent 40 and 30, gender 10, ID number 50, title 40,
        # the date 16 + 9 + 9: no 3 mm underline of an empty value.
        self.assertEqual(sorted(int(width) for width in widths),
                         [9, 9, 10, 16, 30, 40, 40, 40, 50])
        self.assertNotIn('<span class="o_fill"></span>', page)
        body = flat(self._render('investment_agency.report_case_authorization', case))
        self.assertIn('我()系(赤峰草原乳业科技有限公司)的法人代表', body)
        self.assertIn('代办人:性别:身份号码:', body)

    def test_completed_case_refuses_its_termination_form(self):
        case = self._completed(self._close_lines(self._plan(self._create_case())))
        self.assertRefused(
            lambda: self._render('investment_agency.report_case_termination', case,
                                 user=self.agent_cf),
            UserError, 'Case %s is completed: its termination form (Annex 8) cannot be printed.'
            % case.name)
        # Its completion form prints.
        self.assertIn('2026年11月20日完成代办帮办服务工作', flat(self._render(
            'investment_agency.report_case_completion', case, user=self.agent_cf)))

    def test_terminated_or_open_case_refuses_its_completion_form(self):
        case = self._create_case()
        self.assertRefused(
            lambda: self._render('investment_agency.report_case_completion', case,
                                 user=self.agent_cf),
            UserError, 'Case %s is not finished: its completion form (Annex 6) is printed once '
            'the materials are handed back.' % case.name)
        case._terminate('false_materials', date='2026-10-12', materials='营业执照复印件')
        self.assertRefused(
            lambda: self._render('investment_agency.report_case_completion', case,
                                 user=self.agent_cf),
            UserError, 'Case %s is terminated: its completion form (Annex 6) cannot be printed'
            % case.name)
        self.assertIn('于2026年10月12日终止代办帮办委托', flat(self._render(
            'investment_agency.report_case_termination', case, user=self.agent_cf)))

    def test_region_flow_chart_pdf(self):
        stage_plan = self._stage('plan')
        self.env['agency.region.stage'].create({
            'region_id': self.region.id, 'stage_id': stage_plan.id,
            'description': '赤峰市:3个工作日内制定代办帮办方案,报分管领导审定。'})
        pdf = self._pdf('investment_agency.report_region_flow', self.region, user=self.agent_cf)
        body = flat(pdf_text(pdf))
        self.assertIn('附件2', body)
        self.assertIn('“帮您办”代办帮办服务流程图', body)
        self.assertIn('赤峰市政务服务局', body)
        self.assertIn(flat(HALL), body)
        self.assertIn(PHONE, body)
        self.assertIn('赤峰市:3个工作日内制定代办帮办方案,报分管领导审定。', body)
        # The other steps keep the model text; nothing of a case is printed.
        apply_stage = self._stage('apply')
        self.assertIn(flat(apply_stage.with_context(lang='zh_CN').description)[:20], body)
        self.assertNotIn('当前环节', body)
        self.assertNotIn('项目名称', body)
        for value in CASE_VALUES:
            self.assertNotIn(value, body)
        self.assertGreater(len(longest_rules(pdf)), 0)

    def test_region_flow_descriptions_come_from_the_region_or_above(self):
        Step = self.env['agency.region.stage']
        plan, declare = self._stage('plan'), self._stage('declare')
        Step.create({'region_id': self.region.id, 'stage_id': plan.id, 'description': '市:方案'})
        county = self.env['agency.region'].create({
            'name': '红山区', 'code': '150402', 'level': 'county', 'parent_id': self.region.id,
            'bureau_name': '红山区政务服务局'})
        Step.create({'region_id': county.id, 'stage_id': declare.id, 'description': '区:申报'})
        descriptions = Step._descriptions(county)
        self.assertEqual(descriptions[plan], '市:方案')
        self.assertEqual(descriptions[declare], '区:申报')
        self.assertEqual(Step._descriptions(self.region)[declare], declare.description or '')
        # One wording per step and region.
        with self.assertRaises(Exception) as caught, self.cr.savepoint():
            Step.create({'region_id': county.id, 'stage_id': declare.id, 'description': 'x'})
        self.assertIn('region_stage_unique', str(caught.exception))

    def test_who_prints_the_blank_forms_of_a_region(self):
        for user in (self.agent_cf, self.manager_cf, self.liaison_cf, self.agent_baotou):
            body = flat(self._render('investment_agency.report_blank_commitment', self.region,
                                     user=user))
            self.assertIn('赤峰市政务服务局', body, user.login)
        with self.assertRaises(AccessError) as caught:
            self._render('investment_agency.report_blank_commitment', self.region,
                         user=self.plain_user)
        self.assertIn(NOT_ALLOWED['read'], caught.exception.name)


class TestBlankFormsOverHttp(AgencyHttpCase):

    def setUp(self):
        super(TestBlankFormsOverHttp, self).setUp()
        ref = self.env.ref
        self.region = ref('investment_agency.region_chifeng')
        self.publish(self.region, ref('investment_agency.item_enterprise_filing')
                     | ref('investment_agency.item_land_preexamination'))
        self.region.write({'hall_address': HALL, 'phone': PHONE})
        self.baotou = ref('investment_agency.region_baotou')
        self.plan = self.env['agency.stage'].search([('flow_step', '=', 'plan')], limit=1)
        self.sync()

    def _user(self, login, group, region):
        """A user of ``group`` speaking en_US (messages compared in English)."""
        self.env['res.lang'].load_lang('en_US')
        return self.create_user(login, self.env.ref('investment_agency.%s' % group), region)

    def test_region_flow_page_is_public(self):
        self.env['agency.region.stage'].create({
            'region_id': self.region.id, 'stage_id': self.plan.id,
            'description': '赤峰市:3个工作日内制定代办帮办方案。'})
        self.sync()
        page = self.get('/bangninban/catalog/150400')
        self.assertEqual(page.status_code, 200)
        self.assertIn('/bangninban/catalog/150400/flow', page.text)
        for name in ('flow',) + tuple(BLANK_FORMS):
            self.assertIn('/bangninban/catalog/150400/forms/%s.pdf' % name, page.text)
        page = self.get('/bangninban/catalog/150400/flow')
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.assertIn('赤峰市“帮您办”代办帮办服务流程图', text)
        self.assertIn('赤峰市政务服务局', text)
        self.assertIn(HALL, text)
        self.assertIn(PHONE, text)
        self.assertIn('赤峰市:3个工作日内制定代办帮办方案。', text)
        for stage in self.env['agency.stage'].with_context(lang='zh_CN').search([]):
            self.assertIn(stage.name, text)
        # A region without a published list has no page.
        self.assertEqual(self.get('/bangninban/catalog/150300/flow').status_code, 404)

    def _real_pdfs(self):
        """Print real PDFs over HTTP (as tests/test_portal.py does): Odoo 11 renders HTML
        under a test cursor, whose only connection the request holds; wkhtmltopdf prints
        without the CSS it cannot fetch then (the text is what is checked here)."""
        self.patch(ir_actions_report, 'TestCursor', type('NoTestCursor', (), {}))
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')

    def test_region_forms_routes(self):
        # The PDFs themselves are checked in-process (TestBlankForms): under the test
        # cursor a public request cannot have wkhtmltopdf fetch its CSS.
        self.assertEqual(self.get('/bangninban/catalog/150400/forms/ledger.pdf').status_code,
                         404)
        self.assertEqual(self.get('/bangninban/catalog/150300/forms/flow.pdf').status_code,
                         404)
        self.assertEqual(self.get('/bangninban/catalog/999999/forms/flow.pdf').status_code,
                         404)

    def _download(self, report, case):
        """The web client's download of a report (/report/download): the PDF, or the
        error it shows."""
        url = '/report/pdf/investment_agency.%s/%d' % (report, case.id)
        return self.get('%s/report/download' % self.lang_prefix, params={
            'data': json.dumps([url, 'qweb-pdf']), 'token': 'dl'}, timeout=180)

    def test_refused_prints_over_http(self):
        ref = self.env.ref
        self._real_pdfs()
        running = ref('investment_agency.case_1_demo')      # 申报办理
        completed = ref('investment_agency.case_4_demo')    # 办结
        agent = self._user('t_blank_agent_hhht', 'group_agent', running.region_id)
        self.login(agent)
        for report, case, message in (
                ('report_case_completion_document', running,
                 'Case %s is not finished: its completion form (Annex 6)' % running.name),
                ('report_case_termination_document', completed,
                 'Case %s is completed: its termination form (Annex 8) cannot be printed.'
                 % completed.name)):
            response = self.get('%s/report/pdf/investment_agency.%s/%d' % (
                self.lang_prefix, report, case.id), timeout=180)
            self.assertNotIn(response.status_code, (200, 301, 302, 303), report)
            self.assertFalse(response.content.startswith(b'%PDF'), report)
            response = self._download(report, case)
            self.assertFalse(response.content.startswith(b'%PDF'), report)
            error = json.loads(html.unescape(response.text))
            self.assertEqual(error['data']['name'], 'odoo.exceptions.UserError', report)
            self.assertIn(message, error['data']['message'], report)
        # The forms their steps allow print.
        for report, case in (('report_case_termination_document', running),
                             ('report_case_completion_document', completed)):
            response = self.get('%s/report/pdf/investment_agency.%s/%d' % (
                self.lang_prefix, report, case.id), timeout=180)
            self.assertEqual(response.status_code, 200, report)
            self.assertTrue(response.content.startswith(b'%PDF'), report)

    def test_region_flow_steps_access(self):
        Step = 'agency.region.stage'
        manager = self._user('t_blank_manager', 'group_manager', self.region)
        agent = self._user('t_blank_agent', 'group_agent', self.region)
        liaison = self._user('t_blank_liaison', 'group_liaison', self.region)
        self.login(manager)
        step_id, error = self.call_kw(Step, 'create', [{
            'region_id': self.region.id, 'stage_id': self.plan.id, 'description': '方案'}])
        self.assertIsNone(error)
        self.assertTrue(step_id)
        self.assertRpcRefused(Step, 'create', [{
            'region_id': self.baotou.id, 'stage_id': self.plan.id, 'description': '方案'}],
            error='AccessError', message=out_of_reach('Flow Chart Step of a Region'))
        self.login(agent)
        self.assertRpcRefused(Step, 'write', [[step_id], {'description': '改'}],
                              error='AccessError', message=NOT_ALLOWED['write'])
        self.assertRpcRefused(Step, 'create', [{
            'region_id': self.region.id, 'stage_id': self.plan.id, 'description': 'x'}],
            error='AccessError', message=NOT_ALLOWED['create'])
        self.login(liaison)
        records, error = self.call_kw(Step, 'read', [[step_id], ['description']])
        self.assertIsNone(error)
        self.assertEqual(records[0]['description'], '方案')
        self.assertRpcRefused(Step, 'unlink', [[step_id]], error='AccessError',
                              message=NOT_ALLOWED['unlink'])
