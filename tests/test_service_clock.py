"""One service day: the date in Beijing, whoever acts and whatever the server's hour.

From 16:00 to 24:00 UTC the UTC date is a day behind Beijing's. Every test here
runs at the instants of ``CLOCK_INSTANTS`` (15:59, 16:01 and 23:59 UTC, 00:01 in
Beijing on the first of a month) and as users of several time zones.
"""
from .common import SERVICE_PLAN, CLOCK_INSTANTS, AgencyCaseCommon, clock_at, today_is, verify_case

TIME_ZONES = ('Asia/Shanghai', 'UTC', 'Europe/Brussels', 'America/Los_Angeles')


class TestServiceClock(AgencyCaseCommon):

    @classmethod
    def setUpClass(cls):
        super(TestServiceClock, cls).setUpClass()
        cls.abroad = {tz: cls._create_user('t_tz_%s' % tz.split('/')[-1].lower(),
                                           cls.group_manager, cls.region, tz=tz)
                      for tz in TIME_ZONES}

    def test_service_day_whatever_the_user(self):
        for moment, day in CLOCK_INSTANTS:
            with clock_at(moment):
                for tz, user in self.abroad.items():
                    env = self.env(user=user, context={'tz': tz})
                    self.assertEqual(env['resource.calendar'].agency_today(), day,
                                     '%s for a user on %s' % (moment, tz))
                    self.assertEqual(self.region._get_calendar().sudo(user).agency_today(), day)

    def test_dates_of_a_case_are_service_days(self):
        """Application, step dates, plan, declaration, acceptance and the wizards'
        defaults: the service day at every instant, for an agent on UTC."""
        self.agent_wuhai.tz = 'UTC'
        for moment, day in CLOCK_INSTANTS:
            with clock_at(moment):
                Case = self.env['agency.case'].sudo(self.agent_wuhai)
                # The agent opens the case for himself: it is at 接洽核实 at once.
                case = Case.create({**SERVICE_PLAN, 'project_id': self.project.id,
                                    'user_id': self.agent_wuhai.id,
                                    'item_ids': [(6, 0, [self.item[7].id])]})
                self.assertEqual((case.date_applied, case.date_verify), (day, day), moment)
                verify_case(case)
                self.assertEqual(case.verify_date, day, moment)
                case.write({'date_authorization': day, 'date_commitment': day})
                self.assertEqual(case.date_sign, day, moment)
                case.action_generate_plan()
                self.assertEqual((case.date_plan, case.date_plan_start), (day, day), moment)
                line = case.line_ids
                line.write({'state': 'declared'})
                line.write({'state': 'accepted'})
                self.assertEqual((line.date_declared, line.date_accepted), (day, day), moment)
                self.assertEqual(case.date_declare, day)
                for model, field in (('agency.case.complete', 'date_done'),
                                     ('agency.case.terminate', 'date_terminated'),
                                     ('agency.case.evaluate', 'rating_date')):
                    defaults = self.env[model].sudo(self.agent_wuhai).with_context(
                        active_model='agency.case', active_id=case.id).default_get([field])
                    self.assertEqual(defaults[field], day, (moment, model))
                # Acting today is allowed, whatever the user's own date is.
                case.sudo(self.manager_wuhai)._check_closing_date(day)

    def test_case_number_year_is_beijing_year(self):
        with clock_at('2026-12-31 16:01:00'):  # 2027-01-01 00:01 in Beijing
            case = self.env['agency.case'].create({**SERVICE_PLAN, 'project_id': self.project.id})
        self.assertEqual(case.date_applied, '2027-01-01')
        self.assertIn('-2027-', case.name)

    def test_monthly_period_and_reminder(self):
        """The period ends on the 25th and the reminder comes on the 20th, in Beijing."""
        Report = self.env['agency.monthly.report']
        with clock_at('2026-11-25 15:59:00'):
            self.assertEqual(Report._default_period_id().name, '2026年11月')
        with clock_at('2026-11-25 16:01:00'):  # the 26th in Beijing: next period
            self.assertEqual(Report._default_period_id().name, '2026年12月')
            ledger = self.env['agency.ledger.export'].sudo(self.manager_wuhai).default_get(
                ['date_from', 'date_to'])
            self.assertEqual((ledger['date_from'], ledger['date_to']),
                             ('2026-11-26', '2026-12-25'))
        with clock_at('2026-11-19 15:59:00'):
            self.assertEqual(Report._cron_remind_managers(), 0)
        with clock_at('2026-11-19 16:01:00'):  # the 20th in Beijing
            self.assertGreater(Report._cron_remind_managers(), 0)
        report = Report.search([('region_id', '=', self.region.id), ('month', '=', '2026-11')])
        self.assertEqual(report.date_reminded, '2026-11-20')

    def _case_due_on(self, deadline_day):
        """An accepted case of item 7 (10 working days) due on ``deadline_day``."""
        case = self.create_case(numbers=(7,), user_id=self.agent_wuhai.id)
        self.sign(case)
        case.action_generate_plan()
        with today_is('2026-09-28'):
            case.line_ids.write({'state': 'declared'})
            case.line_ids.write({'state': 'accepted'})
        self.assertEqual(case.line_ids.deadline, deadline_day)
        return case

    def test_cron_turns_red_on_beijing_day_whatever_its_user(self):
        """The cron runs at 00:15 Beijing time as its user: a line due on Beijing's
        yesterday is red, whether that user lives in Brussels or on UTC."""
        cron = self.env.ref('investment_agency.ir_cron_case_lights')
        for tz in ('Europe/Brussels', 'UTC'):
            case = self._case_due_on('2026-10-16')
            line = case.line_ids
            cron.user_id.tz = tz
            with clock_at('2026-10-16 15:59:00'):  # 23:59 on the deadline in Beijing
                cron.method_direct_trigger()
            line.invalidate_cache()
            self.assertEqual(line.light, 'yellow', tz)
            with clock_at('2026-10-16 16:15:00'):  # 00:15 the next day in Beijing
                cron.method_direct_trigger()
            line.invalidate_cache()
            case.invalidate_cache()
            self.assertEqual((line.light, line.escalation_level, case.light),
                             ('red', 1, 'red'), tz)
            alerts = self.env['mail.activity'].search([('agency_line_id', '=', line.id)])
            self.assertEqual(set(alerts.mapped('date_deadline')), {'2026-10-16', '2026-10-17'})
            self.assertEqual(set(alerts.filtered(lambda a: a.agency_alert == 'red')
                                 .mapped('date_deadline')), {'2026-10-17'}, tz)
