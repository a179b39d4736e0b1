"""The trust boundary, attacked over HTTP as each role would: JSON-RPC calls to
/web/dataset/call_kw with hostile values and contexts. Each attack is refused, with its
message in Chinese where a person reads it, and nothing is written.

The users speak Chinese (zh_CN, the database's language): the refusals they read are
the module's translations.
"""
from odoo import fields

from .common import AgencyHttpCase, recompute


CONTACT_OUT_OF_REACH = '此联系人不在您的工作范围内：您办理本地区及下级地区的记录'


class TrustBoundaryCommon(AgencyHttpCase):

    def setUp(self):
        super(TrustBoundaryCommon, self).setUp()
        ref = self.env.ref
        self.hhht = ref('investment_agency.region_hohhot')
        self.baotou = ref('investment_agency.region_baotou')
        self.saihan = self.env['agency.region'].search([('code', '=', '150105')]) or \
            self.env['agency.region'].create({
                'name': '赛罕区', 'code': '150105', 'level': 'county',
                'parent_id': self.hhht.id, 'bureau_name': '赛罕区政务服务局'})
        self.env['agency.region']._create_missing_departments(self.saihan)
        agent = ref('investment_agency.group_agent')
        manager = ref('investment_agency.group_manager')
        liaison = ref('investment_agency.group_liaison')
        self.agent = self.create_user('tb_agent', agent, self.hhht, lang='zh_CN')
        self.bt_agent = self.create_user('tb_bt_agent', agent, self.baotou, lang='zh_CN')
        self.manager = self.create_user('tb_manager', manager, self.hhht, lang='zh_CN')
        self.bt_manager = self.create_user('tb_bt_manager', manager, self.baotou, lang='zh_CN')
        self.case = ref('investment_agency.case_1_demo')          # 呼和浩特市, declaring
        self.done_case = ref('investment_agency.case_4_demo')     # 呼和浩特市, completed
        self.bt_case = ref('investment_agency.case_5_demo')       # 包头市, declaring
        self.bt_project = self.bt_case.project_id
        self.red_line = self.case.line_ids.filtered(lambda line: line.light == 'red')[:1] or \
            self.case.line_ids.filtered(lambda line: line.state == 'accepted')[:1]
        self.liaison = self.create_user('tb_liaison', liaison, self.hhht, lang='zh_CN')
        self.liaison.agency_department_ids = [(6, 0, self.red_line.department_id.ids)]
        self.case.write({'user_id': self.agent.id})
        self.bt_case.write({'user_id': self.bt_agent.id})

    def snapshot(self, record, names):
        self.refresh()
        return {name: record[name] for name in names}


