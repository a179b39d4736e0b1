"""The enquiry register (业务咨询, 首问负责): registering, the first-asked agent, the
follow-up activity, the conversion into a case, the figures of the dashboard and of the
monthly report, and who may do what over HTTP."""
from lxml import etree

from odoo.exceptions import AccessError, UserError

from .common import NOT_ALLOWED, AgencyCaseCommon, AgencyHttpCase, service_today


class EnquiryMixin(object):

    def enquiry(self, user=None, **values):
        vals = {
            'asker_name': '张经理',
            'phone': '13904739876',
            'partner_id': self.company.id,
            'project_id': self.project.id,
            'channel': 'hotline',
            'question': '项目用地预审需要哪些材料?',
        }
        if not user:
            # The superuser is no agent and has no region of his own.
            vals.update(region_id=self.region.id, user_id=self.agent_wuhai.id)
        vals.update(values)
        Enquiry = self.env['agency.enquiry']
        return (Enquiry.sudo(user) if user else Enquiry).create(vals).with_env(self.env)


class TestEnquiry(EnquiryMixin, AgencyCaseCommon):

    def test_register_defaults(self):
        enquiry = self.enquiry(user=self.agent_wuhai).sudo()
        self.assertTrue(enquiry.name.startswith('ZX-'), enquiry.name)
        self.assertEqual(enquiry.state, 'open')
        self.assertEqual(enquiry.user_id, self.agent_wuhai)
        self.assertEqual(enquiry.region_id, self.region)
        self.assertEqual(enquiry.date_asked, self.region._get_calendar().agency_today())
        self.assertEqual(enquiry.enterprise_name, self.company.name)
        self.assertIn(self.agent_wuhai.partner_id, enquiry.message_partner_ids)
        other = self.enquiry(user=self.agent_wuhai, partner_id=False, project_id=False,
                             enterprise_name='乌海某公司')
        self.assertNotEqual(other.name, enquiry.name)
        self.assertEqual(other.enterprise_name, '乌海某公司')

    def test_constraints(self):
        today = service_today(self.env)
        agent = self.agent_wuhai  # speaks en_US (the superuser reads Chinese)
        self.assertInvalid(lambda: self.enquiry(user=agent, phone='139047'),
                           '"139047" is not a valid phone number')
        self.assertInvalid(
            lambda: self.enquiry(user=agent, date_asked='2026-09-10',
                                 date_followup='2026-09-09'),
            'cannot be before the date it was asked (2026-09-10)')
        enquiry = self.enquiry(user=agent).sudo(agent)
        self.assertInvalid(enquiry.action_mark_answered,
                           'cannot be marked answered without its answer')
        enquiry.answer = '请准备用地预审申请表和项目选址资料。'
        enquiry.action_mark_answered()
        self.assertEqual(enquiry.state, 'answered')
        self.assertInvalid(lambda: enquiry.write({'answer': ' '}),
                           'cannot be marked answered without its answer')
        # Every problem of a save at once.
        self.assertInvalid(lambda: self.enquiry(user=agent, phone='1', date_asked=today,
                                                date_followup='2020-01-01'),
                           '"1" is not a valid phone number', 'cannot be before the date')
        # The first-asked agent works in the enquiry's region (or above it).
        self.assertInvalid(lambda: self.enquiry(user=self.manager_wuhai,
                                                user_id=self.agent_baotou.id),
                           'is not an agent working in')
        # The project is the enterprise's.
        other = self.env['res.partner'].create({'name': '乌海另一公司', 'is_company': True})
        self.assertInvalid(lambda: self.enquiry(user=agent, partner_id=other.id),
                           'belongs to another enterprise')

    def test_only_a_manager_changes_the_first_asked_agent(self):
        self.assertRefused(lambda: self.enquiry(user=self.agent_wuhai,
                                                user_id=self.agent_wuhai2.id),
                           AccessError, 'Only a manager can change the first-asked agent')
        enquiry = self.enquiry(user=self.agent_wuhai)
        self.assertRefused(lambda: enquiry.sudo(self.agent_wuhai).write(
            {'user_id': self.agent_wuhai2.id}), AccessError, 'Only a manager can change')
        self.assertRefused(lambda: enquiry.sudo(self.agent_wuhai2).write(
            {'user_id': self.agent_wuhai2.id}), AccessError, 'Only a manager can change')
        # Writing the same agent again is no change.
        enquiry.sudo(self.agent_wuhai).write({'user_id': self.agent_wuhai.id,
                                              'answer': '已电话答复'})
        enquiry.sudo(self.manager_wuhai).write({'user_id': self.agent_wuhai2.id})
        self.assertEqual(enquiry.user_id, self.agent_wuhai2)
        tracked = enquiry.message_ids.mapped('tracking_value_ids').filtered(
            lambda value: value.field == 'user_id' and value.old_value_char)
        self.assertEqual((tracked.old_value_char, tracked.new_value_char),
                         (self.agent_wuhai.name, self.agent_wuhai2.name))
        self.assertIn(self.agent_wuhai2.partner_id, enquiry.message_partner_ids)
        # A manager names an agent of his region (or of a region above), no one else.
        self.assertInvalid(lambda: enquiry.sudo(self.manager_wuhai).write(
            {'user_id': self.agent_baotou.id}), 'is not an agent working in')

    def test_followup_activity(self):
        first = self.enquiry(user=self.agent_wuhai, date_followup='2099-01-05')
        second = self.enquiry(user=self.agent_wuhai)
        activity = first.followup_activity_id
        self.assertEqual((activity.user_id, activity.date_deadline, activity.res_id),
                         (self.agent_wuhai, '2099-01-05', first.id))
        self.assertEqual(activity.activity_type_id,
                         self.env.ref('investment_agency.activity_type_enquiry_followup'))
        self.assertFalse(second.followup_activity_id)
        # Set-based: both written at once; the first's activity moves, the second gets one.
        (first | second).sudo(self.agent_wuhai).write({'date_followup': '2099-02-01'})
        self.assertEqual(first.followup_activity_id, activity)
        self.assertEqual(activity.date_deadline, '2099-02-01')
        self.assertEqual(second.followup_activity_id.date_deadline, '2099-02-01')
        # A new first-asked agent gets the activity.
        first.sudo(self.manager_wuhai).write({'user_id': self.agent_wuhai2.id})
        self.assertEqual(activity.user_id, self.agent_wuhai2)
        # Closed: the activity is done (gone from the to-do, kept in the chatter).
        first.sudo(self.agent_wuhai2).action_close()
        self.assertFalse(activity.exists())
        self.assertFalse(first.followup_activity_id)
        self.assertEqual(first.state, 'closed')
        first.sudo(self.agent_wuhai2).action_reopen()
        self.assertEqual(first.state, 'open')
        self.assertEqual(first.followup_activity_id.date_deadline, '2099-02-01')
        # No follow-up date, no activity.
        second.sudo(self.agent_wuhai).write({'date_followup': False})
        self.assertFalse(second.followup_activity_id)

    def test_enquiry_turned_into_a_case_keeps_its_first_asked_agent(self):
        enquiry = self.enquiry(user=self.agent_wuhai, date_followup='2099-01-05',
                               answer='可以委托代办帮办。')
        # The manager hands the enquiry to another agent: he stays responsible for it.
        enquiry.sudo(self.manager_wuhai).write({'user_id': self.agent_wuhai2.id})
        action = enquiry.sudo(self.manager_wuhai).action_convert_to_case()
        case = enquiry.case_id
        self.assertTrue(case)
        self.assertEqual((action['res_model'], action['res_id']), ('agency.case', case.id))
        self.assertEqual(case.user_id, self.agent_wuhai2)
        self.assertEqual(enquiry.user_id, self.agent_wuhai2)
        self.assertEqual(enquiry.state, 'converted')
        self.assertEqual(case.enquiry_ids, enquiry)
        self.assertEqual((case.project_id, case.region_id, case.channel),
                         (self.project, self.region, 'hotline'))
        self.assertTrue(case.name.startswith('BNB-150300-'), case.name)
        self.assertIn(enquiry.question, case.description)
        self.assertIn('可以委托代办帮办。', case.description)
        self.assertTrue([message for message in enquiry.message_ids
                         if case.name in (message.body or '')])
        self.assertTrue([message for message in case.message_ids
                         if enquiry.name in (message.body or '')])
        self.assertFalse(enquiry.followup_activity_id)
        # Once only.
        self.assertRefused(enquiry.sudo(self.manager_wuhai).action_convert_to_case, UserError,
                           'was converted into case %s already' % case.name)
        self.assertEqual(self.env['agency.case'].search_count([('enquiry_ids', 'in', enquiry.ids)]),
                         1)
        self.assertRefused(enquiry.sudo(self.manager_wuhai).unlink, UserError,
                           'became a case: it cannot be deleted')

    def test_agent_converts_his_own_enquiry(self):
        enquiry = self.enquiry(user=self.agent_wuhai)
        enquiry.sudo(self.agent_wuhai).action_convert_to_case()
        self.assertEqual(enquiry.case_id.user_id, self.agent_wuhai)
        # Another agent may not make a case of an enquiry he was not asked first.
        other = self.enquiry(user=self.agent_wuhai)
        self.assertRefused(other.sudo(self.agent_wuhai2).action_convert_to_case, AccessError,
                           'Only a manager can assign a case to an agent.')
        self.assertFalse(other.case_id)

    def test_conversion_needs_a_project_and_an_active_enquiry(self):
        enquiry = self.enquiry(user=self.agent_wuhai, project_id=False)
        self.assertRefused(enquiry.sudo(self.agent_wuhai).action_convert_to_case, UserError,
                           'Choose the investment project of enquiry')
        enquiry.sudo(self.agent_wuhai).action_close()
        self.assertRefused(enquiry.sudo(self.agent_wuhai).action_convert_to_case, UserError,
                           'is closed: reopen it first')

    def test_state_and_case_only_through_the_actions(self):
        enquiry = self.enquiry(user=self.agent_wuhai)
        case = self.create_case()
        for vals in ({'state': 'converted'}, {'case_id': case.id}, {'name': 'ZX-1'}):
            self.assertRefused(lambda: enquiry.sudo(self.manager_wuhai).write(vals), UserError,
                               'are set by the actions of the enquiry')
        self.assertRefused(lambda: self.enquiry(user=self.agent_wuhai, state='answered',
                                                answer='x'), UserError,
                           'are set by the actions of the enquiry')
        self.assertRefused(lambda: case.sudo(self.manager_wuhai).write(
            {'enquiry_ids': [(4, enquiry.id)]}), UserError, 'are set by the actions of the enquiry')
        self.assertEqual((enquiry.state, enquiry.case_id), ('open', case.browse()))

    def test_views(self):
        """The views load for agents and managers; only a manager's form lets him change
        the first-asked agent."""
        for user, readonly in ((self.agent_wuhai, '1'), (self.manager_wuhai, '0')):
            Enquiry = self.env['agency.enquiry'].sudo(user)
            for view_type in ('tree', 'kanban', 'search'):
                self.assertTrue(Enquiry.fields_view_get(view_type=view_type)['arch'])
            form = etree.fromstring(Enquiry.fields_view_get(view_type='form')['arch'])
            self.assertEqual(form.xpath("//field[@name='user_id']")[0].get('readonly'), readonly)
            self.assertTrue(form.xpath("//button[@name='action_convert_to_case']"))

    def test_dashboard_and_monthly_report(self):
        Report = self.env['agency.monthly.report']
        period = self.env['date.range']._agency_current_period()
        today = self.region._get_calendar().agency_today()
        self.enquiry(user=self.agent_wuhai)
        self.enquiry(user=self.agent_wuhai, date_asked=period.date_start)
        self.enquiry(user=self.agent_wuhai).sudo(self.agent_wuhai).action_convert_to_case()
        # Before the period: open, but counted in no period figure.
        old = self.enquiry(user=self.agent_wuhai, date_asked='2020-01-06')
        self.assertEqual(old.state, 'open')
        dashboard = self.env['agency.dashboard'].sudo(self.manager_wuhai).create(
            {'region_id': self.region.id})
        self.assertEqual(dashboard.enquiry_open_count, 3)
        self.assertLessEqual(period.date_start, today)
        self.assertEqual(dashboard.enquiry_period_count, 3)
        action = dashboard.action_open_open_enquiries()
        self.assertEqual(self.env['agency.enquiry'].sudo(self.manager_wuhai).search_count(
            action['domain']), 3)
        report = Report.sudo(self.manager_wuhai).create({'region_id': self.region.id,
                                                         'period_id': period.id})
        report.action_update_figures()
        self.assertEqual((report.enquiry_count, report.enquiry_converted_count), (3, 1))
        rows = dict(self.env['report.investment_agency.report_monthly_report_document']
                    ._figure_rows(report))
        self.assertEqual((rows['本期业务咨询(件)'], rows['其中:转为代办帮办项目(件)']), (3, 1))


