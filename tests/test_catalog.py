from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError

from .common import AgencyTestCommon, today_is

# Annex 1: number, name, department type, item type (license = 行政许可, other = 其他行政权力).
ANNEX_1 = [
    (1, '企业投资项目核准', 'ndrc', 'license'),
    (2, '企业投资项目备案', 'ndrc', 'other'),
    (3, '政府投资项目建议书审批', 'ndrc', 'license'),
    (4, '政府投资项目可行性研究报告审批', 'ndrc', 'other'),
    (5, '政府投资项目初步设计审批', 'ndrc', 'other'),
    (6, '政府投资项目审批', 'ndrc', 'other'),
    (7, '建设项目用地预审与选址意见书核发', 'natural_resources', 'license'),
    (8, '划拨国有土地使用权审批', 'natural_resources', 'license'),
    (9, '建设用地(含临时用地)规划许可证核发', 'natural_resources', 'license'),
    (10, '建筑工程施工许可证核发', 'housing', 'license'),
    (11, '因工程建设需要拆除、改动、迁移供水、排水与污水处理设施审核', 'housing', 'license'),
    (12, '房屋建筑和市政基础设施工程竣工验收备案', 'housing', 'other'),
    (13, '市政设施建设类审批', 'housing', 'license'),
    (14, '建设工程消防验收', 'housing', 'license'),
    (15, '建设工程消防设计审查', 'housing', 'license'),
    (16, '生产建设项目水土保持方案审批', 'water', 'license'),
    (17, '水利基建项目初步设计文件审批', 'water', 'license'),
    (18, '水利工程建设项目验收', 'water', 'other'),
    (19, '权限内工业和信息化固定资产投资项目备案', 'industry', 'other'),
    (20, '工业固定资产投资及工业技术改造类项目备案', 'industry', 'other'),
    (21, '对涉路施工活动的许可', 'transport', 'license'),
    (22, '宗教活动场所内改建或者新建建筑物审批', 'united_front', 'license'),
]

REGIONS = [
    ('150000', '内蒙古自治区', 'region'),
    ('150100', '呼和浩特市', 'league'),
    ('150200', '包头市', 'league'),
    ('150300', '乌海市', 'league'),
    ('150400', '赤峰市', 'league'),
    ('150500', '通辽市', 'league'),
    ('150600', '鄂尔多斯市', 'league'),
    ('150700', '呼伦贝尔市', 'league'),
    ('150800', '巴彦淖尔市', 'league'),
    ('150900', '乌兰察布市', 'league'),
    ('152200', '兴安盟', 'league'),
    ('152500', '锡林郭勒盟', 'league'),
    ('152900', '阿拉善盟', 'league'),
]