class TestTrustBoundary(TrustBoundaryCommon):
    """The rows of the trust-boundary review, each attacked as the role that tried it."""

    # 1 -------------------------------------------------------------- foreign projects

    def test_agent_cannot_point_a_case_at_a_foreign_project(self):
        self.login(self.agent)
        before = self.case.project_id
        self.assertRpcRefused('agency.case', 'write',
                              [[self.case.id], {'project_id': self.bt_project.id}],
                              error='AccessError', message='不在您工作的地区')
        self.assertRpcRefused('agency.case', 'create', [{'project_id': self.bt_project.id}],
                              error='AccessError', message='不在您工作的地区')
        self.assertEqual(self.case.project_id, before)
        self.assertFalse(self.env['agency.case'].search([('project_id', '=', self.bt_project.id),
                                                         ('region_id', '=', self.hhht.id)]))
        # The foreign project and its enterprise stay out of reach.
        self.assertRpcRefused('agency.project', 'read', [[self.bt_project.id], ['name']],
                              error='AccessError', message='此投资项目不在您的工作范围内：')
        enterprise = self.bt_project.partner_id
        phone = enterprise.phone
        self.assertRpcRefused('res.partner', 'write', [[enterprise.id], {'phone': '13900000000'}],
                              error='AccessError', message=CONTACT_OUT_OF_REACH)
        self.assertRpcRefused('res.partner', 'read', [[enterprise.id], ['phone']],
                              error='AccessError', message=CONTACT_OUT_OF_REACH)
        self.assertEqual(self.snapshot(enterprise, ['phone'])['phone'], phone)

    # 2 -------------------------------------------------------------- region moves

    def test_region_changes_only_through_a_transfer(self):
        self.login(self.bt_agent)
        self.assertRpcRefused('agency.case', 'write',
                              [[self.bt_case.id], {'region_id': self.hhht.id}],
                              error='UserError', message='案件只能随其项目通过移交转至其他地区的'
                              '政务服务局，不能直接更改所属地区。')
        self.assertRpcRefused('agency.project', 'write',
                              [[self.bt_project.id], {'region_id': self.hhht.id}],
                              error='UserError', message='项目只能通过移交转至其他地区的政务服务局，'
                              '不能直接更改所属地区。')
        self.assertEqual(self.bt_case.region_id, self.baotou)
        self.assertEqual(self.bt_project.region_id, self.baotou)
        # An agent asks no transfer; a manager of 包头 asks, one of 呼和浩特 accepts.
        self.assertRpcRefused('agency.transfer', 'create', [{
            'project_id': self.bt_project.id, 'region_to_id': self.hhht.id, 'reason': 'x'}],
            error='AccessError', message='对不起，你没有创建这种类型的文档的权限。')
        self.login(self.bt_manager)
        transfer_id, failure = self.call_kw('agency.transfer', 'create', [{
            'project_id': self.bt_project.id, 'region_to_id': self.hhht.id,
            'reason': '项目实际由呼和浩特市统筹推进'}])
        self.assertIsNone(failure)
        transfer = self.env['agency.transfer'].browse(transfer_id)
        self.assertEqual(transfer.state, 'requested')
        # The one who asked cannot accept for the other region.
        self.assertRpcRefused('agency.transfer', 'action_accept', [[transfer_id]],
                              error='AccessError',
                              message='只有呼和浩特市或其上级地区的负责人才能接收或拒绝此次移交。')
        self.login(self.manager)
        _result, failure = self.call_kw('agency.transfer', 'action_accept', [[transfer_id]])
        self.assertIsNone(failure, failure)
        self.assertEqual((self.bt_project.region_id, self.bt_case.region_id),
                         (self.hhht, self.hhht))
        self.assertEqual(set(self.bt_case.line_ids.mapped('region_id')), {self.hhht})
        for line in self.bt_case.line_ids.filtered(lambda line: line.state == 'todo'):
            self.assertEqual(line.department_id.region_id, self.hhht)
        self.assertTrue([message for message in self.bt_case.message_ids
                         if '移交至呼和浩特市' in (message.body or '')])

    # 3 -------------------------------------------------------------- enterprises

    def test_enterprises_by_region(self):
        self.login(self.agent)
        own = self.case.project_id.partner_id
        foreign = self.bt_project.partner_id
        ids, failure = self.call_kw('res.partner', 'search',
                                    [[('agency_credit_code', '!=', False)]])
        self.assertIsNone(failure)
        self.assertIn(own.id, ids)
        self.assertNotIn(foreign.id, ids)
        # A registered enterprise is found by its exact credit code, its name only.
        found, failure = self.call_kw('res.partner', 'name_search', [foreign.agency_credit_code])
        self.assertEqual(found[0][0], foreign.id)
        self.assertIn(foreign.name, found[0][1])
        # Its own enterprise: read, written, and the change tracked.
        _result, failure = self.call_kw('res.partner', 'write',
                                        [[own.id], {'phone': '0471-6900001'}])
        self.assertIsNone(failure, failure)
        self.assertEqual(own.phone, '0471-6900001')
        self.assertIn('0471-6900001',
                      ' '.join(own.message_ids.mapped('tracking_value_ids.new_value_char')))
        # An applicant's contact data of another region: refused.
        contact = self.env['res.partner'].create({'name': '包头经办人', 'parent_id': foreign.id,
                                                  'email': 'bt@example.com'})
        self.sync()
        self.assertRpcRefused('res.partner', 'read', [[contact.id], ['email']], error='AccessError',
                              message=CONTACT_OUT_OF_REACH)

    # 4 -------------------------------------------------------------- gates on data

    def test_gates_decide_on_data_not_on_context(self):
        self.login(self.agent)
        terminated = self.env.ref('investment_agency.stage_terminated')
        hostile = {'agency_reopen': True, 'agency_termination': True,
                   'agency_completion': True, 'install_mode': True}
        self.assertRpcRefused('agency.case', 'write',
                              [[self.done_case.id], {'stage_id': terminated.id}],
                              context=hostile, error='UserError',
                              message='代办件%s已结束，不能变更办理环节。' % self.done_case.name)
        set_by_actions = '以下内容由案件的操作（向导和按钮）设置，不能直接修改：'
        self.assertRpcRefused('agency.case', 'write', [[self.case.id], {
            'stage_id': terminated.id, 'termination_reason': 'other', 'date_terminated':
            fields.Date.today()}], context=hostile, error='UserError',
            message=set_by_actions + '终止原因, 终止日期。')
        self.assertRpcRefused('agency.case', 'write',
                              [[self.done_case.id], {'date_done': '2026-01-01'}],
                              context=hostile, error='UserError',
                              message=set_by_actions + '办结日期。')
        self.assertRpcRefused('agency.case', '_terminate', [[self.case.id], 'other'],
                              context=hostile, error='AccessError',
                              message='私有方法 (比如 _terminate) 不能远程调用。')
        self.assertEqual((self.done_case.flow_step, self.case.flow_step), ('evaluate', 'declare'))
        # A started item is not deleted, a new one does not start as done.
        started = self.case.line_ids.filtered(lambda line: line.state != 'todo')[:1]
        self.assertRpcRefused('agency.case.line', 'unlink', [started.ids],
                              context={'agency_case_unlink': True}, error='UserError',
                              message='已申报的事项保留在计划中，请改为撤回。')
        self.assertTrue(started.exists())
        self.assertRpcRefused('agency.case.line', 'create', [{
            'case_id': self.case.id, 'item_id': started.item_id.id,
            'department_id': started.department_id.id, 'state': 'done'}],
            context=hostile, error='UserError', message='申报计划中新增的事项，初始状态为“待申报”。')

    def test_submitted_report_stays_frozen(self):
        report = self.env['agency.monthly.report'].search([('state', '=', 'submitted')], limit=1)
        self.assertTrue(report, 'the demo has a submitted report')
        manager = self.create_user('tb_report_manager',
                                   self.env.ref('investment_agency.group_manager'),
                                   report.region_id, lang='zh_CN')
        self.login(manager)
        summary = report.summary
        self.assertRpcRefused('agency.monthly.report', 'write', [[report.id], {'summary': '改过的'}],
                              context={'agency_report_freeze': True}, error='UserError',
                              message='%s已报送，不能再修改。' % report.name)
        self.assertRpcRefused('agency.monthly.report', 'write', [[report.id], {'state': 'draft'}],
                              context={'agency_report_freeze': True}, error='UserError',
                              message='工作进展情况只能通过“报送”按钮报送。')
        self.assertEqual(self.snapshot(report, ['summary', 'state']),
                         {'summary': summary, 'state': 'submitted'})

    # 5 -------------------------------------------------------------- the department's clock

    def test_department_cannot_move_its_own_clock(self):
        line = self.red_line
        # The clock as of this service day (the demo's stored one is of the day it was
        # installed: before 16:00 UTC that is Beijing's yesterday in the evening).
        recompute(line, 'working_days_used')
        names = ['paused_days', 'committed_days', 'escalation_level', 'alerted_light',
                 'date_accepted', 'deadline', 'light', 'working_days_used', 'procedure_days']
        before = self.snapshot(line, names)
        self.login(self.liaison)
        set_by_actions = '以下内容由事项的操作（申报、受理、补正、办结）和公布的事项清单确定，不能直接修改：'
        computed = '以下内容由系统计算，不能直接修改：'
        for values, message in (({'paused_days': 120}, set_by_actions + '暂停计时工作日。'),
                                ({'committed_days': 200}, set_by_actions + '承诺时限。'),
                                ({'escalation_level': 0}, set_by_actions + '督办级别。'),
                                ({'alerted_light': 'green'}, set_by_actions + '已提醒预警灯。'),
                                ({'date_accepted': '2026-11-01'}, set_by_actions + '受理日期。'),
                                ({'deadline': '2027-03-09'}, computed + '截止日期。'),
                                ({'light': 'green'}, computed + '预警灯。'),
                                ({'working_days_used': 0}, computed + '已用工作日。'),
                                ({'procedure_days': 90}, computed + '特别程序工作日。')):
            self.assertRpcRefused('agency.case.line', 'write', [line.ids, values],
                                  context={'install_mode': True}, error='UserError',
                                  message=message)
        self.assertEqual(self.snapshot(line, names), before)
        # A special procedure: the department asks, only a manager of the region approves.
        procedure_id, failure = self.call_kw('agency.line.procedure', 'create', [{
            'line_id': line.id, 'kind': 'expert_review', 'reason': '需组织专家评审',
            'expected_days': 10}])
        self.assertIsNone(failure, failure)
        self.assertRpcRefused('agency.line.procedure', 'action_approve', [[procedure_id]],
                              error='AccessError',
                              message='只有呼和浩特市或其上级地区的负责人才能决定特别程序。')
        self.assertRpcRefused('agency.line.procedure', 'write',
                              [[procedure_id], {'state': 'approved'}],
                              error='UserError', message='特别程序只能通过按钮批准、拒绝或结束。')
        self.assertEqual(self.snapshot(line, names), before)
        self.login(self.bt_manager)
        self.assertRpcRefused('agency.line.procedure', 'action_approve', [[procedure_id]],
                              error='AccessError', message='此事项特别程序不在您的工作范围内：')
        self.login(self.manager)
        _result, failure = self.call_kw('agency.line.procedure', 'action_approve',
                                        [[procedure_id]])
        self.assertIsNone(failure, failure)
        self.assertEqual(line.procedure_days, 10)
        self.assertGreater(line.deadline, before['deadline'])
        self.assertIn('专家评审', self.case.message_ids[0].body)

    # 6 -------------------------------------------------------------- escaped values

    def test_values_in_the_chatter_are_escaped(self):
        line = self.red_line
        self.login(self.liaison)
        _result, failure = self.call_kw('agency.case.line', 'write', [line.ids, {
            'result_number': '<a href="http://evil.example/login">登录</a>'}])
        self.assertIsNone(failure, failure)
        body = self.case.message_ids[0].body
        self.assertNotIn('<a href="http://evil.example', body)
        self.assertIn('&lt;a href=', body)

    # 7 -------------------------------------------------------------- activities

    def test_activities_follow_the_record(self):
        activity = self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get('agency.case').id,
            'res_id': self.case.id, 'summary': '超期督办 呼和浩特市', 'user_id': self.manager.id,
            'date_deadline': fields.Date.today()})
        self.sync()
        self.login(self.bt_agent)
        found, failure = self.call_kw('mail.activity', 'search_read', [[], ['summary', 'res_name']])
        self.assertIsNone(failure, failure)
        self.assertNotIn(activity.id, [row['id'] for row in found])
        self.assertFalse([row for row in found if row['res_name'] == self.case.name])
        self.assertRpcRefused('mail.activity', 'read', [[activity.id], ['summary']],
                              error='AccessError', message='该待办事项所属的记录您无权查看。')
        count, failure = self.call_kw('mail.activity', 'search_count', [[('id', '=', activity.id)]])
        self.assertEqual(count, 0)
        self.login(self.agent)
        found, failure = self.call_kw('mail.activity', 'read', [[activity.id], ['summary']])
        self.assertIsNone(failure, failure)

    # 8 -------------------------------------------------------------- values no column holds

    def test_unstorable_values_are_refused(self):
        self.login(self.agent)
        project = self.case.project_id
        investment = project.total_investment
        for raw in ('NaN', 'Infinity', '-Infinity'):
            body = ('{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {'
                    '"model": "agency.project", "method": "write", "args": [[%d], '
                    '{"total_investment": %s}], "kwargs": {}}}' % (project.id, raw))
            _result, failure = self.call_kw('agency.project', 'write', raw=body)
            self.assertIsNotNone(failure, raw)
            self.assertIn('投资', failure['message'])
        out_of_range = '“%s”的投资总额必须大于0且不超过100,000,000（万元）。' % project.name
        for value, message in (('nan', '投资总额（万元）：nan不是有效的数字。'),
                               ('inf', '投资总额（万元）：inf不是有效的数字。'),
                               (1e20, out_of_range), (-5, out_of_range)):
            self.assertRpcRefused('agency.project', 'write',
                                  [[project.id], {'total_investment': value}],
                                  error='ValidationError', message=message)
        self.assertEqual(self.snapshot(project, ['total_investment'])['total_investment'],
                         investment)
        self.assertRpcRefused('agency.case', 'write', [[self.case.id], {'description': 'a\x00b'}],
                              error='ValidationError', message='空字符')
        deep = '{"jsonrpc": "2.0", "method": "call", "params": %s}' % ('[' * 2000 + ']' * 2000)
        _result, failure = self.call_kw('agency.case', 'read', raw=deep)
        self.assertEqual(failure['status'], 400)

    # 9 -------------------------------------------------------------- meetings

    def test_meetings_only_where_the_user_works(self):
        self.login(self.bt_agent)
        departments = self.env['agency.department'].search([('region_id', '=', self.hhht.id)],
                                                           limit=2)
        before = self.env['agency.meeting'].search_count([])
        self.assertRpcRefused('agency.meeting', 'create', [{
            'name': '越权会商', 'region_id': self.hhht.id, 'date_start': '2026-12-01 02:00:00',
            'department_ids': [(6, 0, departments.ids)], 'case_ids': [(6, 0, self.bt_case.ids)]}],
            error='ValidationError', message='呼和浩特市的会商联审只能研究本地区及下辖地区的案件，'
            '不能研究：%s' % self.bt_case.name)
        self.assertRpcRefused('agency.meeting', 'create', [{
            'name': '越权会商', 'region_id': self.baotou.id, 'date_start': '2026-12-01 02:00:00',
            'department_ids': [(6, 0, departments.ids)], 'case_ids': [(6, 0, self.bt_case.ids)]}],
            error='ValidationError', message='包头市的会商联审只能邀请本地区、下辖地区和上级地区的'
            '部门，不能邀请：%s' % ', '.join(departments.mapped('name')))
        self.assertEqual(self.env['agency.meeting'].search_count([]), before)


