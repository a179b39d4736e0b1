"""A known data set for the supervision tests, in regions without demo records.

赤峰市 (150400) with two banners below it, 红山区 and 松山区; 乌海市 as an outsider.
Everything is dated relative to the last complete reporting period (26th to 25th),
so that the figures of that period are known by hand:

=====  ========  ===========  ==================  ===================================
case   region    applied      closed              items (statutory, committed, used)
=====  ========  ===========  ==================  ===================================
C1     赤峰市    start+1      open, key project   L1 item 2 done (3, 1, 1) on time
                                                  L2 item 7 done (20, 1, 3) late
                                                  L3 item 16 accepted start-20 (red)
                                                  L7 item 2 done before the period
C2     红山区    start+3      done start+10       L4 item 2 done (3, 1, 0) on time;
                                                  rated very satisfied start+12
C3     红山区    start+4      terminated start+8  L5 item 16 refused (10, 5, 2) on time
C4     赤峰市    start-40     done start+5        rated unsatisfied start+6
C5     赤峰市    end+1        open, no agent
C6     松山区    start-10     open                plan saved 5 days, planned before
C7     乌海市    start+2      open                L8 item 2 done (3, 1, 1)
=====  ========  ===========  ==================  ===================================

C1's plan saved 4 working days, planned start+2. A joint review meeting of 赤峰市
held start+5 left one decision open. 乌海市 also has five lines of item 18, used
1, 2, 3, 4 and 10 working days, closed in one year (for the percentiles).
"""
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields

from .common import loading_data, service_today


