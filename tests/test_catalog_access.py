from lxml import etree

from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

from .common import NOT_ALLOWED, AgencyHttpCase, AgencyTestCommon, out_of_reach, restricted

WRITE, CREATE, UNLINK = NOT_ALLOWED['write'], NOT_ALLOWED['create'], NOT_ALLOWED['unlink']
DEPARTMENT_OUT_OF_REACH = out_of_reach('Approving Department')
LEAVE_RULES = restricted('Leave Detail')


class TestCatalogAccess(AgencyTestCommon):
    """Who may read and who may change the catalog, acting as real users."""

    @classmethod
    def setUpClass(cls):
        super(TestCatalogAccess, cls).setUpClass()
        cls.item = cls.env.ref('investment_agency.item_enterprise_approval')
        cls.holiday = cls.env.ref('investment_agency.holiday_2026_national_day')
        cls.publication = cls.env['agency.item.publication'].create({
            'region_id': cls.region_chifeng.id, 'item_id': cls.item.id})
        cls.readers = cls.liaison_hhht_nr | cls.agent_hhht | cls.manager_hhht | cls.catalog_admin
        cls.non_admins = cls.liaison_hhht_nr | cls.agent_hhht | cls.manager_hhht | cls.manager_nmg

    def test_everybody_reads_the_catalog(self):
        for user in self.readers:
            env = self.env(user=user)
            self.assertEqual(env['agency.item'].search_count([]), 22, user.login)
            self.assertEqual(env['agency.item'].browse(self.item.id).material_ids[0].name, '项目申请报告')
            self.assertEqual(env['agency.region'].search_count([('level', '=', 'league')]), 12)
            self.assertEqual(env['agency.department'].browse(self.dept_baotou_nr.id).name,
                             '包头市自然资源局')
            self.assertEqual(env['agency.department.type'].search_count([]), 11)
            self.assertEqual(env['agency.phase'].search_count([]), 5)
            self.assertEqual(env['agency.stage'].search_count([]), 10)
            self.assertEqual(
                env['agency.item.publication'].browse(self.publication.id).committed_days, 10)
            self.assertEqual(env['resource.calendar.leaves'].browse(self.holiday.id).name,
                             '2026年国庆节')
            self.assertTrue(env['resource.calendar.workday'].search_count([]) >= 6)
            # Working days are counted for every reader.
            calendar = env['resource.calendar'].browse(self.calendar.id)
            self.assertEqual(calendar.agency_add_working_days('2026-09-30', 1).isoformat(),
                             '2026-10-08')

    def test_outsiders_do_not_read_the_catalog(self):
        for model in ('agency.item', 'agency.item.publication'):
            self.assertRefused(lambda: self.env[model].sudo(self.plain_user).search([]),
                               AccessError, NOT_ALLOWED['read'], '(Document model: %s)' % model)

    def test_catalog_admin_maintains_the_catalog(self):
        admin = self.catalog_admin
        # Items and materials.
        item = self.item.sudo(admin)
        item.write({'committed_days': 8, 'legal_basis': '修订'})
        self.assertEqual(item.committed_days, 8)
        new_item = self.env['agency.item'].sudo(admin).create({
            'number': 23, 'name': '测试事项', 'department_type_id': item.department_type_id.id,
            'phase_id': item.phase_id.id, 'statutory_days': 5, 'committed_days': 3,
            'material_ids': [(0, 0, {'name': '申请书'})]})
        self.assertEqual(new_item.material_count, 1)
        new_item.material_ids.write({'copies': 2})
        new_item.unlink()
        # Regions and departments.
        county = self.env['agency.region'].sudo(admin).create({
            'name': '玉泉区', 'code': '150104', 'level': 'county',
            'parent_id': self.region_hhht.id, 'bureau_name': '玉泉区政务服务局'})
        county.write({'hall_address': '玉泉区政务服务大厅'})
        county.action_create_departments()
        self.assertEqual(
            self.env['agency.department'].search_count([('region_id', '=', county.id)]), 11)
        self.dept_baotou_nr.sudo(admin).write({'liaison_user_ids': [(4, self.agent_baotou.id)]})
        # Published lists.
        publication = self.env['agency.item.publication'].sudo(admin).create({
            'region_id': self.region_wuhai.id, 'item_id': self.item.id})
        publication.write({'note': '首批'})
        wizard = self.env['agency.publication.change'].sudo(admin).create({
            'publication_ids': [(6, 0, publication.ids)], 'action': 'publish',
            'date_effective': '2026-01-05'})
        wizard.action_confirm()
        self.assertEqual(publication.state, 'published')
        # Holidays and make-up days of the agency calendar.
        Leave = self.env['resource.calendar.leaves'].sudo(admin)
        holiday = Leave.create({
            'name': '临时假日', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'date_from': '2026-03-02 16:00:00', 'date_to': '2026-03-03 15:59:59'})
        holiday.write({'name': '临时假日(改)'})
        self.holiday.sudo(admin).write({'name': '国庆节'})
        holiday.unlink()
        workday = self.env['resource.calendar.workday'].sudo(admin).create({
            'name': '调休', 'calendar_id': self.calendar.id, 'date': '2026-03-07'})
        workday.write({'name': '调休上班'})
        workday.unlink()

    def test_others_cannot_change_the_catalog(self):
        for user in self.non_admins:
            item = self.item.sudo(user)
            self.assertRefused(lambda: item.write({'committed_days': 5}), AccessError, WRITE)
            self.assertRefused(lambda: item.material_ids[0].write({'name': 'x'}),
                               AccessError, WRITE)
            self.assertRefused(lambda: item.copy({'number': 99}), AccessError, CREATE)
            self.assertRefused(lambda: item.unlink(), AccessError, UNLINK)
            self.assertRefused(lambda: self.env['agency.item.material'].sudo(user).create({
                'item_id': self.item.id, 'name': 'x'}), AccessError, CREATE)
            self.assertRefused(lambda: self.region_hhht.sudo(user).write({'phone': '1'}),
                               AccessError, WRITE)
            self.assertRefused(lambda: self.env['agency.region'].sudo(user).create({
                'name': '玉泉区', 'code': '150104', 'level': 'county',
                'parent_id': self.region_hhht.id, 'bureau_name': '玉泉区政务服务局'}),
                AccessError, CREATE)
            self.assertRefused(lambda: self.env['agency.department'].sudo(user).create({
                'name': 'x', 'region_id': self.region_xincheng.id,
                'type_id': self.dept_hhht_nr.type_id.id}), AccessError, CREATE)
            self.assertRefused(lambda: self.publication.sudo(user).write({'committed_days': 5}),
                               AccessError, WRITE)
            self.assertRefused(lambda: self.env['agency.item.publication'].sudo(user).create({
                'region_id': self.region_wuhai.id, 'item_id': self.item.id}),
                AccessError, CREATE)
            wizard = self.env['agency.publication.change'].sudo(user).create({
                'publication_ids': [(6, 0, self.publication.ids)], 'action': 'publish',
                'date_effective': '2026-01-05'})
            self.assertRefused(wizard.action_confirm, AccessError, CREATE,
                               '(Document model: agency.publication.event)')
            self.assertRefused(
                lambda: self.env.ref('investment_agency.stage_apply').sudo(user).write(
                    {'name': 'x'}),
                AccessError,
                WRITE)
        self.assertEqual(self.item.committed_days, 10)
        self.assertEqual(self.publication.state, 'draft')
        self.assertFalse(self.publication.event_ids)

    def test_manager_names_liaison_agents_in_his_region(self):
        dept = self.dept_hhht_ndrc.sudo(self.manager_hhht)
        dept.write({'liaison_user_ids': [(4, self.agent_hhht.id)]})
        self.assertIn(self.agent_hhht, self.dept_hhht_ndrc.liaison_user_ids)
        # A department of a region below his.
        dept_xincheng = self.env['agency.department'].search([
            ('region_id', '=', self.region_xincheng.id), ('type_id.code', '=', 'housing')])
        dept_xincheng.sudo(self.manager_hhht).write(
            {'liaison_user_ids': [(4, self.agent_xincheng.id)]})
        self.assertEqual(dept_xincheng.liaison_user_ids, self.agent_xincheng)
        # Not one of another region, nor of the region above.
        self.assertRefused(lambda: self.dept_baotou_nr.sudo(self.manager_hhht).write(
            {'liaison_user_ids': [(4, self.agent_hhht.id)]}), AccessError, DEPARTMENT_OUT_OF_REACH)
        dept_nmg = self.env['agency.department'].search([
            ('region_id', '=', self.region_nmg.id), ('type_id.code', '=', 'ndrc')])
        self.assertRefused(lambda: dept_nmg.sudo(self.manager_hhht).write(
            {'liaison_user_ids': [(4, self.agent_hhht.id)]}), AccessError, DEPARTMENT_OUT_OF_REACH)
        self.assertFalse(self.dept_baotou_nr.liaison_user_ids)
        # He reads them all the same.
        self.assertEqual(self.dept_baotou_nr.sudo(self.manager_hhht).name, '包头市自然资源局')
        # The manager of the autonomous region names them everywhere.
        self.dept_baotou_nr.sudo(self.manager_nmg).write(
            {'liaison_user_ids': [(4, self.agent_baotou.id)]})
        self.assertEqual(self.dept_baotou_nr.liaison_user_ids, self.agent_baotou)
        # Agents and liaison agents name nobody, not even in their own region.
        for user in self.agent_hhht | self.liaison_hhht_nr:
            self.assertRefused(lambda: self.dept_hhht_nr.sudo(user).write(
                {'liaison_user_ids': [(4, user.id)]}), AccessError, WRITE)
        # Managers neither create nor delete departments.
        self.assertRefused(lambda: self.dept_hhht_ndrc.sudo(self.manager_hhht).unlink(),
                           AccessError, UNLINK)

    def test_manager_adds_and_removes_liaison_agents_in_the_form(self):
        # A manager creates no user, yet the department form lets him add and remove them.
        self.assertFalse(self.env['res.users'].sudo(self.manager_hhht).check_access_rights(
            'create', raise_exception=False))
        self.assertEqual(self.list_actions(self.manager_hhht, 'agency.department',
                                           'liaison_user_ids'), ('true', 'true'))
        dept = self.dept_hhht_ndrc.sudo(self.manager_hhht)
        dept.write({'liaison_user_ids': [(4, self.agent_hhht.id)]})
        dept.write({'liaison_user_ids': [(3, self.agent_hhht.id)]})
        self.assertNotIn(self.agent_hhht, self.dept_hhht_ndrc.liaison_user_ids)

    def test_manager_cannot_move_a_department_out_of_his_region(self):
        county = self.env['agency.region'].create({
            'name': '东河区', 'code': '150202', 'level': 'county',
            'parent_id': self.region_baotou.id, 'bureau_name': '东河区政务服务局'})
        self.assertRefused(lambda: self.dept_hhht_nr.sudo(self.manager_hhht).write(
            {'region_id': county.id}), AccessError, DEPARTMENT_OUT_OF_REACH)
        # Also when the client turns tracking off (the tracking message used to be the
        # only thing that looked at the department after the write).
        self.assertRefused(lambda: self.dept_hhht_nr.sudo(self.manager_hhht).with_context(
            tracking_disable=True).write({'region_id': county.id}),
            AccessError, DEPARTMENT_OUT_OF_REACH)
        self.assertEqual(self.dept_hhht_nr.region_id, self.region_hhht)
        # Within his region he may.
        self.dept_hhht_ndrc.sudo(self.manager_hhht).write({'phone': '0471-1234567'})

    def test_holidays_of_the_agency_calendar(self):
        Leave = self.env['resource.calendar.leaves']
        vals = {'name': 'x', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
                'date_from': '2026-03-02 16:00:00', 'date_to': '2026-03-03 15:59:59'}
        for user in self.non_admins:
            # Employees create leaves (Odoo's access rights): the rules refuse a holiday.
            self.assertRefused(lambda: Leave.sudo(user).create(vals), AccessError, LEAVE_RULES)
            self.assertRefused(lambda: self.holiday.sudo(user).write(
                {'date_to': '2026-10-08 15:59:59'}),
                AccessError, restricted('Leave Detail', 'write'))
            self.assertRefused(lambda: self.holiday.sudo(user).unlink(),
                               AccessError, restricted('Leave Detail', 'unlink'))
            self.assertRefused(lambda: self.env['resource.calendar.workday'].sudo(user).create({
                'name': 'x', 'calendar_id': self.calendar.id, 'date': '2026-03-07'}),
                AccessError, CREATE)
            workday = self.env.ref('investment_agency.workday_2026_national_day_2').sudo(user)
            self.assertRefused(lambda: workday.write({'date': '2026-10-11'}), AccessError, WRITE)
            self.assertRefused(lambda: self.calendar.sudo(user).write({'agency_calendar': False}),
                               AccessError, WRITE, '(Document model: resource.calendar)')
        self.assertEqual(self.holiday.date_to, '2026-10-07 15:59:59')
        self.assertEqual(self.calendar.agency_add_working_days('2026-03-02', 1).isoformat(),
                         '2026-03-03')

    def test_agents_do_not_edit_other_leaves(self):
        """The agency's rule must not widen what Odoo lets employees do with leaves:
        global leaves of other calendars and other people's leaves stay out of reach,
        one's own leaves stay editable."""
        Leave = self.env['resource.calendar.leaves']
        company_calendar = self.env.ref('resource.resource_calendar_std')
        company_holiday = Leave.create({
            'name': '公司假日', 'calendar_id': company_calendar.id,
            'date_from': '2026-03-02 00:00:00', 'date_to': '2026-03-02 23:59:59'})
        Resource = self.env['resource.resource']
        own = Resource.create({'name': 'own', 'user_id': self.agent_hhht.id,
                               'calendar_id': company_calendar.id})
        other = Resource.create({'name': 'other', 'user_id': self.agent_hhht2.id,
                                 'calendar_id': company_calendar.id})
        own_leave = Leave.create({'name': 'own', 'resource_id': own.id,
                                  'calendar_id': company_calendar.id,
                                  'date_from': '2026-03-03 00:00:00',
                                  'date_to': '2026-03-03 23:59:59'})
        other_leave = Leave.create({'name': 'other', 'resource_id': other.id,
                                    'calendar_id': company_calendar.id,
                                    'date_from': '2026-03-04 00:00:00',
                                    'date_to': '2026-03-04 23:59:59'})
        agent = self.agent_hhht
        write, unlink = restricted('Leave Detail', 'write'), restricted('Leave Detail', 'unlink')
        self.assertRefused(lambda: company_holiday.sudo(agent).write({'name': 'x'}),
                           AccessError, write)
        self.assertRefused(lambda: company_holiday.sudo(agent).unlink(), AccessError, unlink)
        self.assertRefused(lambda: other_leave.sudo(agent).write({'name': 'x'}),
                           AccessError, write)
        self.assertRefused(lambda: Leave.sudo(agent).create({
            'name': 'x', 'calendar_id': company_calendar.id,
            'date_from': '2026-03-05 00:00:00', 'date_to': '2026-03-05 23:59:59'}),
            AccessError, LEAVE_RULES)
        own_leave.sudo(agent).write({'name': '年假'})
        self.assertEqual(own_leave.name, '年假')
        # Nor can he turn his own leave into a holiday of the agency calendar.
        self.assertRefused(lambda: own_leave.sudo(agent).write(
            {'calendar_id': self.calendar.id, 'resource_id': False}), AccessError, write)
        self.assertEqual(own_leave.resource_id, own)
        own_agency_leave = Leave.create({
            'name': 'own', 'resource_id': own.id, 'calendar_id': self.calendar.id,
            'tz': 'Asia/Shanghai',
            'date_from': '2026-03-09 16:00:00', 'date_to': '2026-03-10 15:59:59'})
        self.assertRefused(lambda: own_agency_leave.sudo(agent).write({'resource_id': False}),
                           AccessError, write)
        self.assertEqual(own_agency_leave.resource_id, own)
        self.assertTrue(self.calendar.agency_is_working_day('2026-03-10'))
        # The catalog administrator maintains the agency's holidays, not people's leaves.
        self.assertRefused(lambda: other_leave.sudo(self.catalog_admin).write({'name': 'x'}),
                           AccessError, write)
        self.assertRefused(lambda: company_holiday.sudo(self.catalog_admin).write({'name': 'x'}),
                           AccessError, write)

    def test_departments_without_liaison(self):
        self.assertTrue(self.dept_hhht_nr.has_liaison)  # named from the user's side
        chifeng = self.region_chifeng  # no demo liaison agent there
        dept = self.env['agency.department'].search([
            ('region_id', '=', chifeng.id), ('type_id.code', '=', 'ndrc')])
        self.assertFalse(dept.has_liaison)
        # The "Without Liaison Agent" filter of the search view.
        arch = etree.fromstring(self.env['agency.department'].fields_view_get(
            view_type='search')['arch'])
        domain = safe_eval(arch.xpath("//filter[@name='no_liaison']")[0].get('domain'))
        Department = self.env['agency.department'].sudo(self.manager_nmg)
        in_chifeng = [('region_id', '=', chifeng.id)]
        unstaffed = Department.search(in_chifeng + domain)
        self.assertEqual(len(unstaffed), 11)
        self.assertIn(dept, unstaffed)
        self.assertEqual(chifeng.unstaffed_department_count, 11)
        self.assertEqual(chifeng.department_count, 11)
        staffed_before = self.env['agency.department'].search_count([('has_liaison', '=', True)])
        # Naming one removes it from the list; removing him brings it back.
        dept.sudo(self.manager_nmg).write({'liaison_user_ids': [(4, self.agent_hhht.id)]})
        self.assertNotIn(dept, Department.search(in_chifeng + domain))
        self.assertEqual(chifeng.unstaffed_department_count, 10)
        self.assertEqual(
            self.env['agency.department'].search_count([('has_liaison', '=', True)]),
            staffed_before + 1)
        dept.sudo(self.manager_nmg).write({'liaison_user_ids': [(5, 0, 0)]})
        self.assertIn(dept, Department.search(in_chifeng + domain))
        self.assertEqual(chifeng.unstaffed_department_count, 11)

    @staticmethod
    def _parents(menu, root):
        parents = menu.browse()
        while menu != root:
            menu = menu.parent_id
            parents |= menu
        return parents

    def test_menus_open_for_their_users(self):
        """Every catalog screen a user sees in his menu opens and shows its records."""
        root = self.env.ref('investment_agency.menu_root')
        self.env['agency.publication.event'].create({
            'publication_id': self.publication.id, 'action': 'publish',
            'date_effective': '2026-01-05', 'committed_days': 10})._apply()
        # Managers and catalog administrators also see 配置 / 月报期间 (date ranges).
        expected = {
            self.liaison_hhht_nr: 5, self.agent_hhht: 5, self.manager_hhht: 6,
            self.catalog_admin: 12}
        for user, count in expected.items():
            visible = self.env['ir.ui.menu'].sudo(user).search([('id', 'child_of', root.id)])
            # The web client shows a menu when all its parents are shown too.
            catalog = self.env.ref('investment_agency.menu_catalog') | \
                self.env.ref('investment_agency.menu_config')
            menus = visible.filtered(lambda menu: menu.action and all(
                parent in visible for parent in self._parents(menu, root))
                and self._parents(menu, root) & catalog)
            self.assertEqual(len(menus), count, user.login)
            for menu in menus:
                action = menu.action
                model = self.env[action.res_model].sudo(user)
                domain = safe_eval(action.domain or '[]')
                for view_type in action.view_mode.split(',') + ['search']:
                    view_id = action.view_id.id if view_type == action.view_id.type else False
                    view = model.fields_view_get(view_id=view_id, view_type=view_type)
                    if view_type == 'search':
                        continue
                    records = model.search(domain, limit=5)
                    self.assertTrue(records, '%s: %s is empty' % (user.login, menu.name))
                    records.read(list(view['fields']))
        # A plain employee does not see the application.
        self.assertFalse(
            self.env['ir.ui.menu'].sudo(self.plain_user).search([('id', '=', root.id)]))