class TestCatalogData(AgencyTestCommon):
    """What the data files load."""

    def test_annex_1_items(self):
        items = self.env['agency.item'].search([])
        self.assertEqual(len(items), 22)
        got = [(item.number, item.name, item.department_type_id.code, item.item_type)
               for item in items.sorted('number')]
        self.assertEqual(got, ANNEX_1)
        self.assertEqual(len(items.filtered(lambda item: item.item_type == 'license')), 14)
        self.assertEqual(len(items.filtered(lambda item: item.item_type == 'other')), 8)
        for item in items:
            self.assertTrue(0 <= item.committed_days <= item.statutory_days, item.name)
            self.assertTrue(item.phase_id, item.name)
            self.assertTrue(item.material_ids, '%s has no material' % item.name)
            self.assertEqual(item.material_count, len(item.material_ids))
        self.assertEqual(
            items.filtered(lambda item: item.number == 4).predecessor_ids.mapped('number'), [3])
        self.assertEqual(
            items.filtered(lambda item: item.number == 8).predecessor_ids.mapped('number'), [7])
        self.assertEqual(
            items.filtered(lambda item: item.number == 12).predecessor_ids.mapped('number'), [14])
        # Item 1 is found by its number.
        self.assertEqual(self.env['agency.item'].name_search('1')[0][1], '1. 企业投资项目核准')

    def test_department_types_and_phases(self):
        types = self.env['agency.department.type'].search([])
        self.assertEqual(types.mapped('code'), [
            'ndrc', 'natural_resources', 'housing', 'water', 'industry', 'transport',
            'united_front', 'ecology', 'forestry', 'civil_defence', 'fire'])
        self.assertEqual(
            [len(dept_type.item_ids) for dept_type in types], [6, 3, 6, 3, 2, 1, 1, 0, 0, 0, 0])
        self.assertEqual(self.env['agency.phase'].search([]).mapped('name'),
                         ['立项', '用地', '规划', '施工', '竣工'])

    def test_regions(self):
        regions = self.env['agency.region'].search([('level', 'in', ('region', 'league'))])
        self.assertEqual(len(regions), 13)
        self.assertEqual(sorted((r.code, r.name, r.level) for r in regions), REGIONS)
        for region in regions.filtered(lambda r: r.level == 'league'):
            self.assertEqual(region.parent_id, self.region_nmg, region.name)
            self.assertEqual(region.bureau_name, region.name + '政务服务局')
            self.assertEqual(region.complete_name, region.name)
        self.assertFalse(self.region_nmg.parent_id)
        self.assertEqual(self.region_nmg.bureau_name, '内蒙古自治区政务服务局')
        self.assertEqual(self.region_xincheng.complete_name, '呼和浩特市 / 新城区')
        # Demo data may add banners and zones: compare with the regions created here.
        subtree = self.env['agency.region'].search([('id', 'child_of', self.region_hhht.id)])
        self.assertTrue(self.region_hhht | self.region_xincheng <= subtree)
        self.assertFalse(subtree.filtered(lambda r: r.code[:4] != '1501'))
        self.assertEqual(
            len(self.env['agency.region'].search([('id', 'child_of', self.region_nmg.id)])),
            self.env['agency.region'].search_count([]))

    def test_data_leaves_no_chatter_a_user_change_does(self):
        # The regions of the module's data carry no note written while Odoo loaded them.
        self.assertFalse(self.region_nmg.message_ids)
        with patch.object(self.registry, '_init', True):  # as while Odoo loads modules
            zone = self.env['agency.region'].create({
                'name': '测试园区', 'code': '150179', 'level': 'zone',
                'parent_id': self.region_hhht.id, 'bureau_name': '测试园区政务服务局'})
            zone.write({'hall_address': '测试园区管委会一楼'})
        self.assertFalse(zone.message_ids)
        zone.write({'bureau_name': '测试园区管委会政务服务局'})
        zone.invalidate_cache()
        self.assertEqual(zone.message_ids.mapped('tracking_value_ids.new_value_char'),
                         ['测试园区管委会政务服务局'])

    def test_one_department_per_type_in_every_league(self):
        regions = self.env['agency.region'].search([('level', 'in', ('region', 'league'))])
        types = self.env['agency.department.type'].search([])
        departments = self.env['agency.department'].search([('region_id', 'in', regions.ids)])
        pairs = [(dept.region_id.id, dept.type_id.id) for dept in departments]
        self.assertEqual(len(pairs), 13 * 11)
        self.assertEqual(set(pairs), set((r.id, t.id) for r in regions for t in types))
        self.assertEqual(self.dept_hhht_ndrc.name, '呼和浩特市发展和改革委员会')
        self.assertEqual(self.dept_baotou_nr.name, '包头市自然资源局')
        self.assertEqual(self.region_baotou.department_count, 11)
        # Nothing left to create; a new county gets its own set on request.
        self.assertEqual(self.env['agency.region']._create_missing_departments(), 0)
        county = self.env['agency.region'].create({
            'name': '东河区', 'code': '150202', 'level': 'county',
            'parent_id': self.region_baotou.id, 'bureau_name': '东河区政务服务局'})
        self.assertEqual(county.department_count, 0)
        county.action_create_departments()
        self.assertEqual(county.department_count, 11)
        county.action_create_departments()
        self.assertEqual(county.department_count, 11)

    def test_stages(self):
        stages = self.env['agency.stage'].search([])
        self.assertEqual(stages.mapped('name'), [
            '申请受理', '接洽核实', '签订委托', '制定方案', '申报办理', '结果反馈',
            '归档返还', '办结', '回访评价', '终止'])
        self.assertEqual(stages.mapped('flow_step'), [
            'apply', 'verify', 'sign', 'plan', 'declare', 'feedback', 'archive', 'done',
            'evaluate', 'terminated'])
        self.assertEqual(stages.filtered('is_closed').mapped('name'), ['办结', '回访评价', '终止'])
        self.assertEqual(stages.filtered('fold').mapped('name'),
                         ['签订委托', '归档返还', '办结', '回访评价', '终止'])

    def test_managers_of_a_region(self):
        # Demo data may name managers of 呼和浩特市 too.
        self.assertIn(self.manager_hhht, self.region_hhht.manager_ids)
        self.assertNotIn(self.manager_nmg, self.region_hhht.manager_ids)
        self.assertEqual(self.region_hhht._get_managers(), self.region_hhht.manager_ids)
        # No manager in the county: those of the league; none in the league: the region's.
        self.assertEqual(self.region_xincheng._get_managers(), self.region_hhht.manager_ids)
        wuhai = self.env.ref('investment_agency.region_wuhai')
        self.assertIn(self.manager_nmg, wuhai._get_managers())
        self.assertEqual(wuhai._get_managers(), self.region_nmg.manager_ids)


