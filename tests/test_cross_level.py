"""分级办理、上下联动 (二(四)): an item of a banner's case may be decided by a department of
the league (or of the autonomous region), as the banner's published list says. That
department's liaison agents work the line, and only it; the lights escalate, and the
supervision counts the line, where it is handled and where its case is; a case handed to
another region keeps the items under way with their department."""
from odoo.exceptions import AccessError

from .common import NOT_ALLOWED, SERVICE_PLAN, AgencyCaseCommon, AgencyHttpCase, \
    out_of_reach, today_is, verify_case

LINE_OUT_OF_REACH = out_of_reach('Case Item')
# 2 企业投资项目备案 (发展改革, the banner's own); 7 用地预审与选址意见书 (自然资源: the
# banner has no such department, the league's decides it).
FILING, LAND = 2, 7


class CrossLevelCommon(object):
    """A banner of 乌海市 (海勃湾区) with its own 发展改革 department only: its list sends
    the land item to the league's 自然资源局."""

    @classmethod
    def set_up_banner(cls, env):
        Region = env['agency.region']
        banner = Region.search([('code', '=', '150302')]) or Region.create({
            'name': '海勃湾区', 'code': '150302', 'level': 'county',
            'parent_id': env.ref('investment_agency.region_wuhai').id,
            'bureau_name': '海勃湾区政务服务局'})
        ndrc = env.ref('investment_agency.dept_type_ndrc')
        env['agency.department'].search([('region_id', '=', banner.id)]).unlink()
        env['agency.department'].create({'name': '海勃湾区发展和改革委员会',
                                         'region_id': banner.id, 'type_id': ndrc.id})
        return banner