class TestCatalogOverRpc(AgencyHttpCase):
    """Stages, phases and department types, maintained the way the web client does it, as
    the role: created and renamed over /web/dataset/call_kw, reordered with the drag
    handle of their lists (/web/dataset/resequence). The catalog administrator may; an
    agent and a manager are refused the same calls. All of them speak Chinese."""

    # model: (values of a new record, its new name)
    CHANGES = {
        'agency.stage': ({'name': '材料预审', 'flow_step': 'verify'}, '材料预审核'),
        'agency.phase': ({'name': '前期准备', 'description': '项目前期工作'}, '前期'),
        'agency.department.type': ({'name': '气象部门', 'code': 'weather',
                                    'department_suffix': '气象局'}, '气象主管部门'),
    }

    def setUp(self):
        super(TestCatalogOverRpc, self).setUp()
        ref = self.env.ref
        hohhot = ref('investment_agency.region_hohhot')
        self.catalog_admin = self.create_user(
            'rpc_catalog', ref('investment_agency.group_catalog_admin'),
            ref('investment_agency.region_nmg'), lang='zh_CN')
        self.agent = self.create_user('rpc_agent', ref('investment_agency.group_agent'), hohhot,
                                      lang='zh_CN')
        self.manager = self.create_user('rpc_manager', ref('investment_agency.group_manager'),
                                        hohhot, lang='zh_CN')

    def listed(self, model):
        """The records of ``model`` as their list shows them, in its order."""
        rows, failure = self.call_kw(model, 'search_read', [[], ['name', 'sequence']])
        self.assertIsNone(failure, failure)
        return rows

    def test_catalog_administrator_creates_renames_and_reorders(self):
        self.login(self.catalog_admin)
        moved = {}
        for model, (values, new_name) in sorted(self.CHANGES.items()):
            record_id, failure = self.call_kw(model, 'create', [values])
            self.assertIsNone(failure, failure)
            result, failure = self.call_kw(model, 'write', [[record_id], {'name': new_name}])
            self.assertEqual((result, failure), (True, None), model)
            # Dragged to the top of the list.
            ids = [row['id'] for row in self.listed(model)]
            self.assertNotEqual(ids[0], record_id, model)
            ids = [record_id] + [other for other in ids if other != record_id]
            result, failure = self.resequence(model, ids, offset=1)
            self.assertEqual((result, failure), (True, None), model)
            rows = self.listed(model)
            self.assertEqual([row['id'] for row in rows], ids, model)
            self.assertEqual([row['sequence'] for row in rows], list(range(1, len(ids) + 1)))
            self.assertEqual(rows[0]['name'], new_name, model)
            moved[model] = ids
        # The agents see the catalog as it was left: the new names, in the new order.
        self.login(self.agent)
        for model, ids in moved.items():
            rows = self.listed(model)
            self.assertEqual([row['id'] for row in rows], ids, model)
            self.assertEqual(rows[0]['name'], self.CHANGES[model][1], model)
        stage = self.env['agency.stage'].browse(moved['agency.stage'][0])
        self.assertEqual((stage.flow_step, stage.is_closed), ('verify', False))

    def test_agents_and_managers_are_refused(self):
        existing = {
            'agency.stage': self.env.ref('investment_agency.stage_apply'),
            'agency.phase': self.env['agency.phase'].search([], limit=1),
            'agency.department.type': self.env.ref('investment_agency.dept_type_ndrc'),
        }
        before = {model: (record.name, record.sequence) for model, record in existing.items()}
        create, write = '对不起，你没有创建这种类型的文档的权限。', '对不起，你没有修改此文档的权限。'
        for user in (self.agent, self.manager):
            self.login(user)
            for model, (values, new_name) in sorted(self.CHANGES.items()):
                record = existing[model]
                self.assertRpcRefused(model, 'create', [values], error='AccessError',
                                      message=create)
                self.assertRpcRefused(model, 'write', [[record.id], {'name': new_name}],
                                      error='AccessError', message=write)
                ids = [row['id'] for row in self.listed(model)]
                result, failure = self.resequence(model, ids[::-1], offset=1)
                self.assertIsNone(result, model)
                self.assertRpcFailure(failure, 'AccessError', write)
        self.assertEqual({model: (record.name, record.sequence)
                          for model, record in existing.items()}, before)
        for model, (values, _new_name) in self.CHANGES.items():
            self.assertFalse(self.env[model].search([('name', '=', values['name'])]), model)
