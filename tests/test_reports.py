import subprocess

from lxml import html as lxml_html

from odoo.addons.investment_agency.models.dates import BLANK_DATE, format_cn_date

from .common import NOT_ALLOWED, out_of_reach, today_is
from .forms_common import AgencyFormsCommon, flat

# The seven promises of the commitment letter (附件5 承诺书), word for word as the seed's
# annex has them (its line breaks removed); ×××政务服务局 is the bureau of the case's region.
COMMITMENT_PROMISES = (
    '一、配合填写《“帮您办”代办帮办服务申请表》,编制项目申报计划,组织项目申报材料,'
    '在代办帮办服务窗口指导下进行有序申报;',
    '二、联系、督促委托单位按要求及时对审查中提出的问题进行修改或补充材料;',
    '三、因代办帮办工作需要,协助配合政务服务部门组织协调会;',
    '四、及时办理各种缴费手续及其他申请人应履行的职责;',
    '五、对项目涉及相关申报材料的真实合法性负责,并承担相应的法律责任;',
    '六、在委托代办帮办事项完成、审批结果送达后,配合填写《“帮您办”代办帮办服务办结单》、'
    '《“帮您办”代办帮办服务评价表》;',
    '七、因项目或事项本身不具备办理条件,或者申报材料有弄虚作假及其他违法违规情况的,'
    '在×××政务服务局提出终止帮办代办服务时,配合填写《“帮您办”代办帮办服务终止单》,'
    '终止代办帮办服务。',
)


