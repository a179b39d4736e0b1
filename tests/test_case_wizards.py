from odoo.exceptions import AccessError, UserError, ValidationError

from .common import NOT_ALLOWED, out_of_reach, service_today
from .forms_common import AgencyFormsCommon, flat

CASE_OUT_OF_REACH = out_of_reach('Agency Case')
NONE = [{'name': '无'}]
NONE_LINE = [(0, 0, {'name': '无'})]
LICENCE = [{'name': '营业执照', 'kind': 'original'}]
MATERIALS_REQUIRED = ('Case %s: record the materials handed back to the applicant (at least '
                      'one) before it is archived, completed or terminated.')


class TestCaseWizards(AgencyFormsCommon):
    """Completion, termination and evaluation: what each wizard refuses, what it does,
    and the follow-up of a bad rating."""

    @classmethod
    def setUpClass(cls):
        super(TestCaseWizards, cls).setUpClass()
        cls.Complete = cls.env['agency.case.complete']
        cls.Terminate = cls.env['agency.case.terminate']
        cls.Evaluate = cls.env['agency.case.evaluate']

    def _wizard(self, model, case, user, **values):
        Wizard = self.env[model].sudo(user).with_context(active_model='agency.case',
                                                         active_id=case.id)
        return Wizard.create(values)

    def _forms(self, case, prefix):
        return self.env['ir.attachment'].search([
            ('res_model', '=', 'agency.case'), ('res_id', '=', case.id),
            ('name', '=like', prefix + '%')])

    def as_agent(self, case):
        return case.sudo(self.agent_cf)

    def outsiders(self):
        """The users who do not read a case of 赤峰市, each with his refusal (the acting
        users speak English). The liaison agent of its departments reads it, and is
        refused any change of it: NOT_ALLOWED['write']."""
        return [(self.portal_user, CASE_OUT_OF_REACH), (self.plain_user, NOT_ALLOWED['read']),
                (self.agent_baotou, CASE_OUT_OF_REACH)]

    # ------------------------------------------------------------------ completion

    def test_complete_refused_while_items_are_open(self):
        case = self._plan(self._create_case())
        case.line_ids[0].write({'state': 'withdrawn'})
        wizard = self._wizard('agency.case.complete', case, self.agent_cf,
                              material_ids=[(0, 0, {'name': '营业执照原件'})])
        self.assertEqual(wizard.case_id, case, 'the wizard opens on the active case')
        self.assertRefused(wizard.action_complete,
                           UserError,
                           'Case %s cannot be completed while these items are open: ' % case.name)
        self.assertNotEqual(case.flow_step, 'done')
        self.assertFalse(case.date_done)
        self.assertFalse(self._forms(case, '办结单'))

    def test_complete_checks_materials_and_date(self):
        case = self._close_lines(self._plan(self._create_case()))
        self.assertRefused(lambda: self.as_agent(case)._complete('2026-11-20', []), UserError,
                           MATERIALS_REQUIRED % case.name)
        self.assertRefused(lambda: self.as_agent(case)._complete('2026-11-10', LICENCE),
                           UserError, 'Case %s cannot be completed on 2026-11-10, before the '
                           'result of its last item (2026-11-18).' % case.name)
        self.assertRefused(lambda: self.as_agent(case)._complete('2099-01-01', LICENCE),
                           UserError, 'Case %s: the date 2099-01-01 is in the future.' % case.name)
        self.assertRefused(lambda: self.as_agent(case)._complete('2026-08-01', LICENCE),
                           UserError, 'Case %s: the date 2026-08-01 is before the application date '
                           '2026-09-01.' % case.name)
        # Without a plan there is nothing to complete.
        unplanned = self.as_agent(self._create_case())
        self.assertRefused(lambda: unplanned._complete('2026-11-20', LICENCE),
                           UserError, 'Case %s has no declaration plan yet.' % unplanned.name)
        # Moving the stage by hand is refused: the wizard is the way.
        self.assertRefused(lambda: self.as_agent(case).write({'stage_id': self._stage('done').id}),
                           UserError, 'A case is completed only through the completion wizard.')

    def test_complete_by_the_agent(self):
        case = self._close_lines(self._plan(self._create_case()))
        wizard = self._wizard('agency.case.complete', case, self.agent_cf, date_done='2026-11-20',
                              material_ids=[(0, 0, {'name': '营业执照', 'kind': 'original'}),
                                            (0, 0, {'name': '项目备案申请材料', 'kind': 'copy',
                                                    'copies': 2, 'received_by': '包经办',
                                                    'date_returned': '2026-11-19'})])
        self.assertEqual((wizard.line_closed_count, wizard.line_count), (3, 3))
        wizard.action_complete()
        self.assertEqual(case.flow_step, 'done')
        self.assertTrue(case.is_closed)
        self.assertEqual(case.date_done, '2026-11-20')
        self.assertEqual(case.date_closed, '2026-11-20')
        self.assertEqual(
            [(m.name, m.kind, m.copies, m.date_returned, m.received_by)
             for m in case.returned_material_ids],
            [('营业执照', 'original', 1, '2026-11-20', case.project_id.contact_name),
             ('项目备案申请材料', 'copy', 2, '2026-11-19', '包经办')])
        attachment = self._forms(case, '办结单')
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.name, '办结单-%s.pdf' % case.name)
        self.assertEqual(attachment.mimetype, 'application/pdf')
        body = flat(self._attachment_text(attachment))
        self.assertIn('“帮您办”代办帮办服务办结单', body)
        self.assertIn('已于2026年11月20日完成代办帮办服务工作', body)
        # The 移交资料清单: a ruled table, one row per material handed back.
        self.assertIn('附:移交资料清单序号资料名称原件/复印件份数退还日期接收人', body)
        self.assertIn('1营业执照原件12026年11月20日%s' % case.project_id.contact_name, body)
        self.assertIn('2项目备案申请材料复印件22026年11月19日包经办', body)
        message = case.message_ids.filtered(lambda m: attachment in m.attachment_ids)
        self.assertEqual(len(message), 1, 'the chatter links the printed form')
        self.assertIn('附件6', message.body)
        # A closed case is completed once, and cannot be terminated any more.
        self.assertRefused(lambda: self.as_agent(case)._complete('2026-11-25', LICENCE),
                           UserError, 'Case %s is closed already.' % case.name)
        self.assertRefused(lambda: self.as_agent(case)._terminate('other', '重复', '2026-11-25',
                                                                  NONE),
                           UserError, 'Case %s is closed: it cannot be terminated.' % case.name)

    def test_complete_access(self):
        case = self._close_lines(self._plan(self._create_case()))
        for user, refusal in [(self.liaison_cf, NOT_ALLOWED['write'])] + self.outsiders() + \
                [(self.manager_baotou, CASE_OUT_OF_REACH)]:
            wizard = self._wizard('agency.case.complete', case, user,
                                  material_ids=[(0, 0, {'name': '营业执照原件'})])
            self.assertRefused(wizard.action_complete, AccessError, refusal)
        self.assertNotEqual(case.flow_step, 'done')
        # The manager of the region above completes it.
        self._wizard('agency.case.complete', case, self.manager_nmg,
                     material_ids=[(0, 0, {'name': '营业执照原件'})]).action_complete()
        self.assertEqual(case.flow_step, 'done')

    # ------------------------------------------------------------------ termination

    def test_terminate_withdraws_the_open_items(self):
        case = self._plan(self._create_case())
        line = case.line_ids[0]
        line.write({'state': 'declared', 'date_declared': '2026-09-10'})
        line.write({'state': 'accepted', 'date_accepted': '2026-09-14'})
        line.write({'state': 'done', 'result_number': '赤发改备〔2026〕1号',
                    'result_date': '2026-09-20'})
        case.line_ids[1].write({'state': 'declared', 'date_declared': '2026-09-10'})
        wizard = self._wizard('agency.case.terminate', case, self.agent_cf,
                              termination_reason='item_ineligible',
                              termination_note='用地不符合国土空间规划',
                              date_terminated='2026-10-12',
                              material_ids=[(0, 0, {'name': '营业执照', 'kind': 'copy'})])
        self.assertEqual(wizard.open_line_count, 2)
        wizard.action_terminate()
        self.assertEqual(case.flow_step, 'terminated')
        self.assertTrue(case.is_closed)
        self.assertEqual(case.date_terminated, '2026-10-12')
        self.assertEqual(case.date_closed, '2026-10-12')
        self.assertEqual(case.termination_reason, 'item_ineligible')
        self.assertEqual(case.termination_note, '用地不符合国土空间规划')
        self.assertEqual(case.returned_material_ids.mapped('name'), ['营业执照'])
        self.assertEqual(case.returned_material_ids.date_returned, '2026-10-12')
        self.assertEqual(line.state, 'done', 'a completed item keeps its result')
        self.assertEqual(set((case.line_ids - line).mapped('state')), {'withdrawn'})
        attachment = self._forms(case, '终止单')
        self.assertEqual(len(attachment), 1)
        body = flat(self._attachment_text(attachment))
        self.assertIn('现因所申请事项本身不具备办理条件(用地不符合国土空间规划)', body)
        self.assertIn('于2026年10月12日终止代办帮办委托', body)
        self.assertIn('附:移交资料清单序号资料名称原件/复印件份数退还日期接收人', body)
        self.assertIn('1营业执照复印件12026年10月12日%s' % case.project_id.contact_name, body)
        self.assertTrue(case.message_ids.filtered(lambda m: attachment in m.attachment_ids))
        # A terminated case is closed: no second termination, no completion, no rating.
        self.assertRefused(
            lambda: self.as_agent(case)._terminate('other', '重复', '2026-10-13', NONE),
            UserError,
            'Case %s is closed: it cannot be terminated.' % case.name)
        self.assertRefused(lambda: self.as_agent(case)._record_evaluation('satisfied'),
                           UserError, 'Case %s is rated once it is completed.' % case.name)

    def test_terminate_from_any_open_stage(self):
        for step in ('apply', 'verify', 'sign'):
            case = self._create_case(signed=step == 'sign',
                                     user_id=step != 'apply' and self.agent_cf.id)
            self.assertEqual(case.flow_step, step)
            case._terminate('applicant_request', date='2026-09-05',
                            materials=[{'name': '无纸质材料'}])
            self.assertEqual(case.flow_step, 'terminated', step)
        case = self._close_lines(self._plan(self._create_case()))
        self.assertEqual(case.flow_step, 'feedback')
        case._terminate('violation', date='2026-11-20', materials=LICENCE)
        self.assertEqual(case.flow_step, 'terminated')

    def test_terminate_refusals(self):
        case = self._create_case()
        no_reason = 'Case %s: choose the reason of the termination.' % case.name
        self.assertRefused(
            lambda: self.as_agent(case)._terminate(False, date='2026-09-05', materials=NONE),
            UserError,
            no_reason)
        self.assertRefused(
            lambda: self.as_agent(case)._terminate('bogus', date='2026-09-05', materials=NONE),
            UserError,
            no_reason)
        self.assertRefused(
            lambda: self.as_agent(case)._terminate('other', date='2026-09-05', materials=NONE),
            UserError,
            'Case %s: describe the reason of the termination.' % case.name)
        self.assertRefused(
            lambda: self.as_agent(case)._terminate('violation', date='2026-09-05', materials=[]),
            UserError,
            MATERIALS_REQUIRED % case.name)
        self.assertRefused(
            lambda: self.as_agent(case)._terminate('violation', date='2099-09-05', materials=NONE),
            UserError,
            'Case %s: the date 2099-09-05 is in the future.' % case.name)
        # The stage bar does not terminate either.
        self.assertRefused(
            lambda: self.as_agent(case).write({'stage_id': self._stage('terminated').id}),
            UserError,
            'A case is terminated only through the termination wizard, with a reason.')
        # The form requires the reason.
        self.assertTrue(self.Terminate._fields['termination_reason'].required)
        self.assertFalse(case.is_closed)

    def test_terminate_access(self):
        case = self._plan(self._create_case())
        for user, refusal in [(self.liaison_cf, NOT_ALLOWED['write'])] + self.outsiders():
            wizard = self._wizard('agency.case.terminate', case, user,
                                  termination_reason='violation', material_ids=NONE_LINE)
            self.assertRefused(wizard.action_terminate, AccessError, refusal)
        self.assertFalse(case.is_closed)
        self.assertEqual(set(case.line_ids.mapped('state')), {'todo'})
        self._wizard('agency.case.terminate', case, self.manager_cf,
                     termination_reason='violation', material_ids=NONE_LINE).action_terminate()
        self.assertEqual(case.flow_step, 'terminated')

    # ------------------------------------------------------------------ evaluation

    def test_evaluate_good_rating(self):
        case = self._completed(self._close_lines(self._plan(self._create_case())))
        wizard = self._wizard('agency.case.evaluate', case, self.agent_cf, rating='satisfied',
                              rating_comment='服务热情周到', rating_date='2026-11-23')
        self.assertEqual(wizard.rating_rater, '乌云其其格', 'the contact person rates by default')
        self.assertEqual(wizard.rating_channel, 'paper')
        wizard.action_evaluate()
        self.assertEqual(case.rating, 'satisfied')
        self.assertEqual(case.rating_date, '2026-11-23')
        self.assertEqual(case.rating_comment, '服务热情周到')
        self.assertEqual(case.rating_rater, '乌云其其格')
        self.assertEqual(case.rating_channel, 'paper')
        self.assertFalse(case.is_bad_rating)
        self.assertFalse(case.followup_id)
        self.assertFalse(self.env['agency.rating.followup'].search([('case_id', '=', case.id)]))
        attachment = self._forms(case, '评价表')
        self.assertEqual(len(attachment), 1)
        self.assertIn('非常满意☐满意☑不满意☐', flat(self._attachment_text(attachment)))
        # One evaluation per case.
        self.assertRefused(lambda: self.as_agent(case)._record_evaluation('very_satisfied'),
                           UserError,
                           'Case %s is rated already: a rating cannot be changed.' % case.name)
        self.assertEqual(case.rating, 'satisfied')

    def test_evaluate_refusals(self):
        case = self._plan(self._create_case())
        self.assertEqual(case.flow_step, 'plan')
        self.assertRefused(lambda: self.as_agent(case)._record_evaluation('satisfied'),
                           UserError, 'Case %s is rated once it is completed.' % case.name)
        case = self._completed(self._close_lines(self._plan(self._create_case())))
        self.assertRefused(lambda: self.as_agent(case)._record_evaluation('bogus'),
                           UserError, 'Case %s: choose a rating.' % case.name)
        self.assertRefused(
            lambda: self.as_agent(case)._record_evaluation('satisfied', channel='fax'),
            UserError,
            'Case %s: choose the channel of the rating.' % case.name)
        self.assertRefused(
            lambda: self.as_agent(case)._record_evaluation('satisfied', date='2099-01-01'),
            UserError,
            'Case %s: the date 2099-01-01 is in the future.' % case.name)
        wizard = self._wizard('agency.case.evaluate', case, self.liaison_cf, rating='satisfied')
        self.assertRefused(wizard.action_evaluate, AccessError, NOT_ALLOWED['write'])
        # The others do not even open the wizard: it takes the rater from the case.
        for user, refusal in self.outsiders():
            self.assertRefused(
                lambda: self._wizard('agency.case.evaluate', case, user, rating='satisfied'),
                AccessError, refusal)
        self.assertFalse(case.rating)
        # The portal's online rating: the default channel, no follow-up for a good rating.
        followup = case._record_evaluation('very_satisfied', comment='很好')
        self.assertEqual(followup, self.env['agency.rating.followup'])
        self.assertEqual(case.rating_channel, 'online')
        self.assertEqual(case.rating_date, service_today(self.env))

    def test_bad_rating_opens_a_followup_due_in_15_working_days(self):
        case = self._close_lines(self._plan(self._create_case()))
        case._complete('2026-11-20', LICENCE)
        # Rated on Monday 28 September 2026: the National Day holiday (1-7 October) is
        # skipped and Saturday 10 October is a make-up working day.
        followup = self.as_agent(case)._record_evaluation(
            'unsatisfied', comment='补正材料要求前后不一致', rater='乌云其其格', channel='paper',
            date='2026-09-28')
        self.assertTrue(followup)
        followup = followup.sudo()
        self.assertTrue(case.is_bad_rating)
        self.assertEqual(case.followup_id, followup)
        self.assertEqual(case.followup_state, 'open')
        self.assertEqual(followup.case_id, case)
        self.assertEqual(followup.region_id, self.region)
        self.assertEqual(followup.rating, 'unsatisfied')
        self.assertEqual(followup.rating_date, '2026-09-28')
        self.assertEqual(followup.date_deadline, '2026-10-23')
        self.assertEqual(self.calendar.agency_working_days_between('2026-09-28', '2026-10-23'), 15)
        self.assertEqual(followup.user_id, self.manager_cf)
        self.assertEqual(followup.state, 'open')
        self.assertTrue(followup.is_overdue, 'the deadline has passed')
        activity = followup.activity_id
        self.assertTrue(activity)
        self.assertEqual((activity.res_model, activity.res_id),
                         ('agency.rating.followup', followup.id))
        self.assertEqual(activity.user_id, self.manager_cf)
        self.assertEqual(activity.date_deadline, '2026-10-23')
        self.assertIn(self.manager_cf.partner_id, followup.message_partner_ids)
        self.assertTrue(self._forms(case, '评价表'))

        # Closing needs the contact, the measures and the result.
        manager_followup = followup.sudo(self.manager_cf)
        not_closed = 'The follow-up of case %s cannot be closed without: %%s.' % case.name
        self.assertRefused(manager_followup.action_close, UserError, not_closed % (
            'Rater Contacted On, Verified As, Evidence, Measures Taken, Result'))
        manager_followup.write({'date_contact': '2026-09-30',
                                'contact_note': '电话联系经办人乌云其其格,了解补正要求不一致的情况'})
        self.assertRefused(manager_followup.action_close, UserError,
                           not_closed % 'Verified As, Evidence, Measures Taken, Result')
        manager_followup.write({'verification': 'genuine',
                                'verification_note': '两次补正通知所列材料不一致,属实'})
        self.assertRefused(manager_followup.action_close, UserError,
                           not_closed % 'Measures Taken, Result')
        self.assertRefused(lambda: manager_followup.write({'date_contact': '2026-09-20'}),
                           ValidationError, 'The rater of case %s cannot be contacted (2026-09-20) '
                           'before the rating (2026-09-28).' % case.name)
        manager_followup.write({'measures': '统一补正清单,一次性告知', 'result': '已反馈,评价人认可'})
        manager_followup.action_close()
        self.assertEqual(followup.state, 'done')
        self.assertEqual(followup.date_closed, service_today(self.env))
        self.assertEqual(case.followup_state, 'done')
        self.assertFalse(followup.activity_id.exists(), 'the activity is marked done')
        self.assertTrue(followup.message_ids.filtered(lambda m: '已反馈,评价人认可' in (m.body or '')),
                        'the result is in the chatter of the follow-up')
        self.assertTrue(case.message_ids.filtered(lambda m: '已反馈,评价人认可' in (m.body or '')))
        self.assertRefused(manager_followup.action_close, UserError,
                           'The follow-up of case %s is closed already.' % case.name)
        self.assertRefused(followup.unlink, UserError, '差评回访记录须留存，不能删除。')

    def _bad_rating(self):
        case = self._close_lines(self._plan(self._create_case()))
        case._complete('2026-11-20', LICENCE)
        case.message_subscribe(partner_ids=self.portal_user.partner_id.ids)
        return self.as_agent(case)._record_evaluation(
            'very_unsatisfied', comment='代办员态度差', rater='乌云其其格', channel='paper',
            date='2026-11-23').sudo(self.manager_cf)

    def test_unfounded_rating_reported_back_and_disputed_once(self):
        """好差评: a rating found unfounded needs evidence but no measures; the result is
        reported back to the rater, who confirms or disputes it once; a dispute goes to
        the managers of the region above."""
        followup = self._bad_rating()
        case = followup.case_id
        followup.write({'date_contact': '2026-11-24', 'verification': 'unfounded',
                        'verification_note': '调阅窗口录像:代办员按规范接待',
                        'result': '经调阅录像核实,代办员按规范接待,已向您说明'})
        self.assertRefused(lambda: followup._record_rater_response('confirmed'), UserError,
                           'is not closed yet')
        followup.action_close()
        self.assertEqual(followup.state, 'done', 'closed without measures')
        told = case.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref('investment_agency.mt_case_rating_result'))
        self.assertEqual(len(told), 1)
        self.assertIn('不属实', told.body)
        self.assertIn('经调阅录像核实', told.body)
        self.assertIn(self.portal_user.partner_id, told.notification_ids.mapped('res_partner_id'),
                      'the rater following the case is told')
        rater = followup.sudo()  # as the portal controller calls it, on its own case
        self.assertRefused(lambda: rater._record_rater_response('disputed'), UserError,
                           '请说明对处理结果的异议。')
        # The manager cannot answer for the rater.
        self.assertRefused(lambda: followup.write({'rater_response': 'confirmed'}), UserError,
                           "The rater's answer is given by the rater on the portal")
        rater._record_rater_response('disputed', '录像未覆盖咨询台')
        self.assertEqual((followup.rater_response, followup.rater_response_note),
                         ('disputed', '录像未覆盖咨询台'))
        activities = self.env['mail.activity'].search([
            ('res_model', '=', 'agency.rating.followup'), ('res_id', '=', followup.id),
            ('user_id', '=', self.manager_nmg.id)])
        self.assertEqual(len(activities), 1, 'the managers of the region above review it')
        self.assertRefused(lambda: rater._record_rater_response('confirmed'), UserError,
                           '处理结果已答复过')

    def test_very_unsatisfied_opens_a_followup_good_levels_do_not(self):
        created = {}
        for rating in ('very_satisfied', 'satisfied', 'basic', 'unsatisfied', 'very_unsatisfied'):
            case = self._completed(self._close_lines(self._plan(self._create_case())))
            created[rating] = bool(case._record_evaluation(rating, date='2026-11-23'))
        self.assertEqual(created, {'very_satisfied': False, 'satisfied': False, 'basic': False,
                                   'unsatisfied': True, 'very_unsatisfied': True})

    def test_followup_access(self):
        case = self._completed(self._close_lines(self._plan(self._create_case())))
        followup = case._record_evaluation('very_unsatisfied', date=service_today(self.env))
        Followup = self.env['agency.rating.followup']
        self.assertFalse(followup.is_overdue)
        self.assertNotIn(followup, Followup.search([('is_overdue', '=', True)]))
        self.assertIn(followup, Followup.search([('is_overdue', '=', False)]))
        # Managers of the region and of the region above read and write; agents of the
        # region read only; others see nothing.
        for user in (self.manager_cf, self.manager_nmg):
            self.assertIn(followup, Followup.sudo(user).search([]), user.login)
            followup.sudo(user).write({'contact_note': '已联系 %s' % user.login})
        self.assertIn(followup, Followup.sudo(self.agent_cf).search([]))
        self.assertEqual(followup.sudo(self.agent_cf).rating, 'very_unsatisfied')
        self.assertRefused(lambda: followup.sudo(self.agent_cf).write({'measures': 'x'}),
                           AccessError, NOT_ALLOWED['write'])
        self.assertRefused(lambda: followup.sudo(self.agent_cf).action_close(),
                           AccessError, NOT_ALLOWED['write'])
        out_of_their_reach = out_of_reach('Bad Rating Follow-up')
        for user, refusal in ((self.manager_baotou, out_of_their_reach),
                              (self.agent_baotou, out_of_their_reach),
                              (self.liaison_cf, NOT_ALLOWED['read']),
                              (self.plain_user, NOT_ALLOWED['read']),
                              (self.portal_user, NOT_ALLOWED['read'])):
            self.assertRefused(lambda: Followup.sudo(user).browse(followup.id).read(['state']),
                               AccessError, refusal)
        # Follow-ups are opened by a bad rating, never by hand.
        self.assertRefused(
            lambda: Followup.sudo(self.manager_cf).create({
                'case_id': case.id, 'rating': 'unsatisfied', 'rating_date': '2026-11-23',
                'date_deadline': '2026-12-14'}),
            AccessError, NOT_ALLOWED['create'], 'Please contact your system administrator')
        # The managers' menu lists it with the open and overdue filters.
        action = self.env.ref('investment_agency.action_agency_rating_followup')
        self.assertEqual(action.res_model, 'agency.rating.followup')
        menu = self.env.ref('investment_agency.menu_cases_rating_followups')
        self.assertEqual(menu.parent_id, self.env.ref('investment_agency.menu_cases'))
        self.assertEqual(menu.groups_id, self.group_manager)

    def test_overdue_followup_is_found(self):
        case = self._completed(self._close_lines(self._plan(self._create_case())))
        followup = case._record_evaluation('unsatisfied', date='2026-10-08')
        self.assertTrue(followup.is_overdue)
        self.assertIn(followup,
                      self.env['agency.rating.followup'].search([('is_overdue', '=', True)]))
        # Closed late, it stays counted as overdue.
        followup.write({'date_contact': '2026-10-09', 'verification': 'genuine',
                        'verification_note': '属实', 'measures': '整改', 'result': '已反馈'})
        followup.action_close()
        self.assertTrue(followup.is_overdue)
        self.assertIn(followup,
                      self.env['agency.rating.followup'].search([('is_overdue', '=', True)]))