class TestCatalogConstraints(AgencyTestCommon):
    """Bad values are refused with a ValidationError that names them."""

    def region_vals(self, **values):
        vals = {'name': '玉泉区', 'code': '150104', 'level': 'county',
                'parent_id': self.region_hhht.id, 'bureau_name': '玉泉区政务服务局'}
        vals.update(values)
        return vals

    def test_region_codes(self):
        Region = self.env['agency.region'].sudo(self.catalog_admin)

        def create(**values):
            """The creation of a region of these values, for assertInvalid to call."""
            return lambda: Region.create(self.region_vals(**values))

        # Not six digits.
        for code in ('15010', '1501051', '15O105', '050105'):
            self.assertInvalid(create(code=code),
                               'Region code "%s" is not a six-digit GB/T 2260 code.' % code)
        # Wrong suffix for the level.
        for code in ('151100', '159900'):
            self.assertInvalid(create(code=code), 'The code of a banner, county, district or '
                               'zone does not end with 00: "%s".' % code)
        for code in ('150110', '160000'):
            self.assertInvalid(create(level='league', code=code, parent_id=self.region_nmg.id),
                               'The code of a league or city ends with 00 (e.g. 150100), '
                               'not "%s".' % code)
        self.assertInvalid(create(level='region', code='160100', parent_id=False),
                           'The code of an autonomous region ends with 0000 (e.g. 150000), '
                           'not "160100".')
        # Not under the parent's prefix.
        self.assertInvalid(create(code='150201'), 'Region code 150201 does not belong to the '
                           'parent region 呼和浩特市 (150100).')
        self.assertInvalid(create(level='league', code='160100', parent_id=self.region_nmg.id),
                           'Region code 160100 does not belong to the parent region 内蒙古自治区 '
                           '(150000).')
        # No parent, wrong parent level.
        self.assertInvalid(create(parent_id=False), 'Region "玉泉区" needs a parent region.')
        self.assertRefused(create(parent_id=self.region_nmg.id), ValidationError,
                           'A Banner / County / District cannot be placed under a',
                           'Autonomous Region.')
        self.assertInvalid(create(level='league', code='159900', parent_id=self.region_hhht.id),
                           'A League / City cannot be placed under a League / City.')
        # Changing the code of an existing region is checked too.
        self.assertInvalid(lambda: self.region_xincheng.sudo(self.catalog_admin).write(
            {'code': '150202'}), 'Region code 150202 does not belong to the parent region '
            '呼和浩特市 (150100).')
        # A region cannot sit under itself (the superuser reads it in Chinese).
        self.assertRefused(lambda: self.region_hhht.write({'parent_id': self.region_xincheng.id}),
                           ValidationError, '盟市不能设为旗县（市、区）的下级区域。')
        # Good codes are accepted.
        county = Region.create(self.region_vals())
        self.assertEqual(county.complete_name, '呼和浩特市 / 玉泉区')
        zone = Region.create(self.region_vals(
            name='呼和浩特金山高新技术产业开发区', code='150173', level='zone'))
        self.assertEqual(zone.parent_id, self.region_hhht)

    def test_zone_under_county(self):
        """A development zone may sit under a banner or county (PARENT_LEVELS): its code
        shares the league's prefix, as it cannot repeat the county's own code."""
        zone = self.env['agency.region'].sudo(self.catalog_admin).create(self.region_vals(
            name='新城区工业园区', code='150171', level='zone', parent_id=self.region_xincheng.id))
        self.assertEqual(zone.complete_name, '呼和浩特市 / 新城区 / 新城区工业园区')
        self.assertInvalid(lambda: zone.write({'code': '150271'}), 'Region code 150271 does not '
                           'belong to the parent region 新城区 (150102).')

    def test_item_limits(self):
        item = self.env.ref('investment_agency.item_enterprise_approval').sudo(self.catalog_admin)
        exceeds = 'The committed limit of "企业投资项目核准" (%d working days) exceeds its ' \
            'statutory limit (%d working days).'
        negative = 'Time limits of "企业投资项目核准" cannot be negative.'
        self.assertInvalid(lambda: item.write({'committed_days': 25}), exceeds % (25, 20))
        self.assertInvalid(lambda: item.write({'statutory_days': 5}), exceeds % (10, 5))
        self.assertInvalid(lambda: item.write({'committed_days': -1}), negative)
        self.assertInvalid(lambda: item.write({'statutory_days': -1, 'committed_days': -1}),
                           negative)
        self.assertInvalid(lambda: item.copy({'number': 99, 'committed_days': 30}),
                           exceeds % (30, 20))
        item.write({'statutory_days': 10, 'committed_days': 0})
        self.assertEqual((item.statutory_days, item.committed_days), (10, 0))

    def test_publication_limits(self):
        item = self.env.ref('investment_agency.item_enterprise_approval')
        Publication = self.env['agency.item.publication'].sudo(self.catalog_admin)
        exceeds = 'The committed limit of "企业投资项目核准" (21 working days) exceeds its ' \
            'statutory limit (20 working days).'
        self.assertInvalid(lambda: Publication.create({
            'region_id': self.region_chifeng.id, 'item_id': item.id, 'committed_days': 21}),
            exceeds)
        self.assertInvalid(lambda: Publication.create({
            'region_id': self.region_chifeng.id, 'item_id': item.id, 'committed_days': -2}),
            'The committed limit cannot be negative.')
        publication = Publication.create({'region_id': self.region_chifeng.id, 'item_id': item.id})
        self.assertEqual(publication.committed_days, 10)
        self.assertEqual(publication.department_id, self.env['agency.department'].search([
            ('region_id', '=', self.region_chifeng.id), ('type_id.code', '=', 'ndrc')]))
        self.assertInvalid(lambda: publication.write({'committed_days': 21}), exceeds)
        self.assertInvalid(lambda: publication.write({'department_id': self.dept_hhht_ndrc.id}),
                           'Department %s belongs neither to region 赤峰市 nor to a region '
                           'above it' % self.dept_hhht_ndrc.name)
        publication.write({'committed_days': 20})

    def test_statutory_limit_below_a_published_limit(self):
        item = self.env['agency.item'].search([('number', '=', 7)])  # 20 / 10 working days
        publication = self.env['agency.item.publication'].create({
            'region_id': self.region_chifeng.id, 'item_id': item.id, 'committed_days': 15})
        item.write({'statutory_days': 16})
        # (Demo lists commit to 10 days: stay above them.)
        self.assertInvalid(lambda: item.write({'statutory_days': 14}),
                           '“赤峰市 · %s”的承诺时限（15个工作日）超过了法定时限（14个工作日），请调整。'
                           % item.name)
        publication.write({'state': 'withdrawn'})
        item.write({'statutory_days': 14})

    def test_predecessors(self):
        ref = self.env.ref
        proposal = ref('investment_agency.item_gov_proposal').sudo(self.catalog_admin)
        feasibility = ref('investment_agency.item_gov_feasibility').sudo(self.catalog_admin)
        project = ref('investment_agency.item_gov_project').sudo(self.catalog_admin)
        self.assertInvalid(lambda: proposal.write({'predecessor_ids': [(4, proposal.id)]}),
                           '"%s" cannot follow itself.' % proposal.name)
        # 4 follows 3 already: 3 cannot follow 4, nor 4 -> 6 -> 3.
        circle = 'Items cannot follow each other in a circle.'
        self.assertInvalid(lambda: proposal.write({'predecessor_ids': [(4, feasibility.id)]}),
                           circle)
        project.write({'predecessor_ids': [(4, feasibility.id)]})
        self.assertInvalid(lambda: proposal.write({'predecessor_ids': [(4, project.id)]}), circle)
        # An item cannot wait for one of a later phase.
        permit = ref('investment_agency.item_construction_permit')
        self.assertInvalid(lambda: proposal.write({'predecessor_ids': [(4, permit.id)]}),
                           '"%s" cannot follow "%s": that item belongs to a later project phase.'
                           % (proposal.name, permit.name))
        # A later item may follow an earlier one.
        permit.sudo(self.catalog_admin).write({'predecessor_ids': [(4, proposal.id)]})
        self.assertEqual(permit.predecessor_ids, proposal)