class TestReports(AgencyFormsCommon):
    """Every form renders to a real PDF whose text holds the case's values in the
    places of the seed's annexes, and the forms' fixed wording."""

    @classmethod
    def setUpClass(cls):
        super(TestReports, cls).setUpClass()
        cls.case = cls._plan(cls._create_case())

    def test_format_cn_date(self):
        self.assertEqual(format_cn_date('2026-11-27'), '2026年11月27日')
        self.assertEqual(format_cn_date('2026-01-05'), '2026年1月5日')
        self.assertEqual(format_cn_date('2026-10-08 15:30:00'), '2026年10月8日')
        self.assertEqual(format_cn_date(False), '')
        # An empty date of a form leaves room to write it by hand.
        self.assertEqual(flat(format_cn_date(False, BLANK_DATE)), '年月日')

    def test_annex1_catalog_lists_the_22_items_by_department(self):
        items = self.env['agency.item'].search([])
        text = self._render('investment_agency.report_catalog', items)
        body = flat(text)
        self.assertTrue(text.lstrip().startswith('附件1'))
        self.assertIn('“帮您办”代办帮办服务事项参考目录', body)
        self.assertIn('序号承办部门事项名称事项类型', body)
        # The 22 items in the order of their numbers (names wrap: compare their starts).
        positions = [body.find(item.name[:10]) for item in items.sorted('number')]
        self.assertEqual(len(positions), 22)
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions))
        # One merged cell per department: each department is printed once.
        for department in ('发改部门', '自然资源部门', '住建部门', '水务部门', '工信部门', '交通部门', '统战部'):
            self.assertEqual(body.count(department), 1, department)
        self.assertEqual(body.count('其他行政权力'), 8)
        self.assertEqual(body.count('行政许可'), 14)
        fonts = subprocess.run(['pdffonts', '-'], input=self.env.ref(
            'investment_agency.report_catalog').render_qweb_pdf(items[:1].ids)[0],
            stdout=subprocess.PIPE).stdout.decode()
        self.assertRegex(fonts, r'(?i)uming', 'the body prints in a CJK serif font')

    def test_annex1_published_list_of_a_region(self):
        text = flat(self._render('investment_agency.report_published_list', self.region))
        self.assertIn('赤峰市“帮您办”代办帮办服务事项清单', text)
        self.assertIn('赤峰市政务服务局', text)
        for header in ('序号', '承办部门', '事项名称', '事项类型', '承诺时', '(工作日)'):
            self.assertIn(header, text)
        for item in self.items:
            self.assertIn(item.name, text)
        # The region's own departments handle the items (names wrap in their cell).
        self.assertIn('赤峰市发展和改革', text)
        self.assertIn('赤峰市自然资源局', text)
        self.assertIn('赤峰市住房和城乡', text)
        # Items the region has not published are not listed.
        self.assertNotIn('企业投资项目核准', text)

    def test_annex2_flow_chart_from_the_stages(self):
        text = flat(self._render('investment_agency.report_case_flow', self.case))
        self.assertIn('附件2', text)
        self.assertIn('“帮您办”代办帮办服务流程图', text)
        stages = self.env['agency.stage'].search([])
        for stage in stages:
            self.assertIn(stage.name, text)
        # The stages are drawn in their order, the current one marked.
        main = stages.filtered(lambda s: s.flow_step != 'terminated')
        positions = [text.find('%d.%s' % (index + 1, stage.name))
                     for index, stage in enumerate(main)]
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(self.case.stage_id.flow_step, 'plan')
        self.assertIn('%s(当前环节)' % self.case.stage_id.name, text)
        self.assertEqual(text.count('(当前环节)'), 1)
        self.assertIn('符合终止条件的', text)
        # A renamed stage is drawn with its new name: the chart follows the configuration.
        self._stage('feedback').name = '结果送达'
        self.assertIn('6.结果送达', flat(self._render('investment_agency.report_case_flow', self.case)))

    def test_annex3_application_form(self):
        text = self._render('investment_agency.report_case_application', self.case)
        body = flat(text)
        self.assertTrue(text.lstrip().startswith('附件3'))
        self.assertIn('“帮您办”代办帮办服务申请表', body)
        for label, value in (('名称', '赤峰草原乳业科技有限公司'),
                             ('地址', '赤峰市红山区昭乌达路88号'),
                             ('负责人', '包玉龙'),
                             ('邮编', '024000'),
                             ('联系电话', '0476-8326688'),
                             ('经办人', '乌云其其格'),
                             ('项目名称', '年产10万吨乳制品加工项目'),
                             ('项目地址', '赤峰市红山区高新技术产业开发区'),
                             ('项目编码', '2026-150402-14-03-000777'),
                             ('投资总额', '56000万元'),
                             ('资金来源', '银行贷款'),
                             ('土地性质', '划拨国有土地'),
                             ('用途及规模', '建设液态奶、奶粉生产线各2条及冷链仓储设施。'),
                             ('进展情况', '已完成项目选址论证。')):
            # In the row of its label (labels take two or three lines of their cell, long
            # values wrap: compare their start).
            value = value[:10]
            self.assertIn(label, body)
            self.assertIn(value, body)
            self.assertLess(abs(body.find(label) - body.find(value)), 45, label)
        self.assertIn('(盖章)', body)
        self.assertIn('是☑否☐', body)
        # The 22 items as boxes, those of the case ticked.
        self.assertEqual(body.count('☑'), 3 + 1)
        self.assertEqual(body.count('☐'), 19 + 1)
        self.assertIn('☑企业投资项目备案', body)
        self.assertIn('☑建筑工程施工许可证核发', body)
        self.assertIn('☐企业投资项目核准', body)
        self.assertIn('申请人:(签字)', body)
        self.assertIn('申请日期:2026年9月1日', body)

    def test_annex4_authorization_letter(self):
        text = self._render('investment_agency.report_case_authorization', self.case)
        body = flat(text)
        self.assertTrue(text.lstrip().startswith('附件4'))
        self.assertIn('“帮您办”代办帮办服务授权委托书', body)
        self.assertIn('本授权委托书声明:我(包玉龙)系(赤峰草原乳业科技有限公司)的法人代表,'
                      '现授权委托(赤峰市政务服务局)的(孟凡宇)为我单位项目代办人', body)
        self.assertIn('涉及我(年产10万吨乳制品加工项目)的相关事项', body)
        self.assertIn('代办项目合计3项', body)
        self.assertIn('1.企业投资项目核准☐', body)
        self.assertIn('2.企业投资项目备案☑', body)
        self.assertIn('7.建设项目用地预审与选址意见书核发☑', body)
        self.assertIn('10.建筑工程施工许可证核发☑', body)
        self.assertIn('22.宗教活动场所内改建或者新建建筑物审批☐', body)
        self.assertEqual(body.count('☑'), 3)
        self.assertIn('代办人:孟凡宇性别:男身份号码:%s' % self.agent_cf.agency_id_number, body)
        self.assertIn('单位:赤峰市政务服务局职务:代办帮办员', body)
        self.assertIn('代办人无转委托权,特此委托。', body)
        self.assertIn('委托方名称:赤峰草原乳业科技有限公司(盖章)', body)
        self.assertIn('法定代表人:(签字或盖章)', body)
        self.assertIn('2026年9月3日', body)

    def test_annex5_commitment_letter(self):
        text = self._render('investment_agency.report_case_commitment', self.case)
        body = flat(text)
        self.assertTrue(text.lstrip().startswith('附件5'))
        self.assertIn('“帮您办”代办帮办服务承诺书', body)
        self.assertIn('本单位向赤峰市政务服务局申请提供代办帮办服务,并承诺履行以下义务:', body)
        positions = [body.find(number) for number in ('一、', '二、', '三、', '四、', '五、', '六、', '七、')]
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions))
        self.assertIn('在赤峰市政务服务局提出终止帮办代办服务时', body)
        self.assertIn('项目经办人签字:', body)
        self.assertIn('2026年9月4日', body)

    def test_annex5_seven_promises_word_for_word(self):
        promises = [promise.replace('×××政务服务局', self.region.bureau_name)
                    for promise in COMMITMENT_PROMISES]
        self.assertEqual(self.region.bureau_name, '赤峰市政务服务局')
        # In the PDF, each promise whole (the layout's line breaks removed), in order.
        body = flat(self._render('investment_agency.report_case_commitment', self.case))
        positions = [body.find(promise) for promise in promises]
        for promise, position in zip(promises, positions):
            self.assertNotEqual(position, -1, 'the PDF has the promise %s' % promise)
        self.assertEqual(positions, sorted(positions))
        # In the HTML, each promise is a paragraph of its own, nothing more nor less.
        report = self.env.ref('investment_agency.report_case_commitment')
        html, _fmt = report.render_qweb_html(self.case.ids)
        paragraphs = lxml_html.fromstring(html).xpath(
            "//div[@class='o_commitment']/p[@class='o_indent']")
        self.assertEqual([paragraph.text_content() for paragraph in paragraphs[1:]], promises)

    def test_annex6_completion_form(self):
        case = self._close_lines(self._plan(self._create_case()))
        case._complete('2026-11-20', [
            {'name': '营业执照', 'kind': 'original'},
            {'name': '项目备案申请材料', 'kind': 'copy', 'copies': 2, 'received_by': '包经办',
             'date_returned': '2026-11-19', 'note': '含附图'}])
        body = flat(self._render('investment_agency.report_case_completion', case))
        self.assertIn('附件6', body)
        self.assertIn('“帮您办”代办帮办服务办结单', body)
        self.assertIn('兹有代办帮办项目年产10万吨乳制品加工项目(项目名称),'
                      '2026-150402-14-03-000777(项目编码),已于2026年11月20日完成代办帮办服务工作,'
                      '有关资料已向申请单位移交完毕,经双方认可,现作办结处理。', body)
        self.assertIn('项目经办人签字:代办帮办员签字:(申请人盖章)(赤峰市政务服务局)2026年11月20日', body)
        # The 移交资料清单: a ruled table, a row per material handed back.
        self.assertIn('附:移交资料清单序号资料名称原件/复印件份数退还日期接收人'
                      '1营业执照原件12026年11月20日%s'
                      '2项目备案申请材料(含附图)复印件22026年11月19日包经办'
                      % case.project_id.contact_name, body)

    def test_annex7_evaluation_form(self):
        case = self._close_lines(self._plan(self._create_case()))
        case._complete('2026-11-20', [{'name': '营业执照'}])
        case._record_evaluation('very_unsatisfied', comment='补正通知不够清楚', rater='乌云其其格',
                                channel='paper', date='2026-11-23')
        body = flat(self._render('investment_agency.report_case_evaluation', case))
        self.assertIn('附件7', body)
        self.assertIn('“帮您办”代办帮办服务评价表', body)
        self.assertIn('已于2026年11月20日完成项目代办帮办服务工作,请对我们的服务进行综合评价:'
                      '非常满意☐满意☐不满意☑', body)
        # The form has three boxes: the fifth level of the national scale is named.
        self.assertIn('评价等级:非常不满意', body)
        self.assertIn('请您留下宝贵意见及建议:补正通知不够清楚', body)
        self.assertIn('评价人签字:', body)
        # The rater signs by hand: his name is kept from the agent rated (好差评).
        self.assertNotIn('乌云其其格', body)
        self.assertIn('评价渠道:', body)
        self.assertIn('2026年11月23日', body)

    def test_annex7_boxes_of_each_level(self):
        expected = {
            'very_satisfied': '非常满意☑满意☐不满意☐',
            'satisfied': '非常满意☐满意☑不满意☐',
            'basic': '非常满意☐满意☑不满意☐',
            'unsatisfied': '非常满意☐满意☐不满意☑',
        }
        for rating, boxes in expected.items():
            case = self._completed(self._close_lines(self._plan(self._create_case())))
            case._record_evaluation(rating, date='2026-11-23')
            body = flat(self._render('investment_agency.report_case_evaluation', case))
            self.assertIn(boxes, body, rating)
            self.assertEqual('评价等级' in body, rating == 'basic', rating)
        # Not rated yet: empty boxes and lines to write on.
        body = flat(self._render('investment_agency.report_case_evaluation', self.case))
        self.assertIn('非常满意☐满意☐不满意☐', body)

    def test_annex8_termination_form(self):
        case = self._create_case()
        case._terminate('false_materials', note='土地权属证明与实际不符', date='2026-10-12',
                        materials=[{'name': '营业执照', 'kind': 'copy', 'copies': 3}])
        body = flat(self._render('investment_agency.report_case_termination', case))
        self.assertIn('附件8', body)
        self.assertIn('“帮您办”代办帮办服务终止单', body)
        self.assertIn('兹有代办帮办项目年产10万吨乳制品加工项目(项目名称),'
                      '2026-150402-14-03-000777(项目编码),现因申报材料存在弄虚作假情况'
                      '(土地权属证明与实际不符),经双方认可,于2026年10月12日终止代办帮办委托,'
                      '有关资料已向申请单位移交完毕。', body)
        self.assertIn('项目经办人签字:代办帮办员签字:(申请人盖章)(赤峰市政务服务局)2026年10月12日', body)
        self.assertIn('附:移交资料清单序号资料名称原件/复印件份数退还日期接收人'
                      '1营业执照复印件32026年10月12日%s' % case.project_id.contact_name, body)

    def test_one_time_notification(self):
        body = flat(self._render('investment_agency.report_case_notification', self.case))
        self.assertIn('“帮您办”代办帮办服务一次性告知单', body)
        self.assertIn(self.case.name, body)
        for line in self.case.line_ids:
            self.assertIn(line.item_id.name, body)
            self.assertIn('承办部门:%s' % line.department_id.name, body)
            self.assertIn('承诺办理时限:%d个工作日' % line.committed_days, body)
            for material in line.item_id.material_ids:
                self.assertIn(material.name[:12], body)
        deficiency = self.items.mapped('material_ids').filtered('allow_deficiency')
        pledge = self.items.mapped('material_ids').filtered('allow_pledge')
        self.assertTrue(deficiency and pledge, 'the catalog marks simplified materials')
        self.assertEqual(body.count('☑可容缺'), len(deficiency))
        self.assertEqual(body.count('☑可承诺'), len(pledge))

    def test_one_time_notification_prints_the_checklist(self):
        """The checklist of each item as it stands: status, due date, outcome."""
        land = self.case.line_ids.filtered(lambda line: line.item_id == self.item_land)
        permit = self.case.line_ids.filtered(lambda line: line.item_id == self.item_permit)
        with today_is('2026-09-14'):
            land.write({'state': 'declared', 'date_declared': '2026-09-10'})
            land.write({'state': 'accepted', 'date_accepted': '2026-09-14'})
            missing = land.material_ids.filtered('allow_deficiency')[0]
            missing.write({'status': 'deficiency'})
            received = land.material_ids.filtered(lambda e: not e.allow_deficiency)[0]
            received.write({'status': 'received'})
            pledged = permit.material_ids.filtered('allow_pledge')[0]
            pledged.write({'status': 'pledge', 'due_date': '2026-10-09'})
            pledged.write({'outcome': 'kept'})
        with today_is('2026-09-22'):
            body = flat(self._render('investment_agency.report_case_notification', self.case))
        # Each line of a cell (pdftotext may interleave the lines of neighbouring cells).
        for text in ('%s前补齐' % format_cn_date(missing.due_date), '已逾期,尚未补齐',
                     '已收取', '2026年10月9日前核查', '已履行承诺2026年9月14日', '待提交'):
            self.assertIn(text, body)
        self.assertEqual(body.count('已收取'), 1)
        self.assertEqual(body.count('已逾期'), 1)

    def test_forms_print_in_chinese_for_an_english_user(self):
        body = flat(self._render('investment_agency.report_case_application', self.case,
                                 user=self.agent_cf))
        self.assertEqual(self.agent_cf.lang, 'en_US')
        self.assertIn('银行贷款', body)
        self.assertIn('划拨国有土地', body)
        self.assertNotIn('Bank', body)

    def test_who_prints_the_forms_of_a_case(self):
        # The agent, the manager and the liaison agent of a department of the case print.
        for user in (self.agent_cf, self.manager_cf, self.manager_nmg, self.liaison_cf):
            body = flat(self._render('investment_agency.report_case_commitment', self.case,
                                     user=user))
            self.assertIn('赤峰市政务服务局', body, user.login)
        # The agents and managers of another league, and outsiders, do not.
        out_of_their_reach = out_of_reach('Agency Case')
        for user, refusal in ((self.agent_baotou, out_of_their_reach),
                              (self.manager_baotou, out_of_their_reach),
                              (self.liaison_hhht_nr, out_of_their_reach),
                              (self.plain_user, NOT_ALLOWED['read'])):
            self.assertRenderRefused('investment_agency.report_case_commitment', self.case, user,
                                     refusal)