class TestTrustBoundarySmaller(TrustBoundaryCommon):
    """The smaller holes of the review."""

    def test_agent_cannot_unassign_another_agents_case(self):
        colleague = self.create_user('tb_agent2', self.env.ref('investment_agency.group_agent'),
                                     self.hhht, lang='zh_CN')
        self.login(colleague)
        self.assertRpcRefused('agency.case', 'write', [[self.case.id], {'user_id': False}],
                              error='AccessError', message='只有负责人才能将代办件分派给代办员。')
        self.assertEqual(self.case.user_id, self.agent)
        # A manager cannot give the case to an agent of another region either.
        self.login(self.manager)
        self.assertRpcRefused('agency.case', 'write',
                              [[self.case.id], {'user_id': self.bt_agent.id}],
                              error='UserError', message='%s不是在呼和浩特市工作的代办员，不能将案件'
                              '分派给他。' % self.bt_agent.name)
        self.assertEqual(self.case.user_id, self.agent)

    def test_revoked_api_key_stays_revoked(self):
        key = self.env['agency.api.key'].search([('state', '=', 'active')], limit=1)
        key.action_revoke()
        admin = self.create_user('tb_admin', self.env.ref('base.group_system'), lang='zh_CN')
        self.login(admin)
        by_buttons = '密钥只能通过按钮签发和吊销；已吊销的密钥不能再次启用。'
        self.assertRpcRefused('agency.api.key', 'write', [[key.id], {'state': 'active'}],
                              error='UserError', message=by_buttons)
        self.assertRpcRefused('agency.api.key', 'write', [[key.id], {'date_revoked': False}],
                              error='UserError', message=by_buttons)
        self.assertEqual(key.state, 'revoked')

    def test_portal_reads_published_entries_only(self):
        draft = self.env['agency.item.publication'].create({
            'region_id': self.env.ref('investment_agency.region_wuhai').id,
            'item_id': self.env.ref('investment_agency.item_enterprise_approval').id})
        portal = self.create_user('tb_portal', self.env.ref('base.group_portal'), lang='zh_CN')
        self.login(portal)
        ids, failure = self.call_kw('agency.item.publication', 'search', [[]])
        self.assertIsNone(failure, failure)
        self.assertNotIn(draft.id, ids)
        self.assertRpcRefused('agency.item.publication', 'read', [[draft.id], ['state']],
                              error='AccessError', message='此清单事项不在您的工作范围内：')