class TestCrossLevel(CrossLevelCommon, AgencyCaseCommon):

    @classmethod
    def setUpClass(cls):
        super(TestCrossLevel, cls).setUpClass()
        cls.banner = cls.set_up_banner(cls.env)
        cls.publish(cls.banner, [FILING, LAND])
        cls.manager_banner = cls._create_user('t_manager_hbw', cls.group_manager, cls.banner)
        cls.agent_banner = cls._create_user('t_agent_hbw', cls.group_agent, cls.banner)
        cls.banner_project = cls.env['agency.project'].create({
            'name': '海勃湾区测试项目', 'partner_id': cls.company.id,
            'code': '2026-150302-26-03-000002', 'region_id': cls.banner.id,
            'address': '乌海市海勃湾区', 'total_investment': 3000,
            'contact_name': '经办人', 'contact_phone': '13904731234'})
        cls.league_nr = cls.dept['natural_resources']

    def banner_case(self, accepted=None):
        case = self.env['agency.case'].create(dict(
            SERVICE_PLAN, project_id=self.banner_project.id, region_id=self.banner.id,
            channel='window', date_applied='2026-09-01', user_id=self.agent_banner.id,
            item_ids=[(6, 0, [self.item[FILING].id, self.item[LAND].id])]))
        verify_case(case).write({'date_authorization': '2026-09-02',
                                 'date_commitment': '2026-09-02'})
        case.action_generate_plan()
        if accepted:
            with today_is(accepted):
                self.line(case, LAND).write({'state': 'declared'})
                self.line(case, LAND).write({'state': 'accepted'})
        return case

    # ------------------------------------------------------------------ catalog

    def test_published_list_names_the_department_above(self):
        Publication = self.env['agency.item.publication']
        land = Publication.search([('region_id', '=', self.banner.id),
                                   ('item_id', '=', self.item[LAND].id)])
        filing = Publication.search([('region_id', '=', self.banner.id),
                                     ('item_id', '=', self.item[FILING].id)])
        # The banner has no 自然资源 department: the league's decides; 备案 stays at home.
        self.assertEqual(land.department_id, self.league_nr)
        self.assertEqual(filing.department_id.region_id, self.banner)
        # The autonomous region's department may be named too, another league's may not.
        region_nr = self.env['agency.department'].search([
            ('region_id', '=', self.region_nmg.id), ('type_id.code', '=', 'natural_resources')])
        # The catalog administrator (who speaks English: the messages are compared so).
        land = land.sudo(self.catalog_admin)
        land.write({'department_id': region_nr.id})
        self.assertInvalid(lambda: land.write({'department_id': self.dept_hhht_nr.id}),
                           'Department %s belongs neither to region 海勃湾区 nor to a region '
                           'above it' % self.dept_hhht_nr.name)
        self.assertEqual(land.department_id, region_nr)
        # A league's list cannot send its items down to a banner's department.
        banner_ndrc = filing.department_id
        league_filing = Publication.search([('region_id', '=', self.region.id),
                                            ('item_id', '=', self.item[FILING].id)])
        league_filing = league_filing.sudo(self.catalog_admin)
        self.assertInvalid(lambda: league_filing.write({'department_id': banner_ndrc.id}),
                           'belongs neither to region 乌海市')

    # ------------------------------------------------------------------ the line

    def test_line_handled_by_the_league_department(self):
        case = self.banner_case()
        land, filing = self.line(case, LAND), self.line(case, FILING)
        self.assertEqual((land.department_id, land.handling_region_id, land.handled_elsewhere),
                         (self.league_nr, self.region, True))
        self.assertEqual(land.liaison_user_id, self.liaison_wuhai_nr)
        self.assertEqual((filing.handling_region_id, filing.handled_elsewhere),
                         (self.banner, False))
        # Only a department of the case's region or of a region above it.
        # Handed by the banner's agent (in his language) to another league's department.
        by_agent = land.sudo(self.agent_banner)
        self.assertInvalid(lambda: by_agent.write({'department_id': self.dept_hhht_nr.id}),
                           'Department %s belongs neither to the region of case %s nor to a '
                           'region above it.' % (self.dept_hhht_nr.name, case.name))
        self.assertEqual(land.department_id, self.league_nr)

    def test_league_liaison_works_his_line_only(self):
        case = self.banner_case()
        land, filing = self.line(case, LAND), self.line(case, FILING)
        liaison = self.liaison_wuhai_nr
        Line = self.env['agency.case.line'].sudo(liaison)
        self.assertEqual(Line.search([('case_id', '=', case.id)]), land)
        self.assertEqual(case.sudo(liaison).line_ids, land)
        self.assertRefused(lambda: filing.sudo(liaison).read(['state']),
                           AccessError, LINE_OUT_OF_REACH)
        # The case's summary, read only.
        self.assertEqual(case.sudo(liaison).read(['name', 'project_id'])[0]['name'], case.name)
        self.assertRefused(lambda: case.sudo(liaison).write({'description': 'x'}),
                           AccessError, NOT_ALLOWED['write'])
        with today_is('2026-09-28'):
            land.sudo(liaison).action_declare()
            land.sudo(liaison).action_accept()
        self.assertEqual((land.state, land.date_accepted), ('accepted', '2026-09-28'))
        self.assertRefused(lambda: filing.sudo(liaison).action_declare(),
                           AccessError, LINE_OUT_OF_REACH)
        # The banner's agent works both lines of his case.
        self.assertEqual(self.env['agency.case.line'].sudo(self.agent_banner).search(
            [('case_id', '=', case.id)]), land | filing)

    # ------------------------------------------------------------------ lights

    def test_escalation_where_handled_and_where_the_case_is(self):
        case = self.banner_case(accepted='2026-09-28')
        land = self.line(case, LAND)
        self.assertEqual(land.deadline, '2026-10-16')
        self.run_cron('2026-10-17')
        self.assertEqual((land.light, land.escalation_level), ('red', 1))
        # Red: the case's agent and the league's liaison; escalated to the managers of
        # the banner (the case) and of the league (the department).
        self.assertEqual(self.alerts(land), [
            ('escalation1', 't_manager_hbw'), ('escalation1', 't_manager_wuhai'),
            ('red', 't_agent_hbw'), ('red', 't_liaison_wuhai_nr')])
        # A line handled at home escalates in its own region only.
        Alert = self.env['agency.alert']
        filing = self.line(case, FILING)
        self.assertEqual(Alert._recipients('escalation1', filing), self.manager_banner)
        self.assertEqual(Alert._recipients('escalation2', land),
                         self.manager_wuhai | self.region_nmg._get_managers())

    # ------------------------------------------------------------------ supervision

    def dashboard(self, manager):
        return self.env['agency.dashboard'].sudo(manager).create(
            {'region_id': manager.agency_region_id.id})

    def test_supervision_counts_where_handled_and_where_the_case_is(self):
        case = self.banner_case(accepted='2026-09-28')
        land = self.line(case, LAND)
        self.run_cron('2026-10-20')
        self.assertEqual(land.light, 'red')
        for manager in (self.manager_banner, self.manager_wuhai):
            dashboard = self.dashboard(manager)
            self.assertEqual(dashboard.red_line_count, 1, manager.login)
            self.assertEqual(dashboard.red_line_ids, land)
        analysis = self.env['agency.line.analysis'].sudo(self.manager_wuhai).read_group(
            [('case_id', '=', case.id)], ['handling_region_id'], ['handling_region_id'])
        self.assertEqual(sorted((group['handling_region_id'][1], group['handling_region_id_count'])
                                for group in analysis), [('乌海市', 1), ('乌海市 / 海勃湾区', 1)])

    def test_transferred_case_keeps_the_line_under_way(self):
        """The project goes to 包头市: the item under way stays with 乌海市's department,
        whose managers still see it (read only) and count it; 包头市 counts it too."""
        case = self.banner_case(accepted='2026-09-28')
        land, filing = self.line(case, LAND), self.line(case, FILING)
        self.banner_project._transfer_to(self.region_baotou)
        self.assertEqual(case.region_id, self.region_baotou)
        self.assertEqual((land.department_id, land.handling_region_id, land.handled_elsewhere),
                         (self.league_nr, self.region, True))
        self.assertEqual((filing.handling_region_id, filing.handled_elsewhere),
                         (self.region_baotou, False))
        self.run_cron('2026-10-20')
        self.assertEqual(self.dashboard(self.manager_wuhai).red_line_ids, land)
        self.assertIn(land, self.dashboard(self.manager_baotou).red_line_ids)
        # 乌海市 reads the line its department handles, not the rest of the case, and
        # changes nothing: 包头市's bureau works the case.
        Line = self.env['agency.case.line'].sudo(self.manager_wuhai)
        self.assertEqual(Line.search([('case_id', '=', case.id)]), land)
        self.assertRefused(lambda: land.sudo(self.manager_wuhai).write({'note': 'x'}),
                           AccessError, LINE_OUT_OF_REACH)
        # Its liaison agent still works it, and it escalates in both regions.
        self.assertEqual(self.env['agency.alert']._recipients('escalation1', land),
                         self.manager_baotou | self.manager_wuhai)
        with today_is('2026-10-20'):
            land.sudo(self.liaison_wuhai_nr).write({'result_number': '乌自然资预〔2026〕9号'})
            land.sudo(self.liaison_wuhai_nr).action_done()
        self.assertEqual(land.state, 'done')


