from lxml import etree

from odoo.exceptions import AccessError, UserError

from .common import SERVICE_PLAN, AgencyCaseCommon, verify_case


class TestPlanTimeline(AgencyCaseCommon):
    """The declaration plan on a timeline (OCA web_timeline): the view of a case loads
    for its agent, a liaison agent and a manager, and a drag moves only what the rules
    allow."""

    @classmethod
    def setUpClass(cls):
        super(TestPlanTimeline, cls).setUpClass()
        cls.case = cls.env['agency.case'].create({
            **SERVICE_PLAN,
            'project_id': cls.project.id, 'region_id': cls.region.id, 'channel': 'window',
            'date_applied': '2026-09-01', 'user_id': cls.agent_wuhai.id,
            'item_ids': [(6, 0, [cls.item[n].id for n in (2, 7, 8, 15)])],
        })
        verify_case(cls.case)
        cls.case.write({'date_authorization': '2026-09-02', 'date_commitment': '2026-09-02',
                        'proxy_name': '代办人', 'proxy_id_number': '11010519491231002X',
                        'proxy_gender': 'female', 'date_plan_start': '2026-09-28'})
        cls.case.action_generate_plan()

    def test_timeline_of_a_case_loads(self):
        for user in (self.agent_wuhai, self.manager_wuhai, self.liaison_wuhai_nr):
            case = self.case.sudo(user)
            action = case.action_view_plan_timeline()
            self.assertEqual(action['res_model'], 'agency.case.line')
            self.assertEqual(action['view_mode'].split(',')[0], 'timeline')
            self.assertEqual(action['views'][0][1], 'timeline')
            Line = self.env['agency.case.line'].sudo(user)
            view = Line.fields_view_get(view_id=action['views'][0][0], view_type='timeline')
            arch = etree.fromstring(view['arch'])
            self.assertEqual(arch.tag, 'timeline')
            self.assertEqual((arch.get('date_start'), arch.get('date_stop'),
                              arch.get('default_group_by')),
                             ('timeline_start', 'timeline_end', 'phase_id'))
            self.assertIn("light == 'red'", arch.get('colors'))
            # What web_timeline reads: the fields of the view and of its date and group
            # attributes, for the lines the user may see.
            names = list(view['fields']) + [arch.get(attr) for attr in (
                'date_start', 'date_stop', 'default_group_by')]
            lines = Line.search_read(action['domain'], names)
            expected = self.case.line_ids
            if user == self.liaison_wuhai_nr:
                expected = expected.filtered(lambda l: l.department_id in
                                             self.liaison_wuhai_nr.agency_department_ids)
            self.assertEqual(sorted(line['id'] for line in lines), sorted(expected.ids), user.login)
            line7 = [line for line in lines if line['item_id'][0] == self.item[7].id]
            if line7:
                self.assertEqual((line7[0]['timeline_start'], line7[0]['timeline_end']),
                                 ('2026-09-29', '2026-10-19'))
                self.assertEqual(line7[0]['phase_id'][0], self.item[7].phase_id.id)
        # The region-wide timeline, by department.
        action = self.env.ref('investment_agency.action_agency_case_line_timeline')
        view = self.env['agency.case.line'].sudo(self.manager_wuhai).fields_view_get(
            view_id=action.view_id.id, view_type='timeline')
        self.assertEqual(etree.fromstring(view['arch']).get('default_group_by'), 'department_id')

    def test_a_drag_moves_a_line_not_declared_by_its_agent(self):
        line7 = self.line(self.case, 7).sudo(self.agent_wuhai)
        committed = line7.committed_days
        # What web_timeline writes on a drag: the dates and the group it was shown under.
        line7.write({'timeline_start': '2026-10-08', 'timeline_end': '2026-10-09',
                     'phase_id': line7.phase_id.id})
        self.assertEqual(line7.planned_start, '2026-10-08')
        calendar = self.region._get_calendar()
        self.assertEqual(line7.planned_end, str(calendar.agency_add_working_days(
            '2026-10-08', committed)), 'the end follows at the committed limit')
        self.assertEqual(line7.committed_days, committed, 'a drag never changes the limit')
        self.assertEqual(self.case.date_planned_end,
                         max(self.case.line_ids.mapped('planned_end')))

    def test_a_drag_is_refused_where_the_rules_say_no(self):
        line2 = self.line(self.case, 2)
        drag = {'timeline_start': '2026-10-12', 'timeline_end': '2026-10-13'}
        # Another agent of the region, a liaison agent: not their plan.
        for user in (self.agent_wuhai2, self.liaison_wuhai_nr):
            self.assertRefused(lambda: self.line(self.case, 7).sudo(user).write(drag), AccessError,
                               'Only the agent of case %s or a manager moves its plan.'
                               % self.case.name)
        # A declared item does not move any more.
        line2.sudo(self.agent_wuhai).write({'state': 'declared'})
        with self.assertRaisesRegex(UserError, 'declared already'), self.cr.savepoint():
            line2.sudo(self.agent_wuhai).write(drag)
        # Not before the application.
        with self.assertRaisesRegex(UserError, 'before the application date'), \
                self.cr.savepoint():
            self.line(self.case, 7).sudo(self.agent_wuhai).write(
                {'timeline_start': '2026-08-01', 'timeline_end': '2026-08-02'})
        # Into another phase: the phase comes from the catalog.
        other_phase = self.line(self.case, 15).phase_id
        with self.assertRaisesRegex(UserError, 'comes from the catalog'), self.cr.savepoint():
            self.line(self.case, 7).sudo(self.agent_wuhai).write(
                dict(drag, phase_id=other_phase.id))
        # A manager of the region may.
        line8 = self.line(self.case, 8).sudo(self.manager_wuhai)
        line8.write(drag)
        self.assertEqual(line8.planned_start, '2026-10-12')
