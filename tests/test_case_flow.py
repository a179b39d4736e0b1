from odoo.exceptions import AccessError, UserError, ValidationError

from .common import NOT_ALLOWED, AgencyCaseCommon, recompute, today_is, verify_case


class TestCaseFlow(AgencyCaseCommon):
    """A case walked through the Annex 2 flow, with every gate. The cases created as the
    superuser speak its language (zh_CN); those acted on as a test user, English."""

    def tracked_values(self, case, field):
        # Tracking values are for the group "technical features": read them as admin.
        messages = case.sudo().message_ids.filtered(lambda m: m.tracking_value_ids.filtered(
            lambda t: t.field == field))
        return messages.mapped('tracking_value_ids').filtered(lambda t: t.field == field)

    def test_case_number_per_region_and_year(self):
        first = self.create_case()
        second = self.create_case(date_applied='2026-09-03')
        self.assertRegex(first.name, r'^BNB-150300-2026-\d{5}$')
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)
        next_year = self.create_case(date_applied='2027-01-04')
        # A number of the 2027 range (made ahead; PostgreSQL sequences are not rolled back
        # with a test, so its count is not asserted).
        self.assertRegex(next_year.name, r'^BNB-150300-2027-\d{5}$')
        chifeng_project = self.project.copy({'region_id': self.region_chifeng.id, 'code': False})
        other = self.create_case(project_id=chifeng_project.id, region_id=self.region_chifeng.id,
                                 item_ids=[])
        self.assertTrue(other.name.startswith('BNB-150400-2026-'))

    def test_only_published_items(self):
        self.assertRefused(lambda: self.create_case(numbers=(2, 22)), ValidationError,
                           '乌海市未公布以下事项，不能申请代办：%s' % self.item[22].name)
        case = self.create_case(numbers=(2,))
        self.assertIn(self.item[7], self.env['agency.item'].search(
            [('offered_region_ids', '=', self.region.id)]))
        self.assertNotIn(self.item[22], self.env['agency.item'].search(
            [('offered_region_ids', '=', self.region.id)]))
        # A withdrawn item can no longer be requested.
        publication = self.env['agency.item.publication'].search([
            ('region_id', '=', self.region.id), ('item_id', '=', self.item[7].id)])
        self.env['agency.publication.event'].create({
            'publication_id': publication.id, 'action': 'withdraw',
            'date_effective': '2026-09-01'})._apply()
        self.assertRefused(lambda: case.write({'item_ids': [(4, self.item[7].id)]}),
                           ValidationError, '乌海市未公布以下事项，不能申请代办：%s' % self.item[7].name)

    def test_full_case_through_every_stage(self):
        with today_is('2026-09-01'):
            case = self.create_case(numbers=(2, 7, 8, 9, 15, 16), user=self.agent_wuhai)
        self.assertEqual(case.stage_id, self.stage('apply'))
        self.assertEqual(case.user_id, self.env['res.users'])
        # No contact without an agent: the stage bar refuses the click.
        self.assertGate(lambda: case.write({'stage_id': self.stage('verify').id}),
                        'Case %s has no agent yet: assign an agent' % case.name)
        # The manager assigns the least loaded agent: the case enters 接洽核实 by itself.
        self.create_case(user_id=self.agent_wuhai.id)
        suggested = self.env['agency.case']._least_loaded_agent(self.region)
        self.assertEqual(suggested, self.agent_wuhai2)
        with today_is('2026-09-02'):
            case.sudo(self.manager_wuhai).write({'user_id': suggested.id})
        self.assertEqual(self.tracked_values(case, 'user_id').mapped('new_value_char'),
                         [suggested.name])
        self.assertEqual((case.stage_id, case.date_verify), (self.stage('verify'), '2026-09-02'))
        case = case.sudo(self.agent_wuhai2)
        # 核实完成 leads to 签订委托, whose gate wants the project verified eligible and both
        # letters.
        verify_first = 'Case %s: verify the project first' % case.name
        self.assertGate(lambda: case.action_next_step(), verify_first)
        self.assertGate(lambda: case.write({'stage_id': self.stage('sign').id}), verify_first)
        self.assertGate(lambda: case.action_generate_plan(), verify_first)
        verify_case(case)
        letters = 'Case %s: both the authorization letter and the commitment letter must be ' \
            'signed' % case.name
        signed_first, signed_before_plan = letters + ' first', letters + ' before the plan is made'
        self.assertGate(lambda: case.action_next_step(), signed_first)
        self.assertGate(lambda: case.write({'stage_id': self.stage('sign').id}), signed_first)
        # No plan before both letters are signed.
        self.assertGate(lambda: case.action_generate_plan(), signed_before_plan)
        self.assertGate(lambda: case.write({'stage_id': self.stage('plan').id}), signed_first)
        case.write({'date_authorization': '2026-09-02'})
        self.assertEqual(case.stage_id, self.stage('verify'))
        self.assertGate(lambda: case.action_generate_plan(), signed_before_plan)
        with today_is('2026-09-03'):
            self.sign(case)
        self.assertTrue(case.letters_signed)
        self.assertEqual((case.stage_id, case.date_sign), (self.stage('sign'), '2026-09-03'))
        # The declaration plan: items of a phase in parallel, phases one after another.
        case.write({'date_plan_start': '2026-09-28'})
        with today_is('2026-09-04'):
            case.action_generate_plan()
        self.assertEqual((case.stage_id, case.date_plan), (self.stage('plan'), '2026-09-04'))
        plan = {line.item_id.number: (line.planned_start, line.planned_end)
                for line in case.line_ids}
        self.assertEqual(plan, {
            2: ('2026-09-28', '2026-09-29'),    # 立项, 1 working day
            7: ('2026-09-29', '2026-10-19'),    # 用地, 10 days across 国庆 and 调休 10-10
            8: ('2026-10-19', '2026-11-02'),    # must follow 7
            9: ('2026-11-02', '2026-11-16'),    # 规划: three items in parallel
            15: ('2026-11-02', '2026-11-16'),
            16: ('2026-11-02', '2026-11-16'),
        })
        self.assertEqual(case.line_ids.sorted('sequence').mapped('item_id.number'),
                         [2, 7, 8, 9, 15, 16])
        self.assertEqual(case.date_planned_end, '2026-11-16')
        self.assertEqual((case.plan_days, case.sequential_days, case.plan_days_saved), (31, 51, 20))
        self.assertEqual(case.line_ids.mapped('department_id.region_id'), self.region)
        # Items are declared: the case enters the declaration step.
        line2, line7 = self.line(case, 2), self.line(case, 7)
        with today_is('2026-09-28'):
            line2.action_declare()
            self.assertEqual(case.stage_id, self.stage('declare'))
            self.assertEqual(case.date_declare, '2026-09-28')
            line2.action_accept()
            self.assertEqual(line2.deadline, '2026-09-29')
            line7.write({'state': 'declared'})
            line7.write({'state': 'accepted'})
        self.assertEqual(line7.date_accepted, '2026-09-28')
        self.assertEqual(line7.deadline, '2026-10-16')
        self.assertIn('2026-10-16', case.message_ids[0].body)  # the deadline is in the chatter
        with today_is('2026-09-28'):
            missing = line7.material_ids.filtered('allow_deficiency')[:1]
            missing.write({'status': 'deficiency'})
            self.assertTrue(line7.deficiency_used)
            missing.write({'outcome': 'supplied'})  # else it would hold the completion
        with today_is('2026-09-29'):
            self.assertGate(lambda: line2.action_done(),  # no result number
                            'Give the result document number of "%s" first.' % line2.item_id.name)
            line2.write({'result_number': '乌发改备〔2026〕1号'})
            line2.action_done()
        self.assertEqual((line2.working_days_used, line2.days_saved, line2.on_time), (1, 2, True))
        # 补正: the clock stops while the applicant completes the materials.
        with today_is('2026-10-09'):
            line7._request_correction('缺少勘测定界图')
            self.assertEqual(line7.pause_start, '2026-10-09')
        with today_is('2026-10-12'):
            line7.invalidate_cache()
            recompute(line7, 'deadline')
            self.assertEqual(line7.deadline, '2026-10-20')  # moved by 10-10 and 10-12
        with today_is('2026-10-14'):
            line7.action_resume()
        self.assertEqual((line7.paused_days, line7.deadline), (4, '2026-10-22'))
        with today_is('2026-10-21'):
            line7.write({'result_number': '乌自然资预〔2026〕8号'})
            line7.action_done()
        # Used: 13 working days from 09-28 to 10-21, minus 4 under correction.
        self.assertEqual((line7.working_days_used, line7.days_saved, line7.on_time), (9, 11, True))
        # Later lines: one refused, one withdrawn, the rest done.
        today = '2026-11-20'
        with today_is(today):
            for number in (8, 9, 15, 16):
                line = self.line(case, number)
                line.action_declare()
                line.action_accept()
            self.line(case, 8).write({'result_number': '划拨〔2026〕3号', 'state': 'done'})
            self.line(case, 9).action_refuse()
            self.line(case, 15).action_withdraw()
            # No results reported, no completion while a line is open.
            open_item = self.line(case, 16).item_id.name
            self.assertGate(lambda: case.action_next_step(),
                            'Case %s: the results are reported once every item is closed; '
                            'still open: %s' % (case.name, open_item))
            self.assertGate(lambda: case.with_context(agency_completion=True).write(
                {'stage_id': self.stage('done').id}),
                'A case is completed only through the completion wizard.')
            self.assertGate(lambda: case._complete(today, [{'name': '营业执照'}]),
                            'Case %s cannot be completed while these items are open: %s'
                            % (case.name, open_item))
            self.line(case, 16).write({'result_number': '水保〔2026〕5号', 'state': 'done'})
            # Every item closed: the case enters 结果反馈 by itself.
            self.assertEqual((case.stage_id, case.date_feedback), (self.stage('feedback'), today))
            # 归档返还 once the materials handed back are recorded; 办结 only through the
            # completion wizard.
            self.assertGate(lambda: case.write({'stage_id': self.stage('archive').id}),
                            'Case %s: record the materials handed back to the applicant'
                            % case.name)
            self.assertGate(lambda: case.write({'stage_id': self.stage('done').id}),
                            'A case is completed only through the completion wizard.')
            case._complete(today, [{'name': '营业执照'}, {'name': '项目备案申请材料'}])
        self.assertTrue(case.is_closed)
        self.assertEqual((case.stage_id, case.date_archive), (self.stage('done'), today))
        self.assertEqual((case.date_done, case.date_closed), (today, today))
        self.assertEqual((case.line_count, case.line_closed_count, case.light), (6, 6, 'none'))
        # The rating, after the completion, moves the case to 回访评价.
        self.assertGate(lambda: case.write({'stage_id': self.stage('evaluate').id}),
                        'Case %s enters the follow-up and evaluation with the applicant\'s '
                        'rating' % case.name)
        with today_is('2026-11-23'):
            case._record_evaluation('very_satisfied', rater='经办人', channel='visit')
        self.assertEqual((case.stage_id, case.date_evaluate),
                         (self.stage('evaluate'), '2026-11-23'))
        self.assertTrue(case.is_closed)
        # Every stage move is in the chatter, in the order of Annex 2, from the first stage.
        self.assertEqual(
            self.tracked_values(case, 'stage_id').sorted('id').mapped('new_value_char'),
            ['申请受理', '接洽核实', '签订委托', '制定方案', '申报办理', '结果反馈', '归档返还',
             '办结', '回访评价'])
        # Every step is dated, with the day the case first entered it.
        steps = ('apply', 'verify', 'sign', 'plan', 'declare', 'feedback', 'archive', 'done',
                 'evaluate')
        self.assertEqual(
            [case._step_date(step) for step in steps],
            ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-28', today, today,
             today, '2026-11-23'])
        # A closed case stays closed.
        self.assertGate(lambda: case.write({'stage_id': self.stage('declare').id}),
                        'Case %s is closed: its stage cannot change.' % case.name)

    def test_gates(self):
        case = self.create_case(numbers=(2, 7))
        self.assertGate(lambda: case.write({'stage_id': self.stage('terminated').id}),
                        '代办件只能通过“终止”向导终止，并须填写终止原因。')
        self.assertGate(lambda: case.write({'stage_id': self.stage('declare').id}),
                        '代办件%s：须先签订授权委托书和承诺书' % case.name)
        self.sign(case)
        self.assertGate(lambda: case.write({'stage_id': self.stage('declare').id}),
                        '代办件%s尚未编制项目申报计划：请先生成申报计划。' % case.name)
        case.action_generate_plan()
        # A line can only follow its workflow.
        line = self.line(case, 7)
        self.assertGate(lambda: line.write({'state': 'done'}),
                        '“%s”不能从“待申报”变更为“已办结”。' % line.item_id.name)
        self.assertGate(lambda: self.env['agency.case.line'].create({
            'case_id': case.id, 'item_id': self.item[9].id, 'state': 'accepted',
            'department_id': self.dept['natural_resources'].id}),
            '申报计划中新增的事项，初始状态为“待申报”。')
        # Departments accept nothing for a project without a valid code.
        self.project.code = False
        line.action_declare()
        self.assertGate(lambda: line.action_accept(),
                        '项目“%s”尚无有效的项目代码：无项目代码的，承办部门不予受理任何事项。'
                        % self.project.name)
        self.project.code = '2026-150302-26-03-000009'
        line.action_accept()
        # Simplifications only where the catalog allows them: 备案 allows a pledge but no
        # deficiency acceptance, 用地预审 the other way round.
        # They are marked on the checklist of the materials; the flags follow it.
        filing_line = self.line(case, 2)
        pledged = filing_line.material_ids.filtered('allow_pledge')[:1]
        pledged.write({'status': 'pledge'})
        self.assertTrue(filing_line.pledge_used)
        pledged.write({'status': 'received'})
        self.assertFalse(filing_line.pledge_used)
        self.assertRefused(lambda: filing_line.write({'pledge_used': True}), UserError,
                           '以下内容由系统计算，不能直接修改：')
        key = filing_line.material_ids.filtered(lambda entry: not entry.allow_deficiency)[:1]
        self.assertRefused(lambda: key.write({'status': 'deficiency'}), ValidationError,
                           key.material_id.name, '容缺受理')
        unpledged = line.material_ids.filtered(lambda entry: not entry.allow_pledge)[:1]
        self.assertRefused(lambda: unpledged.write({'status': 'pledge'}), ValidationError,
                           unpledged.material_id.name, '告知承诺')
        # Dates cannot be in the future or in the wrong order, and are given with the change
        # they date (or just before it): never afterwards.
        other = self.create_case(numbers=(2,))
        self.sign(other)
        other.action_generate_plan()
        filing = other.line_ids
        self.assertRefused(lambda: filing.write({'date_declared': '2099-01-01'}), ValidationError,
                           '“%s”：日期2099-01-01晚于今天，请核实。' % filing.item_id.name)
        filing.write({'date_declared': '2026-09-03'})
        filing.action_declare()
        self.assertEqual(filing.date_declared, '2026-09-03')
        self.assertRefused(
            lambda: filing.write({'state': 'accepted', 'date_accepted': '2026-09-02'}),
            ValidationError, '“%s”的受理日期（2026-09-02）不能早于申报日期（2026-09-03）。'
            % filing.item_id.name)
        self.assertRefused(lambda: line.write({'date_accepted': '2026-09-02'}),  # accepted already
                           UserError, '以下内容由事项的操作（申报、受理、补正、办结）和公布的事项清单确定，'
                           '不能直接修改：')
        self.assertRefused(lambda: case.write({'date_authorization': '2026-08-01'}),
                           ValidationError, '授权委托签订日期（2026-08-01）应在申请日期与今天之间。')
        # Declared items stay in the plan: no more requested, they must be withdrawn.
        case.write({'item_ids': [(3, self.item[7].id)]})
        self.assertGate(lambda: case.action_generate_plan(),
                        '以下事项已申报，将保留在计划中（请改为撤回）：%s' % line.item_id.name)
        case.write({'item_ids': [(4, self.item[7].id), (3, self.item[2].id)]})
        case.action_generate_plan()
        self.assertEqual(case.line_ids.mapped('item_id'), self.item[7])

    def test_no_delete_of_signed_cases(self):
        draft = self.create_case()
        signed = self.create_case()
        self.sign(signed)
        self.assertGate(lambda: signed.unlink(),
                        '代办件%s已签订委托文书，不能删除，请改为归档。' % signed.name)
        self.assertGate(lambda: signed.sudo(self.manager_wuhai).unlink(),
                        'Case %s has signed letters: it cannot be deleted, archive it instead.'
                        % signed.name)
        signed.toggle_active()
        self.assertFalse(signed.active)
        self.assertTrue(signed.exists())
        # Agents delete nothing; a manager may delete an unsigned case.
        self.assertRefused(lambda: draft.sudo(self.agent_wuhai).unlink(), AccessError,
                           NOT_ALLOWED['unlink'])
        draft.sudo(self.manager_wuhai).unlink()
        self.assertFalse(draft.exists())

    def test_assignment(self):
        case = self.create_case(user=self.agent_wuhai)
        # An agent takes an unassigned case for himself…
        case.sudo(self.agent_wuhai).action_take()
        self.assertEqual(case.user_id, self.agent_wuhai)
        # … but does not hand it to someone else, nor take it from a colleague.
        for agent in self.agent_wuhai | self.agent_wuhai2:
            self.assertRefused(lambda: case.sudo(agent).write({'user_id': self.agent_wuhai2.id}),
                               AccessError, 'Only a manager can assign a case to an agent.')
        case.sudo(self.manager_wuhai).write({'user_id': self.agent_wuhai2.id})
        self.assertEqual(case.user_id, self.agent_wuhai2)
        self.assertIn(self.agent_wuhai2.partner_id, case.message_partner_ids)
        # The least loaded agent: fewest open cases, closed ones not counted.
        for _i in range(2):
            self.create_case(user_id=self.agent_wuhai2.id)
        self.assertEqual(self.env['agency.case']._least_loaded_agent(self.region), self.agent_wuhai)
        onchange = self.env['agency.case'].sudo(self.manager_wuhai).new(
            {'region_id': self.region.id})
        onchange._onchange_region_id()
        self.assertEqual(onchange.user_id, self.agent_wuhai)
        # An agent who opens a case in the form takes it himself, and can save it.
        onchange = self.env['agency.case'].sudo(self.agent_wuhai2).new(
            {'region_id': self.region.id})
        onchange._onchange_region_id()
        self.assertEqual(onchange.user_id, self.agent_wuhai2)
        own = self.create_case(user=self.agent_wuhai2, user_id=onchange.user_id.id)
        self.assertEqual(own.user_id, self.agent_wuhai2)

    def test_requested_items_in_chatter(self):
        case = self.create_case(numbers=(2,))
        case.write({'item_ids': [(4, self.item[7].id)]})
        self.assertIn(self.item[7].name, case.message_ids[0].body)
