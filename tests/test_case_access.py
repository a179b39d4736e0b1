from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SERVICE_PLAN, NOT_ALLOWED, AgencyCaseCommon, out_of_reach, verify_case

CASE_OUT_OF_REACH, LINE_OUT_OF_REACH = out_of_reach('Agency Case'), out_of_reach('Case Item')


class TestCaseAccess(AgencyCaseCommon):
    """Each group sees and changes exactly its share of projects, cases, items and meetings."""

    @classmethod
    def setUpClass(cls):
        super(TestCaseAccess, cls).setUpClass()
        cls.case = cls.env['agency.case'].create({
            **SERVICE_PLAN,
            'project_id': cls.project.id, 'region_id': cls.region.id,
            'date_applied': '2026-09-01', 'user_id': cls.agent_wuhai.id,
            'item_ids': [(6, 0, [cls.item[2].id, cls.item[7].id])]})
        verify_case(cls.case).write({'date_authorization': '2026-09-02',
                                     'date_commitment': '2026-09-02'})
        cls.case.action_generate_plan()
        cls.line_nr = cls.case.line_ids.filtered(lambda l: l.item_id.number == 7)
        cls.line_ndrc = cls.case.line_ids.filtered(lambda l: l.item_id.number == 2)
        # A case of 包头市 (demo data) and one of a banner of 呼和浩特市.
        cls.other_case = cls.env.ref('investment_agency.case_5_demo')
        cls.hhht_case = cls.env.ref('investment_agency.case_1_demo')
        # Applicants: the enterprise's contact, and another enterprise's.
        cls.applicant = cls._portal_user('t_applicant', cls.company)
        credit_code = '91150100MA0PL2WK87'
        code_taken = cls.env['res.partner'].search([('agency_credit_code', '=', credit_code)])
        other_company = cls.env['res.partner'].create({
            'name': '另一家企业', 'is_company': True,
            'agency_credit_code': credit_code if not code_taken else False})
        cls.other_applicant = cls._portal_user('t_other_applicant', other_company)

    @classmethod
    def _portal_user(cls, login, company):
        contact = cls.env['res.partner'].create({'name': login, 'parent_id': company.id})
        return cls.env['res.users'].create({
            'name': login, 'login': login, 'partner_id': contact.id,
            'groups_id': [(6, 0, [cls.group_portal.id])]})

    def visible(self, user, model='agency.case'):
        return self.env[model].sudo(user).search([])

    def test_agent_works_in_his_region(self):
        agent = self.agent_wuhai2  # same region, not the case's agent
        cases = self.visible(agent)
        self.assertIn(self.case, cases)
        self.assertNotIn(self.other_case, cases)
        self.assertFalse(cases.filtered(
            lambda c: c.region_id != self.region and c.user_id != agent))
        self.case.sudo(agent).write({'description': '补充说明'})
        self.line_nr.sudo(agent).write({'note': '已电话联系'})
        self.assertIn(self.line_nr, self.visible(agent, 'agency.case.line'))
        self.assertIn(self.project, self.visible(agent, 'agency.project'))
        # New cases in his own region only.
        self.create_case(user=agent)
        # A case belongs to its project's region, and projects of other regions are out of
        # reach.
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            self.env['agency.case'].sudo(agent).create({
                'project_id': self.project.id, 'region_id': self.region_chifeng.id,
                'date_applied': '2026-09-01'})
        self.assertIn('must belong to the region of its project', caught.exception.name)
        chifeng_project = self.project.copy({'region_id': self.region_chifeng.id, 'code': False})
        with self.assertRaises(AccessError) as caught, self.cr.savepoint():
            self.env['agency.case'].sudo(agent).create({'project_id': chifeng_project.id})
        self.assertIn('region you do not work in', caught.exception.name)
        # Nothing of another region, neither read nor written.
        self.assertRefused(lambda: self.other_case.sudo(agent).read(['name']),
                           AccessError, CASE_OUT_OF_REACH)
        self.assertRefused(lambda: self.other_case.sudo(agent).write({'description': 'x'}),
                           AccessError, CASE_OUT_OF_REACH)
        self.assertRefused(lambda: self.other_case.line_ids[0].sudo(agent).read(['state']),
                           AccessError, LINE_OUT_OF_REACH)

    def test_agent_adds_and_removes_requested_items_in_the_form(self):
        # An agent creates no catalog item, yet the case form lets him add and remove them.
        agent = self.agent_wuhai2
        self.assertFalse(self.env['agency.item'].sudo(agent).check_access_rights(
            'create', raise_exception=False))
        self.assertEqual(self.list_actions(agent, 'agency.case', 'item_ids'), ('true', 'true'))
        case = self.case.sudo(agent)
        case.write({'item_ids': [(4, self.item[15].id), (3, self.item[2].id)]})
        self.assertEqual(case.item_ids, self.item[7] | self.item[15])
        # The catalog itself stays out of his reach.
        self.assertRefused(lambda: self.item[15].sudo(agent).write({'name': 'x'}),
                           AccessError, NOT_ALLOWED['write'])

    def test_cases_go_to_agents_working_in_their_region(self):
        """An agent works in his region and the regions below it: a case of 乌海市 is not
        given to an agent of 包头市, who would not see it."""
        with self.assertRaises(UserError) as caught, self.cr.savepoint():
            self.case.sudo(self.manager_nmg).write({'user_id': self.agent_baotou.id})
        self.assertIn('is not an agent working in', caught.exception.name)
        self.assertEqual(self.case.user_id, self.agent_wuhai)
        self.assertNotIn(self.case, self.visible(self.agent_baotou))
        self.assertNotIn(self.line_nr, self.visible(self.agent_baotou, 'agency.case.line'))

    def test_liaison_handles_his_department_items(self):
        liaison = self.liaison_wuhai_nr
        self.assertEqual(self.visible(liaison, 'agency.case.line').filtered(
            lambda l: l.case_id == self.case), self.line_nr)
        self.assertFalse(self.visible(liaison, 'agency.case.line').filtered(
            lambda l: l.department_id != self.dept['natural_resources']))
        self.assertRefused(lambda: self.line_ndrc.sudo(liaison).read(['state']),
                           AccessError, LINE_OUT_OF_REACH)
        # He reads the case and the project of his items, without changing them.
        self.assertEqual(self.visible(liaison), self.case)
        self.assertEqual(self.visible(liaison, 'agency.project'), self.project)
        self.assertRefused(lambda: self.case.sudo(liaison).write({'description': 'x'}),
                           AccessError, NOT_ALLOWED['write'])
        # He records the handling of his item.
        self.line_nr.sudo(liaison).action_declare()
        self.line_nr.sudo(liaison).action_accept()
        self.assertEqual(self.line_nr.state, 'accepted')
        self.assertRefused(lambda: self.line_ndrc.sudo(liaison).action_declare(),
                           AccessError, LINE_OUT_OF_REACH)
        self.assertRefused(lambda: self.env['agency.case.line'].sudo(liaison).create({
            'case_id': self.case.id, 'item_id': self.item[8].id,
            'department_id': self.dept['natural_resources'].id}),
            AccessError, NOT_ALLOWED['create'])
        # The menu of his department's items shows exactly these lines.
        action = self.env.ref('investment_agency.action_agency_case_line_department')
        self.assertIn('search_default_my_departments', action.context)
        domain = [('department_id.liaison_user_ids', 'in', [liaison.id]), ('is_open', '=', True)]
        self.assertEqual(self.env['agency.case.line'].sudo(liaison).search(domain), self.line_nr)

    def test_manager_sees_his_region_and_below(self):
        hhht = self.visible(self.manager_hhht)
        self.assertIn(self.hhht_case, hhht)
        self.assertNotIn(self.case, hhht)
        self.assertNotIn(self.other_case, hhht)
        self.assertFalse(hhht.filtered(lambda c: c.region_id.code[:4] != '1501'))
        xincheng_project = self.env['agency.project'].create({
            'name': '新城区项目', 'partner_id': self.company.id, 'region_id': self.region_xincheng.id,
            'address': '新城区', 'total_investment': 100, 'contact_name': '经办人',
            'contact_phone': '13904711234'})
        xincheng_case = self.env['agency.case'].create({
            **SERVICE_PLAN,
            'project_id': xincheng_project.id, 'date_applied': '2026-09-01'})
        self.assertEqual(xincheng_case.region_id, self.region_xincheng)
        self.assertIn(xincheng_case, self.visible(self.manager_hhht))
        # Agents work in their region and the regions below it.
        self.assertIn(xincheng_case, self.visible(self.agent_hhht))
        self.assertIn(xincheng_case, self.visible(self.agent_xincheng))
        self.assertNotIn(self.hhht_case, self.visible(self.agent_xincheng))
        self.assertRefused(lambda: self.case.sudo(self.manager_hhht).write({'description': 'x'}),
                           AccessError, CASE_OUT_OF_REACH)
        # The manager of the autonomous region sees every case.
        self.assertEqual(self.visible(self.manager_nmg), self.env['agency.case'].search([]))
        self.case.sudo(self.manager_nmg).write({'description': '自治区督办'})

    def test_applicant_sees_his_enterprise_cases_only(self):
        applicant = self.applicant
        self.assertEqual(self.visible(applicant), self.case)
        self.assertEqual(self.visible(applicant, 'agency.case.line'), self.case.line_ids)
        self.assertEqual(self.visible(applicant, 'agency.project'), self.project)
        # Applicants speak the database's language (zh_CN).
        self.assertEqual(applicant.lang, 'zh_CN')
        not_allowed = '对不起，你没有修改此文档的权限。'
        self.assertRefused(lambda: self.case.sudo(applicant).write({'description': 'x'}),
                           AccessError, not_allowed, '(单据模型: agency.case)')
        self.assertRefused(lambda: self.line_nr.sudo(applicant).write({'note': 'x'}),
                           AccessError, not_allowed, '(单据模型: agency.case.line)')
        self.assertFalse(self.visible(self.other_applicant))
        self.assertRefused(lambda: self.case.sudo(self.other_applicant).read(['name']),
                           AccessError, '此代办件不在您的工作范围内：')
        self.assertRefused(lambda: self.line_nr.sudo(self.other_applicant).read(['state']),
                           AccessError, '此办理事项不在您的工作范围内：')

    def test_plain_employee_sees_nothing(self):
        for model in ('agency.case', 'agency.case.line', 'agency.project', 'agency.meeting'):
            self.assertRefused(lambda: self.env[model].sudo(self.plain_user).search([]),
                               AccessError, NOT_ALLOWED['read'], '(Document model: %s)' % model)

    def test_meetings(self):
        meeting = self.env['agency.meeting'].sudo(self.agent_wuhai).create({
            'name': '用地问题会商联审', 'region_id': self.region.id,
            'date_start': '2026-10-10 02:00:00', 'place': '乌海市政务服务中心',
            'case_ids': [(6, 0, self.case.ids)], 'line_ids': [(6, 0, self.line_nr.ids)],
            'department_ids': [(6, 0, self.dept['natural_resources'].ids)]})
        meeting.action_plan()
        self.assertEqual(meeting.state, 'planned')
        event = meeting.calendar_event_id
        self.assertTrue(event)
        self.assertIn(self.liaison_wuhai_nr.partner_id, event.partner_ids)
        self.assertIn(self.agent_wuhai.partner_id, event.partner_ids)
        meeting.write({'decision_ids': [(0, 0, {
            'name': '自然资源局3个工作日内出具预审意见', 'department_id': self.dept['natural_resources'].id,
            'user_id': self.liaison_wuhai_nr.id, 'case_id': self.case.id,
            'date_deadline': '2026-10-15'})]})
        self.assertRefused(meeting.action_held, UserError,  # no minutes yet
                           'Write the minutes of the meeting first.')
        meeting.minutes = '<p>会议纪要</p>'
        meeting.action_held()
        decision = meeting.decision_ids
        self.assertEqual(decision.activity_id.user_id, self.liaison_wuhai_nr)
        self.assertEqual(decision.activity_id.date_deadline, '2026-10-15')
        # The liaison agent sees the meeting of his department and carries out the decision.
        self.assertIn(meeting, self.visible(self.liaison_wuhai_nr, 'agency.meeting'))
        self.assertRefused(lambda: meeting.sudo(self.liaison_wuhai_nr).write({'place': 'x'}),
                           AccessError, NOT_ALLOWED['write'])
        decision.activity_id.sudo(self.liaison_wuhai_nr).action_feedback('已出具')
        self.assertEqual(decision.state, 'done')
        # Not seen by another region's agent.
        self.assertNotIn(meeting, self.visible(self.agent_baotou, 'agency.meeting'))

    def test_administrator_without_region_sees_everything(self):
        admin = self._create_user('t_admin2', self.env.ref('base.group_system'), False)
        self.assertEqual(self.visible(admin), self.env['agency.case'].search([]))
        self.assertIn(self.line_nr, self.visible(admin, 'agency.case.line'))
        self.case.sudo(admin).write({'description': '管理员核查'})
