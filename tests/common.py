from odoo.tests.common import SavepointCase


class AgencyTestCommon(SavepointCase):
    """Regions, departments and one user per group, created by the test itself."""

    @classmethod
    def setUpClass(cls):
        super(AgencyTestCommon, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        # The test database is installed with zh_CN only; the test users speak
        # en_US so that messages are compared untranslated.
        cls.env['res.lang'].load_lang('en_US')
        ref = cls.env.ref
        cls.group_liaison = ref('investment_agency.group_liaison')
        cls.group_agent = ref('investment_agency.group_agent')
        cls.group_manager = ref('investment_agency.group_manager')
        cls.group_catalog = ref('investment_agency.group_catalog_admin')
        cls.group_portal = ref('base.group_portal')
        cls.calendar = ref('investment_agency.calendar_agency')

        cls.region_nmg = ref('investment_agency.region_nmg')
        cls.region_hhht = ref('investment_agency.region_hohhot')
        cls.region_baotou = ref('investment_agency.region_baotou')
        # Leagues without demo data: for tests that need an empty published list.
        cls.region_chifeng = ref('investment_agency.region_chifeng')
        cls.region_wuhai = ref('investment_agency.region_wuhai')
        Region = cls.env['agency.region']
        cls.region_xincheng = Region.search([('code', '=', '150102')]) or Region.create({
            'name': '新城区', 'code': '150102', 'level': 'county',
            'parent_id': cls.region_hhht.id, 'bureau_name': '新城区政务服务局'})
        Region._create_missing_departments(cls.region_xincheng)

        Department = cls.env['agency.department']
        cls.dept_hhht_nr = Department.search([
            ('region_id', '=', cls.region_hhht.id),
            ('type_id', '=', ref('investment_agency.dept_type_natural_resources').id)])
        cls.dept_hhht_ndrc = Department.search([
            ('region_id', '=', cls.region_hhht.id),
            ('type_id', '=', ref('investment_agency.dept_type_ndrc').id)])
        cls.dept_baotou_nr = Department.search([
            ('region_id', '=', cls.region_baotou.id),
            ('type_id', '=', ref('investment_agency.dept_type_natural_resources').id)])

        cls.manager_nmg = cls._create_user('t_manager_nmg', cls.group_manager, cls.region_nmg)
        cls.manager_hhht = cls._create_user('t_manager_hhht', cls.group_manager, cls.region_hhht)
        cls.manager_baotou = cls._create_user('t_manager_baotou', cls.group_manager, cls.region_baotou)
        cls.agent_hhht = cls._create_user('t_agent_hhht', cls.group_agent, cls.region_hhht)
        cls.agent_hhht2 = cls._create_user('t_agent_hhht2', cls.group_agent, cls.region_hhht)
        cls.agent_baotou = cls._create_user('t_agent_baotou', cls.group_agent, cls.region_baotou)
        cls.agent_xincheng = cls._create_user('t_agent_xincheng', cls.group_agent, cls.region_xincheng)
        cls.liaison_hhht_nr = cls._create_user('t_liaison_hhht_nr', cls.group_liaison, cls.region_hhht)
        cls.liaison_hhht_nr.agency_department_ids = [(4, cls.dept_hhht_nr.id)]
        cls.catalog_admin = cls._create_user('t_catalog', cls.group_catalog, cls.region_nmg)
        cls.plain_user = cls._create_user('t_plain', cls.env.ref('base.group_user'), False)

    @classmethod
    def _create_user(cls, login, group, region, **values):
        vals = {
            'name': login,
            'login': login,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [group.id])],
            'agency_region_id': region and region.id,
            'lang': 'en_US',
            'tz': 'Asia/Shanghai',
        }
        vals.update(values)
        return cls.env['res.users'].create(vals)
