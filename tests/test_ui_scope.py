"""Issue 13, items 3 and 4, over HTTP as the web client calls the server: an agent works
in his region and the regions below it (an agent of 呼和浩特市 registers a project and
opens a case in 赛罕区, and is told in plain Chinese that 包头市 is out of his reach);
the agent picker of a case offers the agents of the case's region tree by workload,
never the administrator; the server refuses any other assignment; the managers'
to-do closes on assignment; what the system writes is signed by the service."""
from stdnum.cn import uscc

from odoo import SUPERUSER_ID

from .common import SERVICE_PLAN, AgencyHttpCase


def credit_code(code17):
    return code17 + uscc.calc_check_digit(code17 + '0')


class TestAgentScope(AgencyHttpCase):

    def setUp(self):
        super(TestAgentScope, self).setUp()
        ref = self.env.ref
        self.hhht = ref('investment_agency.region_hohhot')
        self.baotou = ref('investment_agency.region_baotou')
        Region = self.env['agency.region']
        self.saihan = Region.search([('code', '=', '150105')]) or Region.create({
            'name': '赛罕区', 'code': '150105', 'level': 'county',
            'parent_id': self.hhht.id, 'bureau_name': '赛罕区政务服务局'})
        Region._create_missing_departments(self.saihan)
        self.agent = self.create_user('sc_agent', ref('investment_agency.group_agent'),
                                      self.hhht, lang='zh_CN')

    def project_values(self, enterprise_id, region, **changes):
        values = {
            'name': '赛罕区新能源装备项目', 'partner_id': enterprise_id, 'region_id': region.id,
            'address': '呼和浩特市赛罕区金桥开发区', 'total_investment': 12000,
            'contact_name': '王经办', 'contact_phone': '13904711234', 'category': 'key',
            'is_key_project': True,
        }
        values.update(changes)
        return values

    def test_agent_of_the_city_works_in_its_district(self):
        self.login(self.agent)
        # The region pickers offer his city and its districts, not 包头市.
        regions, error = self.call_kw('agency.region', 'name_search', [], {
            'name': '', 'args': [('in_user_scope', '=', True)], 'limit': 500})
        self.assertIsNone(error)
        offered = {row[0] for row in regions}
        self.assertIn(self.hhht.id, offered)
        self.assertIn(self.saihan.id, offered)
        self.assertNotIn(self.baotou.id, offered)
        # A walk-in enterprise, a project and a case in 赛罕区, and he reads them back.
        enterprise_id, error = self.call_kw('res.partner', 'create', [{
            'name': '赛罕区测试装备有限公司', 'is_company': True,
            'agency_credit_code': credit_code('91150105MA13UR9X6'),
            'agency_legal_representative': '赵法人', 'street': '呼和浩特市赛罕区一路1号',
            'zip': '010020', 'phone': '0471-6612345'}])
        self.assertIsNone(error)
        project_id, error = self.call_kw('agency.project', 'create',
                                         [self.project_values(enterprise_id, self.saihan)])
        self.assertIsNone(error, error)
        rows, error = self.call_kw('agency.project', 'read', [[project_id], ['name', 'region_id']])
        self.assertIsNone(error, error)
        self.assertEqual(rows[0]['region_id'][0], self.saihan.id)
        case_id, error = self.call_kw('agency.case', 'create', [{
            'project_id': project_id, 'region_id': self.saihan.id, 'channel': 'window'}])
        self.assertIsNone(error, error)
        rows, error = self.call_kw('agency.case', 'read', [[case_id], ['name', 'region_id']])
        self.assertIsNone(error, error)
        self.assertEqual(rows[0]['region_id'][0], self.saihan.id)
        # 包头市 stays out of reach, refused in plain Chinese.
        failure = self.assertRpcRefused(
            'agency.project', 'create', [self.project_values(enterprise_id, self.baotou)],
            error='AccessError', message='不在您的工作范围内')
        self.assertNotIn('安全限制', failure['message'])
        bt_project = self.env.ref('investment_agency.case_5_demo').project_id
        failure = self.assertRpcRefused('agency.project', 'read', [[bt_project.id], ['name']],
                                        error='AccessError', message='不在您的工作范围内')
        self.assertNotIn('安全限制', failure['message'])
        self.assertFalse(self.env['agency.project'].search([
            ('region_id', '=', self.baotou.id), ('name', '=', '赛罕区新能源装备项目')]))

    def test_defaults_are_the_agents_region(self):
        self.login(self.agent)
        defaults, error = self.call_kw('agency.project', 'default_get', [['region_id']])
        self.assertIsNone(error)
        self.assertEqual(defaults['region_id'], self.hhht.id)