class TestPublishedList(AgencyTestCommon):
    """A region's published list: prepare, publish, adjust, withdraw, with history."""

    @classmethod
    def setUpClass(cls):
        super(TestPublishedList, cls).setUpClass()
        cls.Publication = cls.env['agency.item.publication'].sudo(cls.catalog_admin)
        cls.action = cls.region_chifeng.sudo(cls.catalog_admin).action_prepare_publications()
        cls.publications = cls.Publication.search([('region_id', '=', cls.region_chifeng.id)])
        by_number = {pub.item_id.number: pub for pub in cls.publications}
        cls.pub1, cls.pub2, cls.pub3, cls.pub7 = (by_number[1], by_number[2], by_number[3],
                                                  by_number[7])

    def change(self, publications, action, date, **values):
        vals = {'action': action, 'date_effective': date}
        vals.update(values)
        wizard = self.env['agency.publication.change'].sudo(self.catalog_admin).with_context(
            active_model='agency.item.publication', active_ids=publications.ids).create(vals)
        self.assertEqual(wizard.publication_ids, publications)
        return wizard.action_confirm()

    def history(self, publication):
        return [(ev.action, ev.date_effective, ev.committed_days_before, ev.committed_days,
                 ev.state)
                for ev in publication.event_ids.sorted(lambda ev: (ev.date_effective, ev.id))]

    def test_prepare(self):
        self.assertEqual(len(self.publications), 22)
        self.assertEqual(set(self.publications.mapped('state')), {'draft'})
        self.assertEqual(self.action['domain'], [('region_id', 'in', self.region_chifeng.ids)])
        for pub in self.publications:
            self.assertEqual(pub.committed_days, pub.item_id.committed_days)
            self.assertEqual(pub.department_id.region_id, self.region_chifeng)
            self.assertEqual(pub.department_id.type_id, pub.item_id.department_type_id)
        # Preparing again adds only what is missing.
        self.pub3.sudo().unlink()
        self.region_chifeng.sudo(self.catalog_admin).action_prepare_publications()
        again = self.Publication.search([('region_id', '=', self.region_chifeng.id)])
        self.assertEqual(len(again), 22)
        # Archived items are not put on a list.
        self.env.ref('investment_agency.item_religious_building').active = False
        self.region_wuhai = self.env.ref('investment_agency.region_wuhai')
        self.region_wuhai.sudo(self.catalog_admin).action_prepare_publications()
        self.assertEqual(
            self.Publication.search_count([('region_id', '=', self.region_wuhai.id)]), 21)

    def test_publish_adjust_withdraw(self):
        batch = self.pub1 | self.pub2 | self.pub7
        with today_is('2026-03-02'):
            self.change(batch, 'publish', '2026-03-02', note='第一批')
        self.assertEqual(set(batch.mapped('state')), {'published'})
        self.assertEqual(set(batch.mapped('date_published')), {'2026-03-02'})
        self.assertEqual(self.pub3.state, 'draft')
        self.assertEqual(self.history(self.pub1), [('publish', '2026-03-02', 10, 10, 'applied')])
        self.assertEqual(self.pub1.event_ids.note, '第一批')
        self.assertEqual(self.pub1.event_ids.user_id, self.catalog_admin)

        with today_is('2026-03-09'):
            self.change(self.pub1, 'adjust', '2026-03-09', committed_days=5, note='压减时限')
        self.assertEqual(self.pub1.committed_days, 5)
        self.assertEqual(self.pub1.date_effective, '2026-03-09')
        self.assertEqual(self.pub1.date_published, '2026-03-02')
        self.assertEqual(self.history(self.pub1), [
            ('publish', '2026-03-02', 10, 10, 'applied'),
            ('adjust', '2026-03-09', 10, 5, 'applied')])

        with today_is('2026-03-16'):
            self.change(self.pub1 | self.pub2, 'withdraw', '2026-03-16', note='调整')
        self.assertEqual(set((self.pub1 | self.pub2).mapped('state')), {'withdrawn'})
        self.assertEqual(self.pub1.date_withdrawn, '2026-03-16')
        self.assertEqual(self.pub7.state, 'published')
        # The history is kept, the chatter says what happened.
        self.assertEqual(self.history(self.pub1), [
            ('publish', '2026-03-02', 10, 10, 'applied'),
            ('adjust', '2026-03-09', 10, 5, 'applied'),
            ('withdraw', '2026-03-16', 5, 5, 'applied')])
        self.assertTrue(any('压减时限' in (message.body or '') for message in self.pub1.message_ids))

        # Published again: first publication date kept, withdrawal cleared.
        with today_is('2026-04-01'):
            self.change(self.pub1, 'publish', '2026-04-01')
        self.assertEqual(self.pub1.state, 'published')
        self.assertEqual(
            (self.pub1.date_published, self.pub1.date_effective, self.pub1.date_withdrawn),
            ('2026-03-02', '2026-04-01', False))
        self.assertEqual(self.pub1.committed_days, 5)
        self.assertEqual(len(self.pub1.event_ids), 4)

    def test_refused_changes(self):
        with today_is('2026-03-02'):
            self.change(self.pub1, 'publish', '2026-03-02')
            # Withdrawing or adjusting an item that is not published.
            for action, verb in (('withdraw', 'withdrawn'), ('adjust', 'adjusted')):
                values = {'committed_days': 5} if action == 'adjust' else {}
                unpublished = '"赤峰市 · %d. %s" is not published: it cannot be %s.' % (
                    self.pub3.item_id.number, self.pub3.item_id.name, verb)
                self.assertRefused(lambda: self.change(self.pub1 | self.pub3, action, '2026-03-02',
                                                       **values), UserError, unpublished)
                # Also when the change takes effect later: the cron could not apply it.
                self.assertRefused(lambda: self.change(self.pub3, action, '2026-03-20', **values),
                                   UserError, unpublished)
            # A limit above the statutory one, or no new limit for an adjustment.
            exceeds = 'The committed limit of "%s" (21 working days) exceeds its statutory ' \
                'limit (20 working days).'
            self.assertRefused(lambda: self.change(self.pub1, 'adjust', '2026-03-02',
                                                   committed_days=21),
                               UserError, exceeds % self.pub1.item_id.name)
            self.assertRefused(lambda: self.change(self.pub1, 'adjust', '2026-03-02',
                                                   committed_days=0),
                               UserError, 'Give the new committed limit of the adjusted items.')
            self.assertRefused(lambda: self.change(self.pub3, 'publish', '2026-03-02',
                                                   committed_days=21),
                               UserError, exceeds % self.pub3.item_id.name)
            self.assertRefused(lambda: self.change(self.Publication, 'publish', '2026-03-02'),
                               UserError, 'Choose the items to change.')
        self.assertEqual(self.history(self.pub1), [('publish', '2026-03-02', 10, 10, 'applied')])
        self.assertFalse(self.pub3.event_ids)
        self.assertEqual(self.pub3.state, 'draft')
        self.assertEqual(self.pub1.committed_days, 10)

    def test_future_changes_wait_for_their_date(self):
        Publication = self.env['agency.item.publication']
        with today_is('2026-03-02'):
            self.change(self.pub1 | self.pub2, 'publish', '2026-03-10', note='第二批')
        self.assertEqual(set((self.pub1 | self.pub2).mapped('state')), {'draft'})
        self.assertEqual(self.pub1.pending_event_count, 1)
        self.assertEqual(self.history(self.pub1), [('publish', '2026-03-10', 0, 10, 'pending')])
        with today_is('2026-03-09'):
            self.assertEqual(Publication._cron_apply_due_events(), 0)
        self.assertEqual(self.pub1.state, 'draft')
        with today_is('2026-03-10'):
            self.assertEqual(Publication._cron_apply_due_events(), 2)
        self.assertEqual(set((self.pub1 | self.pub2).mapped('state')), {'published'})
        self.assertEqual(self.pub1.date_published, '2026-03-10')
        self.assertEqual(self.pub1.pending_event_count, 0)
        self.assertEqual(self.history(self.pub1), [('publish', '2026-03-10', 10, 10, 'applied')])
        with today_is('2026-03-11'):
            self.assertEqual(Publication._cron_apply_due_events(), 0)

        # Two changes waiting; the cron applies them in the order of their dates.
        with today_is('2026-03-11'):
            self.change(self.pub1, 'withdraw', '2026-04-01', note='停止办理')
            self.change(self.pub1, 'adjust', '2026-03-20', committed_days=8, note='压减时限')
        self.assertEqual(self.pub1.pending_event_count, 2)
        self.assertEqual((self.pub1.state, self.pub1.committed_days), ('published', 10))
        with today_is('2026-03-25'):
            self.assertEqual(Publication._cron_apply_due_events(), 1)
        self.assertEqual((self.pub1.state, self.pub1.committed_days), ('published', 8))
        with today_is('2026-04-02'):
            self.assertEqual(Publication._cron_apply_due_events(), 1)
        self.assertEqual((self.pub1.state, self.pub1.date_withdrawn), ('withdrawn', '2026-04-01'))
        self.assertEqual(self.history(self.pub1), [
            ('publish', '2026-03-10', 10, 10, 'applied'),
            ('adjust', '2026-03-20', 10, 8, 'applied'),
            ('withdraw', '2026-04-01', 8, 8, 'applied')])

    def test_cron_applies_late_events(self):
        """A change whose date passed while the cron did not run is applied at its next run."""
        event = self.env['agency.publication.event'].sudo(self.catalog_admin).create({
            'publication_id': self.pub7.id, 'action': 'publish',
            'date_effective': '2026-02-01', 'committed_days': 9})
        self.assertEqual(event.state, 'pending')
        cron = self.env.ref('investment_agency.ir_cron_publication_events')
        with today_is('2026-03-02'):
            cron.ir_actions_server_id.run()
        self.assertEqual(event.state, 'applied')
        self.assertEqual((self.pub7.state, self.pub7.committed_days, self.pub7.date_published),
                         ('published', 9, '2026-02-01'))