class SupervisionData(object):
    """Mixin of a test case class (after AgencyTestCommon): builds the data set once."""

    @classmethod
    def _create_supervision_data(cls):
        ref = cls.env.ref
        today = fields.Date.from_string(service_today(cls.env))
        cls.today = today
        cls.period = cls.env['date.range']._agency_period_of(today - relativedelta(months=1))
        cls.month = cls.period.date_end[:7]
        cls.start = fields.Date.from_string(cls.period.date_start)
        cls.end = fields.Date.from_string(cls.period.date_end)
        start, end = cls.start, cls.end
        Region = cls.env['agency.region']
        cls.region_hongshan = Region.search([('code', '=', '150402')]) or Region.create({
            'name': '红山区', 'code': '150402', 'level': 'county',
            'parent_id': cls.region_chifeng.id, 'bureau_name': '红山区政务服务局'})
        cls.region_songshan = Region.search([('code', '=', '150404')]) or Region.create({
            'name': '松山区', 'code': '150404', 'level': 'county',
            'parent_id': cls.region_chifeng.id, 'bureau_name': '松山区政务服务局'})
        Region._create_missing_departments(cls.region_hongshan | cls.region_songshan)
        cls.manager_chifeng = cls._create_user('t_manager_chifeng', cls.group_manager,
                                               cls.region_chifeng)
        cls.manager_hongshan = cls._create_user('t_manager_hongshan', cls.group_manager,
                                                cls.region_hongshan)
        cls.manager_wuhai = cls._create_user('t_manager_wuhai', cls.group_manager,
                                             cls.region_wuhai)
        cls.agent_chifeng = cls._create_user('t_agent_chifeng', cls.group_agent,
                                             cls.region_chifeng)
        cls.agent_hongshan = cls._create_user('t_agent_hongshan', cls.group_agent,
                                              cls.region_hongshan)

        Department = cls.env['agency.department']

        def department(region, type_xmlid):
            return Department.search([('region_id', '=', region.id),
                                      ('type_id', '=', ref(type_xmlid).id)])

        cls.dept_chifeng_ndrc = department(cls.region_chifeng, 'investment_agency.dept_type_ndrc')
        cls.dept_chifeng_nr = department(cls.region_chifeng,
                                         'investment_agency.dept_type_natural_resources')
        cls.dept_chifeng_water = department(cls.region_chifeng,
                                            'investment_agency.dept_type_water')
        cls.dept_hongshan_ndrc = department(cls.region_hongshan,
                                            'investment_agency.dept_type_ndrc')
        cls.dept_hongshan_water = department(cls.region_hongshan,
                                             'investment_agency.dept_type_water')
        cls.dept_wuhai_ndrc = department(cls.region_wuhai, 'investment_agency.dept_type_ndrc')
        cls.dept_wuhai_water = department(cls.region_wuhai, 'investment_agency.dept_type_water')
        # One liaison agent in the subtree of 赤峰市.
        cls.liaison_chifeng = cls._create_user('t_liaison_chifeng', cls.group_liaison,
                                               cls.region_chifeng)
        cls.dept_chifeng_ndrc.liaison_user_ids = [(4, cls.liaison_chifeng.id)]

        cls.item_filing = ref('investment_agency.item_enterprise_filing')         # 2
        cls.item_land = ref('investment_agency.item_land_preexamination')         # 7
        cls.item_soil = ref('investment_agency.item_soil_conservation')           # 16
        cls.item_water_acceptance = ref('investment_agency.item_water_acceptance')  # 18
        cls.calendar = ref('investment_agency.calendar_agency')

        # History, as a data file loads it: cases at later steps, lines already handled.
        with loading_data(cls.env):
            partner = cls.env['res.partner'].create({
                'name': '赤峰测试新能源有限公司', 'is_company': True})
            Project = cls.env['agency.project']

            def project(name, region, key=False):
                return Project.create({
                    'name': name, 'partner_id': partner.id, 'region_id': region.id,
                    'contact_name': '测试经办人', 'contact_phone': '13904761234',
                    'address': '%s测试地址' % region.name, 'total_investment': 1000,
                    'is_key_project': key, 'category': 'key' if key else 'attraction'})

            stage = {step: cls.env['agency.stage'].search([('flow_step', '=', step)], limit=1)
                     for step in ('apply', 'verify', 'declare', 'done', 'terminated')}
            Case = cls.env['agency.case']

            def case(name, region, applied, step, key=False, **values):
                vals = {
                    'project_id': project(name, region, key).id,
                    'region_id': region.id,
                    'date_applied': fields.Date.to_string(applied),
                    'stage_id': stage[step].id,
                    'channel': 'window',
                }
                vals.update(values)
                return Case.create(vals)

            day = fields.Date.to_string
            cls.case1 = case('赤峰锂电材料项目', cls.region_chifeng, start + timedelta(days=1),
                             'declare', key=True, user_id=cls.agent_chifeng.id,
                             date_plan=day(start + timedelta(days=2)), plan_days_saved=4)
            cls.case2 = case('红山区食品加工项目', cls.region_hongshan, start + timedelta(days=3),
                             'done', user_id=cls.agent_hongshan.id,
                             date_done=day(start + timedelta(days=10)))
            cls.case3 = case('红山区物流仓储项目', cls.region_hongshan, start + timedelta(days=4),
                             'terminated', user_id=cls.agent_hongshan.id,
                             date_terminated=day(start + timedelta(days=8)),
                             termination_reason='item_ineligible')
            cls.case4 = case('赤峰风电配套项目', cls.region_chifeng, start - timedelta(days=40),
                             'done', user_id=cls.agent_chifeng.id,
                             date_done=day(start + timedelta(days=5)))
            cls.case5 = case('赤峰光伏制氢项目', cls.region_chifeng, end + timedelta(days=1), 'apply')
            cls.case6 = case('松山区农产品加工项目', cls.region_songshan, start - timedelta(days=10),
                             'verify', user_id=cls.agent_chifeng.id,
                             date_plan=day(start - timedelta(days=5)), plan_days_saved=5)
            cls.case7 = case('乌海焦化技改项目', cls.region_wuhai, start + timedelta(days=2), 'declare')
            cls.case2.write({'rating': 'very_satisfied',
                             'rating_date': day(start + timedelta(days=12))})
            cls.case4.write({'rating': 'unsatisfied', 'rating_date': day(start + timedelta(days=6)),
                             'rating_comment': '部门之间衔接不畅'})

            Line = cls.env['agency.case.line']
            add = cls.calendar.agency_add_working_days

            def line(case, item, dept, state, accepted, used=None, committed=1, statutory=3):
                vals = {
                    'case_id': case.id, 'item_id': item.id, 'department_id': dept.id,
                    'state': state, 'committed_days': committed, 'statutory_days': statutory,
                    'date_declared': day(accepted), 'date_accepted': day(accepted),
                }
                if used is not None:
                    result = add(accepted, used)
                    vals.update(result_date=day(result), date_closed=day(result),
                                result_number='测试〔%s〕号' % item.number)
                return Line.create(vals)

            accepted = start + timedelta(days=2)
            cls.line1 = line(cls.case1, cls.item_filing, cls.dept_chifeng_ndrc, 'done', accepted, 1)
            cls.line2 = line(cls.case1, cls.item_land, cls.dept_chifeng_nr, 'done', accepted, 3,
                             statutory=20)
            cls.line3 = line(cls.case1, cls.item_soil, cls.dept_chifeng_water, 'accepted',
                             start - timedelta(days=20), statutory=20)
            cls.line7 = line(cls.case1, cls.item_filing, cls.dept_chifeng_ndrc, 'done',
                             start - timedelta(days=15), 2)
            cls.line4 = line(cls.case2, cls.item_filing, cls.dept_hongshan_ndrc, 'done',
                             start + timedelta(days=3), 0)
            cls.line5 = line(cls.case3, cls.item_soil, cls.dept_hongshan_water, 'refused',
                             start + timedelta(days=4), 2, committed=5, statutory=10)
            cls.line8 = line(cls.case7, cls.item_filing, cls.dept_wuhai_ndrc, 'done', accepted, 1)

            # Five lines of item 18 in 乌海市, all handled in one year.
            first = today - timedelta(days=60)
            while add(first, 10).year != first.year:
                first -= timedelta(days=20)
            cls.stats_year = str(first.year)
            cls.stats_lines = Line.browse()
            for used in (1, 2, 3, 4, 10):
                cls.stats_lines |= line(cls.case7, cls.item_water_acceptance, cls.dept_wuhai_water,
                                        'done', first, used, committed=5, statutory=20)
            # The statistics are refreshed by the daily scheduled action.
            cls.env['agency.item.statistics']._refresh()

            meeting = cls.env['agency.meeting'].create({
                'name': '赤峰锂电材料项目会商联审',
                'region_id': cls.region_chifeng.id,
                'date_start': '%s 02:00:00' % day(start + timedelta(days=5)),
                'organizer_id': cls.manager_chifeng.id,
                'case_ids': [(6, 0, cls.case1.ids)],
                'department_ids': [(6, 0, cls.dept_chifeng_water.ids)],
                'state': 'held',
            })
            cls.decision = cls.env['agency.meeting.decision'].create({
                'meeting_id': meeting.id,
                'name': '水务局在5个工作日内完成水土保持方案审查',
                'department_id': cls.dept_chifeng_water.id,
                'case_id': cls.case1.id,
                'date_deadline': day(start + timedelta(days=12)),
            })