class TestAssignment(AgencyHttpCase):

    def setUp(self):
        super(TestAssignment, self).setUp()
        ref = self.env.ref
        self.hhht = ref('investment_agency.region_hohhot')
        self.baotou = ref('investment_agency.region_baotou')
        agent = ref('investment_agency.group_agent')
        manager = ref('investment_agency.group_manager')
        self.manager = self.create_user('as_manager', manager, self.hhht, lang='zh_CN')
        self.busy = self.create_user('as_busy', agent, self.hhht, lang='zh_CN')
        self.idle = self.create_user('as_idle', agent, self.hhht, lang='zh_CN')
        self.bt_agent = self.create_user('as_bt_agent', agent, self.baotou, lang='zh_CN')
        self.archived = self.create_user('as_archived', agent, self.hhht, lang='zh_CN')
        self.archived.active = False
        self.case = ref('investment_agency.case_1_demo')      # 呼和浩特市
        self.project = self.case.project_id
        Case = self.env['agency.case']
        for _index in range(2):
            Case.create({**SERVICE_PLAN, 'project_id': self.project.id, 'region_id': self.hhht.id,
                         'user_id': self.busy.id})

    def picker(self, case):
        """The agent picker of the case form: the field's domain and context."""
        result, error = self.call_kw('res.users', 'name_search', [], {
            'name': '', 'args': [('agency_assignable_region_id', '=', case.region_id.id)],
            'limit': 100}, context={'agency_show_workload': True})
        self.assertIsNone(error, error)
        return result

    def test_picker_offers_the_regions_agents_by_workload(self):
        self.login(self.manager)
        result = self.picker(self.case)
        ids = [row[0] for row in result]
        self.assertIn(self.idle.id, ids)
        self.assertIn(self.busy.id, ids)
        self.assertLess(ids.index(self.idle.id), ids.index(self.busy.id))
        for outsider in (self.bt_agent, self.archived, self.manager):
            self.assertNotIn(outsider.id, ids)
        self.assertNotIn(SUPERUSER_ID, ids)
        busy = self.env['agency.case'].search_count([('user_id', '=', self.busy.id),
                                                     ('is_closed', '=', False)])
        self.assertGreaterEqual(busy, 2)
        names = dict(result)
        self.assertIn(str(busy), names[self.busy.id])
        self.assertIn('在办', names[self.busy.id])
        # Workload numbers are for the picker only: other names stay plain.
        plain, error = self.call_kw('res.users', 'name_get', [[self.busy.id]])
        self.assertIsNone(error, error)
        self.assertEqual(plain[0][1], self.busy.name)

    def test_server_refuses_an_agent_outside_the_region_tree(self):
        self.login(self.manager)
        for outsider in (self.bt_agent, self.env['res.users'].browse(SUPERUSER_ID)):
            self.assertRpcRefused('agency.case', 'write',
                                  [[self.case.id], {'user_id': outsider.id}],
                                  error='UserError', message='不是在')
        self.refresh()
        self.assertNotIn(self.case.user_id,
                         self.bt_agent | self.env['res.users'].browse(SUPERUSER_ID))
        _result, error = self.call_kw('agency.case', 'write',
                                      [[self.case.id], {'user_id': self.idle.id}])
        self.assertIsNone(error, error)
        self.assertEqual(self.case.user_id, self.idle)

    def test_todo_closes_on_assignment(self):
        activity_type = self.env.ref('investment_agency.activity_type_new_application')
        case = self.env['agency.case'].create({**SERVICE_PLAN, 'project_id': self.project.id,
                                               'region_id': self.hhht.id})
        self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get('agency.case').id, 'res_id': case.id,
            'activity_type_id': activity_type.id, 'user_id': self.manager.id,
            'summary': '新申请：请分派代办员'})
        self.login(self.manager)
        _result, error = self.call_kw('agency.case', 'write',
                                      [[case.id], {'user_id': self.idle.id}])
        self.assertIsNone(error, error)
        self.assertFalse(self.env['mail.activity'].search([
            ('res_model', '=', 'agency.case'), ('res_id', '=', case.id),
            ('activity_type_id', '=', activity_type.id)]))
        done = case.message_ids.filtered(
            lambda message: message.mail_activity_type_id == activity_type)
        self.assertTrue(done)

    def test_system_posts_are_signed_by_the_service(self):
        service = self.env.ref('investment_agency.partner_service')
        admin_partner = self.env['res.users'].browse(SUPERUSER_ID).partner_id
        case = self.env['agency.case'].create({**SERVICE_PLAN, 'project_id': self.project.id,
                                               'region_id': self.hhht.id})
        case.message_post(body='系统消息')
        case.write({'description': '门户补充说明'})  # tracked? no: a plain system write
        case.write({'channel': 'online'})
        self.env['agency.case'].recompute()
        authors = case.message_ids.mapped('author_id')
        self.assertIn(service, authors)
        self.assertNotIn(admin_partner, authors)
        self.assertNotIn('Administrator', service.display_name)
        # A person's post stays his.
        self.login(self.manager)
        message_id, error = self.call_kw('agency.case', 'message_post', [[case.id]],
                                         {'body': '经理留言', 'message_type': 'comment'})
        self.assertIsNone(error, error)
        message = self.env['mail.message'].browse(message_id)
        self.assertEqual(message.author_id, self.manager.partner_id)