class TestEnquiryOverHttp(AgencyHttpCase):
    """Who may do what with enquiries, over /web/dataset/call_kw as each role."""

    def setUp(self):
        super(TestEnquiryOverHttp, self).setUp()
        self.env['res.lang'].load_lang('en_US')  # the users read the English messages
        ref = self.env.ref
        self.hhht = ref('investment_agency.region_hohhot')
        self.baotou = ref('investment_agency.region_baotou')
        agent = ref('investment_agency.group_agent')
        manager = ref('investment_agency.group_manager')
        self.agent = self.create_user('enq_agent', agent, self.hhht)
        self.bt_agent = self.create_user('enq_bt_agent', agent, self.baotou)
        self.manager = self.create_user('enq_manager', manager, self.hhht)
        self.nmg_manager = self.create_user('enq_nmg_manager', manager,
                                            ref('investment_agency.region_nmg'))
        self.bt_manager = self.create_user('enq_bt_manager', manager, self.baotou)
        self.liaison = self.create_user('enq_liaison', ref('investment_agency.group_liaison'),
                                        self.hhht)
        self.portal = self.create_user('enq_portal', ref('base.group_portal'))
        self.demo = ref('investment_agency.enquiry_1_demo')          # 呼和浩特市
        self.project = ref('investment_agency.project_p2_demo')      # 呼和浩特市

    def values(self, **changes):
        values = {'asker_name': '周宇', 'phone': '0471-3926600', 'channel': 'window',
                  'question': '能否容缺受理?', 'project_id': self.project.id,
                  'partner_id': self.project.partner_id.id}
        values.update(changes)
        return values

    def test_agents_and_managers_of_the_region(self):
        self.login(self.agent)
        enquiry_id, failure = self.call_kw('agency.enquiry', 'create', [self.values()])
        self.assertIsNone(failure, failure)
        enquiry = self.env['agency.enquiry'].browse(enquiry_id)
        self.assertEqual((enquiry.user_id, enquiry.region_id), (self.agent, self.hhht))
        result, failure = self.call_kw('agency.enquiry', 'read', [[self.demo.id], ['question']])
        self.assertIsNone(failure, failure)
        self.assertEqual(result[0]['question'], self.demo.question)
        # Not in another region, not for another agent, not the state.
        self.assertRpcRefused('agency.enquiry', 'create',
                              [self.values(region_id=self.baotou.id, project_id=False,
                                           partner_id=False)],
                              error='ValidationError', message='is not an agent working in')
        self.assertRpcRefused('agency.enquiry', 'create', [self.values(
            project_id=self.env.ref('investment_agency.case_5_demo').project_id.id,
            partner_id=False)], error='AccessError', message='is outside your reach')
        self.assertRpcRefused('agency.enquiry', 'write',
                              [[enquiry_id], {'user_id': self.manager.id}],
                              error='AccessError',
                              message='Only a manager can change the first-asked agent')
        self.assertRpcRefused('agency.enquiry', 'write', [[enquiry_id], {'state': 'closed'}],
                              error='UserError', message='are set by the actions of the enquiry')
        self.assertRpcRefused('agency.enquiry', 'unlink', [[enquiry_id]],
                              error='AccessError', message=NOT_ALLOWED['unlink'])
        # One click: the case of the project, the agent as its agent.
        action, failure = self.call_kw('agency.enquiry', 'action_convert_to_case', [[enquiry_id]])
        self.assertIsNone(failure, failure)
        case = self.env['agency.case'].browse(action['res_id'])
        self.assertEqual((case.user_id, case.project_id, enquiry.case_id),
                         (self.agent, self.project, case))
        self.assertRpcRefused('agency.enquiry', 'action_convert_to_case', [[enquiry_id]],
                              error='UserError', message='already')
        # The manager of the region, and the one above it, change the first-asked agent.
        for manager in (self.manager, self.nmg_manager):
            self.login(manager)
            _result, failure = self.call_kw('agency.enquiry', 'write',
                                            [[self.demo.id], {'user_id': self.agent.id}])
            self.assertIsNone(failure, failure)
            self.assertEqual(self.demo.user_id, self.agent)

    def test_other_regions_are_refused(self):
        # A manager of 呼和浩特 names no enquiry of 包头, even to one of its agents.
        self.login(self.manager)
        self.assertRpcRefused('agency.enquiry', 'create', [self.values(
            region_id=self.baotou.id, user_id=self.bt_agent.id, project_id=False,
            partner_id=False)], error='AccessError', message='is outside your reach')
        for user in (self.bt_agent, self.bt_manager):
            self.login(user)
            self.assertRpcRefused('agency.enquiry', 'read', [[self.demo.id], ['question']],
                                  error='AccessError', message='is outside your reach')
            self.assertRpcRefused('agency.enquiry', 'write',
                                  [[self.demo.id], {'answer': '别处的答复'}],
                                  error='AccessError', message='is outside your reach')
            result, failure = self.call_kw('agency.enquiry', 'search',
                                           [[('id', '=', self.demo.id)]])
            self.assertEqual((result, failure), ([], None))
        self.assertFalse(self.demo.answer)

    def test_liaison_agents_and_applicants_have_no_access(self):
        for user in (self.liaison, self.portal):
            self.login(user)
            self.assertRpcRefused('agency.enquiry', 'search_read',
                                  [[('id', '=', self.demo.id)], ['question']],
                                  error='AccessError', message=NOT_ALLOWED['read'])
            self.assertRpcRefused('agency.enquiry', 'create', [self.values()],
                                  error='AccessError', message=NOT_ALLOWED['create'])
            self.assertRpcRefused('agency.enquiry', 'action_convert_to_case', [[self.demo.id]],
                                  error='AccessError', message=NOT_ALLOWED['write'])
        # The case a liaison agent reads does not list its enquiries.
        self.login(self.liaison)
        result, failure = self.call_kw('agency.case', 'fields_get', [], {'attributes': ['type']})
        self.assertIsNone(failure, failure)
        self.assertNotIn('enquiry_ids', result)
        self.assertFalse(self.demo.case_id)