class TestCrossLevelOverHttp(CrossLevelCommon, AgencyHttpCase):
    """The league's liaison agent, over JSON-RPC, on a banner's case."""

    def setUp(self):
        super(TestCrossLevelOverHttp, self).setUp()
        ref = self.env.ref
        self.banner = self.set_up_banner(self.env)
        wuhai = ref('investment_agency.region_wuhai')
        Item = self.env['agency.item']
        filing, land = Item.search([('number', '=', FILING)]), Item.search([('number', '=', LAND)])
        self.publish(self.banner, filing | land)
        self.league_nr = self.env['agency.department'].search([
            ('region_id', '=', wuhai.id), ('type_id.code', '=', 'natural_resources')])
        self.liaison = self.create_user('cl_liaison', ref('investment_agency.group_liaison'),
                                        wuhai, lang='zh_CN')
        self.liaison.agency_department_ids = [(6, 0, self.league_nr.ids)]
        company = self.env['res.partner'].create({'name': '海勃湾测试企业', 'is_company': True})
        project = self.env['agency.project'].create({
            'name': '海勃湾区测试项目', 'partner_id': company.id,
            'code': '2026-150302-26-03-000003', 'region_id': self.banner.id,
            'address': '乌海市海勃湾区', 'total_investment': 1000,
            'contact_name': '经办人', 'contact_phone': '13904731234'})
        self.case = self.env['agency.case'].create(dict(
            SERVICE_PLAN, project_id=project.id, region_id=self.banner.id,
            date_applied='2026-09-01', item_ids=[(6, 0, (filing | land).ids)]))
        verify_case(self.case).write({'date_authorization': '2026-09-02',
                                      'date_commitment': '2026-09-02'})
        self.case.action_generate_plan()
        self.land = self.case.line_ids.filtered(lambda line: line.item_id == land)
        self.filing = self.case.line_ids - self.land
        self.sync()

    def test_liaison_over_rpc(self):
        self.login(self.liaison)
        ids, failure = self.call_kw('agency.case.line', 'search',
                                    [[('case_id', '=', self.case.id)]])
        self.assertIsNone(failure)
        self.assertEqual(ids, self.land.ids)
        self.assertRpcRefused('agency.case.line', 'read', [self.filing.ids, ['state']],
                              error='AccessError', message='此办理事项不在您的工作范围内')
        self.assertRpcRefused('agency.case.line', 'action_declare', [self.filing.ids],
                              error='AccessError', message='此办理事项不在您的工作范围内')
        # Hand the line to another league's department: refused, nothing written.
        other = self.env['agency.department'].search([
            ('region_id', '=', self.env.ref('investment_agency.region_hohhot').id),
            ('type_id.code', '=', 'natural_resources')])
        _result, failure = self.call_kw('agency.case.line', 'write',
                                        [self.land.ids, {'department_id': other.id}])
        self.assertIsNotNone(failure)
        self.refresh()
        self.assertEqual(self.land.department_id, self.league_nr)
        # The case's summary: read, not written.
        records, failure = self.call_kw('agency.case', 'read', [self.case.ids, ['name']])
        self.assertIsNone(failure)
        self.assertEqual(records[0]['name'], self.case.name)
        self.assertRpcRefused('agency.case', 'write', [self.case.ids, {'description': 'x'}],
                              error='AccessError', message='对不起')
        _result, failure = self.call_kw('agency.case.line', 'action_declare', [self.land.ids])
        self.assertIsNone(failure, failure)
        self.refresh()
        self.assertEqual(self.land.state, 'declared')
