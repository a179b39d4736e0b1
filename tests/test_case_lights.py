from odoo.addons.queue_job.job import Job

from .common import AgencyCaseCommon, queue_jobs, recompute, today_is


class TestCaseLights(AgencyCaseCommon):
    """Lights, activities and escalation by the daily cron (限时办结, 上下联动)."""

    @classmethod
    def setUpClass(cls):
        super(TestCaseLights, cls).setUpClass()
        params = cls.env['ir.config_parameter']
        params.set_param('investment_agency.warning_days', 3)
        params.set_param('investment_agency.escalation_days', 2)

    def accepted_case(self, numbers=(7,), accepted='2026-09-28', user=None):
        case = self.create_case(numbers=numbers, user_id=(user or self.agent_wuhai).id)
        self.sign(case)
        case.action_generate_plan()
        with today_is(accepted):
            case.line_ids.write({'state': 'declared'})
            case.line_ids.write({'state': 'accepted'})
        return case

    def test_green_yellow_red_and_escalation(self):
        case = self.accepted_case()
        line = case.line_ids
        self.assertEqual(line.deadline, '2026-10-16')
        managers_above = sorted(('escalation2', user.login)
                                for user in self.region_nmg.manager_ids)
        self.run_cron('2026-10-12')  # deadline after 10-15 (3 working days ahead): green
        self.assertEqual((line.light, case.light), ('green', 'green'))
        self.assertEqual(self.alerts(line), [])
        self.run_cron('2026-10-13')  # 10-16 is 3 working days ahead: yellow
        self.assertEqual((line.light, case.light), ('yellow', 'yellow'))
        # The agent, and the liaison agent of the department that handles the item.
        self.assertEqual(self.alerts(line), [('yellow', 't_agent_wuhai'),
                                             ('yellow', 't_liaison_wuhai_nr')])
        activity = self.env['mail.activity'].search([('agency_line_id', '=', line.id),
                                                     ('user_id', '=', self.agent_wuhai.id)])
        self.assertEqual((activity.res_model, activity.res_id), ('agency.case', case.id))
        self.assertEqual(activity.activity_type_id,
                         self.env.ref('investment_agency.activity_type_due_soon'))
        self.assertIn(line.item_id.name, activity.summary)
        self.assertIn(activity, case.activity_ids)
        # Again the same day, and the next: nothing new.
        self.run_cron('2026-10-13')
        self.run_cron('2026-10-14')
        self.assertEqual(self.alerts(line), [('yellow', 't_agent_wuhai'),
                                             ('yellow', 't_liaison_wuhai_nr')])
        # Overdue on Saturday 10-17: red for the agent, escalated to the managers of 乌海市.
        self.manager_wuhai.lang = 'zh_CN'
        self.run_cron('2026-10-17')
        self.assertEqual((line.light, line.escalation_level, case.light), ('red', 1, 'red'))
        seen = [('escalation1', 't_manager_wuhai'), ('red', 't_agent_wuhai'),
                ('red', 't_liaison_wuhai_nr'), ('yellow', 't_agent_wuhai'),
                ('yellow', 't_liaison_wuhai_nr')]
        self.assertEqual(self.alerts(line), seen)
        # Each in the language of the user who receives it.
        summaries = {a.user_id: a.summary for a in self.env['mail.activity'].search([
            ('agency_line_id', '=', line.id), ('agency_alert', 'in', ('red', 'escalation1'))])}
        self.assertEqual(summaries[self.agent_wuhai], 'Overdue: %s' % line.item_id.name)
        self.assertEqual(summaries[self.manager_wuhai], '已超期，已提交督办：%s' % line.item_id.name)
        # Two working days overdue (10-19, 10-20): escalated to the region above.
        self.run_cron('2026-10-19')
        self.assertEqual(line.escalation_level, 1)
        self.run_cron('2026-10-20')
        self.assertEqual(line.escalation_level, 2)
        self.assertEqual(self.alerts(line), sorted(seen + managers_above))
        self.assertIn(('escalation2', 't_manager_nmg'), self.alerts(line))
        count = len(self.alerts(line))
        self.run_cron('2026-10-20')
        self.run_cron('2026-10-21')
        self.assertEqual(len(self.alerts(line)), count)
        self.assertEqual(line.working_days_used, 13)  # 09-29 … 10-21, 国庆 off, 10-10 worked
        # Closing the line closes its alerts.
        with today_is('2026-10-21'):
            line.write({'result_number': '乌自然资预〔2026〕9号', 'state': 'done'})
        self.assertEqual(self.alerts(line), [])
        self.assertEqual((line.light, line.on_time), ('none', False))

    def test_yellow_at_acceptance_is_still_alerted(self):
        """A short limit is yellow from the start: the cron still tells the agent, once."""
        case = self.accepted_case(numbers=(2,), accepted='2026-10-13')  # 1 working day
        line = case.line_ids
        with today_is('2026-10-13'):
            line.invalidate_cache()
            recompute(line, 'deadline')
        self.assertEqual(line.light, 'yellow')
        self.run_cron('2026-10-13')
        self.run_cron('2026-10-13')
        self.assertEqual(self.alerts(line), [('yellow', 't_agent_wuhai')])

    def test_paused_line_has_no_light(self):
        case = self.accepted_case()
        line = case.line_ids
        with today_is('2026-10-09'):
            line._request_correction('缺少勘测定界图')
        self.run_cron('2026-10-20')  # would be red without the pause
        self.assertEqual(line.light, 'none')
        self.assertEqual(line.deadline, '2026-10-28')  # 10-16 moved by 10-10 … 10-20 (8 days)
        self.assertEqual(self.alerts(line), [])
        with today_is('2026-10-20'):
            line.action_resume()
        self.assertEqual((line.deadline, line.paused_days), ('2026-10-28', 8))
        self.run_cron('2026-10-26')
        self.assertEqual(line.light, 'yellow')

    def test_unassigned_case_alerts_the_managers(self):
        case = self.accepted_case()
        case.sudo(self.manager_wuhai).write({'user_id': False})
        self.run_cron('2026-10-13')
        self.assertEqual(self.alerts(case.line_ids), [('yellow', 't_liaison_wuhai_nr'),
                                                      ('yellow', 't_manager_wuhai')])

    def test_alerts_are_activities_of_the_orm(self):
        """Alerts are real activities: the recipient follows the case and sees the
        activity; an inactive liaison agent gets none."""
        inactive = self._create_user('t_liaison_gone', self.group_liaison, self.region)
        inactive.agency_department_ids = [(4, self.dept['natural_resources'].id)]
        inactive.active = False
        case = self.accepted_case()
        self.run_cron('2026-10-13')
        self.assertNotIn(('yellow', 't_liaison_gone'), self.alerts(case.line_ids))
        self.assertIn(self.liaison_wuhai_nr.partner_id, case.message_partner_ids)
        activities = self.env['mail.activity'].sudo(self.liaison_wuhai_nr).search(
            [('user_id', '=', self.liaison_wuhai_nr.id)])
        self.assertEqual(activities.mapped('agency_alert'), ['yellow'])

    def test_queries_do_not_grow_with_the_lines(self):
        """A run reads and writes in as many statements for 3 lines as for 30; each
        activity given costs what Odoo's ``mail.activity.create`` costs (followers,
        notification), never a statement per line scanned."""
        def queries(cases, day, reset):
            self.run_cron('2026-10-12')
            lines = cases.mapped('line_ids')
            if reset:
                self.env['mail.activity'].search([('agency_line_id', 'in', lines.ids)]).unlink()
                lines._write_system({'alerted_light': 'green', 'escalation_level': 0})
            activities = self.env['mail.activity'].search_count([])
            before = self.cr.sql_log_count
            self.run_cron(day)
            given = self.env['mail.activity'].search_count([]) - activities
            return self.cr.sql_log_count - before, given

        cases = self.accepted_case(numbers=(7, 9, 15))
        queries(cases, '2026-10-17', True)  # warm the caches
        small, small_given = queries(cases, '2026-10-17', True)
        quiet_small, _given = queries(cases, '2026-10-12', False)
        for _i in range(9):
            cases |= self.accepted_case(numbers=(7, 9, 15))
        self.assertEqual(len(cases.mapped('line_ids')), 30)
        queries(cases, '2026-10-17', True)  # the recipients follow every case
        quiet_large, _given = queries(cases, '2026-10-12', False)
        large, large_given = queries(cases, '2026-10-17', True)
        self.assertEqual(set(cases.mapped('line_ids.light')), {'red'})
        # Nothing to tell: the same statements for 30 lines as for 3.
        self.assertEqual(quiet_small, quiet_large)
        self.assertLess(quiet_large, 20)
        # Every line red: red for the agent (and the liaison of the department of item 7),
        # escalation to the manager, each given once, at the ORM's cost per activity
        # (measured beside it: 53 statements here, 59.75 per alert given).
        self.assertEqual(small_given * 10, large_given)
        orm = self.orm_activity_cost(cases[0])
        for total, quiet, given in ((small, quiet_small, small_given),
                                    (large, quiet_large, large_given)):
            # Beyond the ORM's own cost, a few statements per alert: the line's texts
            # read in the recipient's language.
            self.assertLessEqual((total - quiet) / given, orm + 10)

    def orm_activity_cost(self, case):
        """The statements of Odoo's own ``mail.activity.create`` of an overdue alert for
        the case's agent, who already follows it (measured here, not written down: it
        depends on the mail addons installed and on the recipient's notification)."""
        values = {
            'res_model_id': self.env['ir.model']._get('agency.case').id,
            'res_id': case.id,
            'activity_type_id': self.env.ref('investment_agency.activity_type_overdue').id,
            'summary': 'Overdue', 'note': '<p>Deadline</p>',
            'date_deadline': '2026-10-17', 'user_id': case.user_id.id,
        }
        Activity = self.env['mail.activity'].sudo()
        Activity.create(values).unlink()  # warm the caches
        before = self.cr.sql_log_count
        Activity.create(values)
        return self.cr.sql_log_count - before

    def test_alerts_given_by_one_background_job(self):
        """With a job runner (not the tests' run-at-once), a run queues one job with all
        its alerts: as many statements for 3 lines turning red as for 30; the job then
        gives the activities through the ORM, and run again gives none twice."""
        queue_jobs(self)
        Job_ = self.env['queue.job']

        def run(cases, day):
            lines = cases.mapped('line_ids')
            self.run_cron('2026-10-12')
            lines._write_system({'alerted_light': 'green', 'escalation_level': 0})
            jobs = Job_.search([])
            before = self.cr.sql_log_count
            self.run_cron(day)
            return self.cr.sql_log_count - before, Job_.search([]) - jobs

        cases = self.accepted_case(numbers=(7, 9, 15))
        run(cases, '2026-10-17')  # warm the caches
        small, small_jobs = run(cases, '2026-10-17')
        for _i in range(9):
            cases |= self.accepted_case(numbers=(7, 9, 15))
        large, large_jobs = run(cases, '2026-10-17')
        self.assertLessEqual(abs(large - small), 2, (small, large))
        self.assertEqual((len(small_jobs), len(large_jobs)), (1, 1))
        self.assertEqual(large_jobs.method_name, '_give')
        self.assertFalse(self.env['mail.activity'].search(
            [('agency_line_id', 'in', cases.mapped('line_ids').ids)]))
        # The job: red for the agent and the department's liaison agent, escalation to
        # the manager, every line once.
        for _run in range(2):
            Job.load(self.env, large_jobs.uuid).perform()
        line = cases[-1].line_ids.filtered(lambda l: l.item_id == self.item[7])
        self.assertEqual(self.alerts(line), [('escalation1', 't_manager_wuhai'),
                                             ('red', 't_agent_wuhai'),
                                             ('red', 't_liaison_wuhai_nr')])
        given = self.env['mail.activity'].search(
            [('agency_line_id', 'in', cases.mapped('line_ids').ids)])
        self.assertEqual(len(given), len({(a.agency_line_id, a.agency_alert, a.user_id)
                                          for a in given}), 'an alert given twice')
        self.assertEqual(set(given.filtered(lambda a: a.user_id == self.agent_wuhai)
                             .mapped('agency_line_id')), set(cases.mapped('line_ids')))
