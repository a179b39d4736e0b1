"""The steps of the Annex 2 flow: each automatic move, each refused move (also
over JSON-RPC, where the stage bar writes), every step dated once, and the printed flow
chart with a date in every step box."""
import json

from lxml import etree, html as lxml_html


from .common import AgencyCaseCommon, AgencyHttpCase, loading_data, today_is, verify_case

STEPS = ('apply', 'verify', 'sign', 'plan', 'declare', 'feedback', 'archive', 'done', 'evaluate')


class FlowCommon(AgencyCaseCommon):

    def close_lines(self, case):
        for line in case.line_ids.filtered('is_open'):
            if line.state == 'todo':
                line.action_declare()
            if line.state == 'declared':
                line.action_accept()
            line.write({'result_number': '乌审〔2026〕%d号' % line.id, 'state': 'done'})

    def planned_case(self, numbers=(2, 7)):
        """A case of agent_wuhai at 制定方案."""
        case = self.create_case(numbers=numbers, user_id=self.agent_wuhai.id)
        self.sign(case)
        case.action_generate_plan()
        return case.sudo(self.agent_wuhai)


class TestAutomaticMoves(FlowCommon):
    """Where the data says so, the case moves on by itself, one step at a time."""

    def test_assignment_enters_contact(self):
        case = self.create_case()
        self.assertEqual(case.flow_step, 'apply')
        with today_is('2026-09-02'):
            case.sudo(self.manager_wuhai).write({'user_id': self.agent_wuhai.id})
        self.assertEqual((case.flow_step, case.date_verify), ('verify', '2026-09-02'))

    def test_agent_taking_a_case_enters_contact(self):
        case = self.create_case()
        case.sudo(self.agent_wuhai).action_take()
        self.assertEqual(case.flow_step, 'verify')

    def test_case_opened_with_an_agent_starts_at_contact(self):
        with today_is('2026-09-01'):
            case = self.create_case(user_id=self.agent_wuhai.id)
        self.assertEqual((case.flow_step, case.date_applied, case.date_verify),
                         ('verify', '2026-09-01', '2026-09-01'))

    def test_both_letters_signed_enter_signing(self):
        case = verify_case(self.create_case(user_id=self.agent_wuhai.id).sudo(self.agent_wuhai))
        case.write({'date_commitment': '2026-09-02'})
        self.assertEqual(case.flow_step, 'verify')
        with today_is('2026-09-03'):
            case.write({'date_authorization': '2026-09-03'})
        self.assertEqual((case.flow_step, case.date_sign), ('sign', '2026-09-03'))

    def test_letters_without_agent_wait_at_application(self):
        case = self.create_case()
        self.sign(case)
        self.assertEqual(case.flow_step, 'apply')
        # The assignment then passes 接洽核实 and enters 签订委托, both dated.
        with today_is('2026-09-04'):
            case.sudo(self.manager_wuhai).write({'user_id': self.agent_wuhai.id})
        self.assertEqual((case.flow_step, case.date_verify, case.date_sign),
                         ('sign', '2026-09-04', '2026-09-04'))

    def test_plan_generated_enters_planning(self):
        with today_is('2026-09-05'):
            case = self.planned_case()
        self.assertEqual((case.flow_step, case.date_plan), ('plan', '2026-09-05'))

    def test_first_item_declared_enters_declaration(self):
        case = self.planned_case()
        with today_is('2026-09-07'):
            case.line_ids[0].action_declare()
        self.assertEqual((case.flow_step, case.date_declare), ('declare', '2026-09-07'))

    def test_liaison_progress_moves_the_case(self):
        case = self.planned_case(numbers=(7,))
        case.line_ids.action_declare()
        self.assertEqual(case.flow_step, 'declare')
        # The department's liaison agent records the result: the case follows.
        line = case.line_ids.sudo(self.liaison_wuhai_nr)
        line.action_accept()
        line.write({'result_number': '乌自然资预〔2026〕9号', 'state': 'done'})
        self.assertEqual(case.flow_step, 'feedback')
        # The move is the liaison's doing: posted in his name, neither the administrator's
        # nor the service's.
        moves = case.sudo().message_ids.filtered(
            lambda message: message.tracking_value_ids.filtered(
                lambda value: value.field == 'stage_id' and value.new_value_char == '结果反馈'))
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.author_id, self.liaison_wuhai_nr.partner_id)

    def test_system_progress_is_signed_by_the_service(self):
        case = self.planned_case(numbers=(7,))
        case.line_ids.sudo().action_declare()
        self.assertEqual(case.flow_step, 'declare')
        moves = case.sudo().message_ids.filtered(
            lambda message: message.tracking_value_ids.filtered(
                lambda value: value.field == 'stage_id' and
                value.new_value_integer == self.stage('declare').id))
        self.assertEqual(moves.author_id, self.env.ref('investment_agency.partner_service'))

    def test_acting_author_is_not_taken_from_a_client_context(self):
        """The author of the system's moves travels as a record; a context a client sends
        (JSON: ids and strings) cannot sign a message with someone else's name."""
        case = self.planned_case(numbers=(7,))
        other = self.manager_wuhai.partner_id
        for value in (other.id, [other.id], str(other.id)):
            message = case.sudo().with_context(agency_author=value).message_post(body='x')
            self.assertNotEqual(message.author_id, other, value)
        self.assertEqual(case.with_context(agency_author=other.id).message_post(
            body='y').author_id, self.agent_wuhai.partner_id)

    def test_every_item_closed_enters_feedback(self):
        case = self.planned_case()
        first, second = case.line_ids
        first.action_declare()
        first.action_withdraw()
        self.assertEqual(case.flow_step, 'declare')
        with today_is('2026-11-20'):
            second.action_declare()
            second.action_accept()
            second.write({'result_number': '乌审〔2026〕1号', 'state': 'done'})
        self.assertEqual((case.flow_step, case.date_feedback), ('feedback', '2026-11-20'))

    def test_completion_wizard_passes_archiving(self):
        case = self.planned_case()
        with today_is('2026-11-20'):
            self.close_lines(case)
            wizard = self.env['agency.case.complete'].sudo(self.agent_wuhai).with_context(
                active_model='agency.case', active_id=case.id).create({
                    'material_ids': [(0, 0, {'name': '营业执照', 'kind': 'original'})]})
            wizard.action_complete()
        self.assertEqual(case.flow_step, 'done')
        self.assertEqual((case.date_archive, case.date_done), ('2026-11-20', '2026-11-20'))
        self.assertEqual(case.returned_material_ids.mapped('name'), ['营业执照'])
        moves = case.sudo().message_ids.mapped('tracking_value_ids').filtered(
            lambda t: t.field == 'stage_id').sorted('id').mapped('new_value_char')
        self.assertEqual(moves[-3:], ['结果反馈', '归档返还', '办结'])

    def test_rating_enters_evaluation_after_completion(self):
        case = self.planned_case()
        with today_is('2026-11-20'):
            self.close_lines(case)
            case._complete(materials=[{'name': '营业执照'}])
        self.assertTrue(case._can_rate())
        with today_is('2026-11-23'):
            case._record_evaluation('satisfied')
        self.assertEqual((case.flow_step, case.date_evaluate), ('evaluate', '2026-11-23'))
        self.assertTrue(case.is_closed)
        self.assertFalse(case._can_rate())

    def test_each_step_dated_once(self):
        """The date of a step is the day the case first entered it: later moves and writes
        leave it."""
        with today_is('2026-09-01'):
            case = self.create_case(user_id=self.agent_wuhai.id)
        with today_is('2026-09-02'):
            self.sign(case)
        with today_is('2026-09-03'):
            case.action_generate_plan()
        with today_is('2026-09-04'):
            case.line_ids[0].action_declare()
        with today_is('2026-09-05'):
            case.line_ids[0].write({'state': 'todo'})  # back to "to declare"
            case.line_ids[0].action_declare()
            case.action_generate_plan()               # the plan updated
        with today_is('2026-11-20'):
            self.close_lines(case)
            case._complete(materials=[{'name': '营业执照'}])
        with today_is('2026-11-23'):
            case._record_evaluation('very_satisfied')
        self.assertEqual(
            [case._step_date(step) for step in STEPS],
            ['2026-09-01', '2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04',
             '2026-11-20', '2026-11-20', '2026-11-20', '2026-11-23'])
        # The dates are set by the case alone: no client writes them.
        self.assertGate(lambda: case.sudo(self.agent_wuhai).write({'date_plan': '2026-09-10'}),
                        'These values are set by the actions of the case (the wizards and '
                        'buttons), not written directly: Planned On.')


class TestRefusedMoves(FlowCommon):
    """Each move a gate forbids is refused with its reason, whoever writes."""

    def test_no_skipping_and_no_going_back(self):
        # A case whose data is ahead of its step (as a case of the former flow may be):
        # created as a data file loads it, without the automatic moves.
        with loading_data(self.env):
            case = self.create_case(user_id=self.agent_wuhai.id, date_authorization='2026-09-02',
                                    date_commitment='2026-09-02')
        case = verify_case(case.sudo(self.agent_wuhai))
        self.assertEqual(case.flow_step, 'apply')
        # Two steps ahead: refused, the next step named.
        self.assertGate(lambda: case.write({'stage_id': self.stage('sign').id}),
                        'Case %s is at the step %s: it goes on to the step %s first, one step '
                        'at a time.' % (case.name, self.stage('apply').name,
                                        self.stage('verify').name))
        case.write({'stage_id': self.stage('verify').id})
        case.write({'stage_id': self.stage('sign').id})
        # Back: refused.
        self.assertGate(lambda: case.write({'stage_id': self.stage('verify').id}),
                        'Case %s is at the step %s: a case does not go back to the step %s.'
                        % (case.name, self.stage('sign').name, self.stage('verify').name))
        self.assertGate(lambda: case.write({'stage_id': self.stage('apply').id}),
                        'Case %s: a case starts at the application step; it does not return '
                        'to it.' % case.name)
        self.assertEqual(case.flow_step, 'sign')

    def test_each_gate(self):
        case = self.create_case().sudo(self.manager_wuhai)
        # 接洽核实 needs an agent.
        self.assertGate(lambda: case.write({'stage_id': self.stage('verify').id}),
                        'Case %s has no agent yet' % case.name)
        case.write({'user_id': self.agent_wuhai.id})
        case = case.sudo(self.agent_wuhai)
        # 签订委托 needs the project verified eligible, and both letters.
        self.assertGate(lambda: case.action_next_step(),
                        'Case %s: verify the project first (category, decision document, '
                        'codes) and record it as eligible.' % case.name)
        verify_case(case)
        self.assertGate(lambda: case.action_next_step(),
                        'Case %s: both the authorization letter and the commitment letter '
                        'must be signed first' % case.name)
        self.sign(case)
        # 制定方案 needs the plan.
        self.assertGate(lambda: case.write({'stage_id': self.stage('plan').id}),
                        'Case %s has no declaration plan yet: generate it first.' % case.name)
        case.action_generate_plan()
        # 申报办理 by the button (the agent guides the declarations).
        case.action_next_step()
        self.assertEqual(case.flow_step, 'declare')
        # 结果反馈 needs every item closed.
        self.assertGate(lambda: case.action_next_step(),
                        'Case %s: the results are reported once every item is closed; still '
                        'open: %s' % (case.name, case.line_ids[0].item_id.name))
        self.close_lines(case)
        self.assertEqual(case.flow_step, 'feedback')
        # 归档返还 and 办结 through the completion wizard, 回访评价 with a rating, 终止
        # through the termination wizard.
        evaluation = ('Case %s enters the follow-up and evaluation with the applicant\'s rating'
                      % case.name)
        self.assertGate(lambda: case.action_next_step(),
                        'Case %s: the next step (%s) is entered through its own action, not by '
                        'this button.' % (case.name, self.stage('archive').name))
        self.assertGate(lambda: case.write({'stage_id': self.stage('archive').id}),
                        'Case %s: record the materials handed back to the applicant (at least '
                        'one) before it is archived, completed or terminated.' % case.name)
        self.assertGate(lambda: case.write({'stage_id': self.stage('done').id}),
                        'A case is completed only through the completion wizard.')
        self.assertGate(lambda: case.write({'stage_id': self.stage('evaluate').id}), evaluation)
        self.assertGate(lambda: case.write({'stage_id': self.stage('terminated').id}),
                        'A case is terminated only through the termination wizard, with a '
                        'reason.')
        case._complete(materials=[{'name': '营业执照'}])
        # 回访评价 needs the rating; a closed case moves no more.
        self.assertGate(lambda: case.write({'stage_id': self.stage('evaluate').id}), evaluation)
        self.assertGate(lambda: case.write({'stage_id': self.stage('feedback').id}),
                        'Case %s is closed: its stage cannot change.' % case.name)
        self.assertGate(lambda: case._record_evaluation('satisfied', date='2099-01-01'),
                        'Case %s: the date 2099-01-01 is in the future.' % case.name)
        self.assertEqual(case.flow_step, 'done')

    def test_no_rating_before_completion(self):
        case = self.planned_case()
        self.close_lines(case)
        self.assertGate(lambda: case._record_evaluation('satisfied'),
                        'Case %s is rated once it is completed.' % case.name)
        self.assertEqual(case.flow_step, 'feedback')

    def test_context_opens_no_gate(self):
        case = self.planned_case()
        for context in ({'agency_completion': True}, {'agency_system': True},
                        {'install_mode': True}, {'tracking_disable': True}):
            self.assertGate(lambda: case.with_context(**context).write(
                {'stage_id': self.stage('feedback').id}),
                'Case %s: the results are reported once every item is closed' % case.name)
        self.assertEqual(case.flow_step, 'plan')

    def test_no_archiving_with_open_items(self):
        case = self.planned_case().sudo(self.manager_wuhai)
        items = ', '.join(case.line_ids.mapped('item_id.name'))
        open_items = 'Case %s cannot be archived while these items are open: %s. Complete or ' \
            'terminate the case first.' % (case.name, items)
        self.assertGate(lambda: case.write({'active': False}), open_items)
        self.assertGate(lambda: case.toggle_active(), open_items)
        self.assertTrue(case.active)
        # Withdrawn items are closed: then the case may be archived, and its items leave
        # the lists of items.
        case.sudo(self.agent_wuhai).line_ids.action_withdraw()
        case.write({'active': False})
        self.assertFalse(case.active)
        lines = self.env['agency.case.line'].search([('case_id', '=', case.id)])
        self.assertEqual(set(lines.mapped('case_active')), {False})
        action = self.env.ref('investment_agency.action_agency_case_line_department')
        self.assertIn("('case_active', '=', True)", action.domain)


class TestBoard(FlowCommon):
    """The board's quick filters and the figures of its cards, all stored or one query."""

    def test_quick_filters(self):
        Case = self.env['agency.case']
        unassigned = self.create_case()
        mine = self.planned_case()
        due = mine.date_planned_end
        with today_is('2026-11-18'):  # a Wednesday
            self.assertEqual(Case._week_of_today(), ('2026-11-18', '2026-11-16', '2026-11-22'))
        self.assertIn(unassigned, Case.search([('user_id', '=', False), ('is_closed', '=', False)]))
        self.assertIn(mine,
                      Case.sudo(self.agent_wuhai).search([('user_id', '=', self.agent_wuhai.id)]))
        with today_is(due):
            self.assertIn(mine, Case.search([('is_due_this_week', '=', True)]))
            self.assertNotIn(mine, Case.search([('is_overdue', '=', True)]))
            self.assertIn(mine, Case.search([('is_overdue', '=', False)]))
        with today_is('2027-06-01'):
            self.assertIn(mine, Case.search([('is_overdue', '=', True)]))
            self.assertNotIn(mine, Case.search([('is_due_this_week', '=', True)]))
        search = self.env.ref('investment_agency.view_agency_case_search').arch
        for name in ('mine', 'overdue', 'unassigned', 'due_this_week'):
            self.assertIn('name="%s"' % name, search)

    def test_card_counts(self):
        case = self.planned_case()
        with today_is('2026-09-07'):
            for line in case.line_ids:
                line.action_declare()
                line.action_accept()
        with today_is('2026-12-31'):
            self.env['agency.case.line']._cron_update_lights()
        case.invalidate_cache()
        self.assertEqual(case.red_count, 2)
        self.assertEqual(case.yellow_count, 0)
        self.assertTrue(case.has_running_items)
        self.assertLess(case.working_days_left, 0)
        self.assertEqual(case.working_days_left, min(case.line_ids.mapped('working_days_left')))
        kanban = self.env.ref('investment_agency.view_agency_case_kanban').arch
        for name in ('red_count', 'yellow_count', 'working_days_left', 'user_id',
                     'date_planned_end', 'partner_id'):
            self.assertIn('name="%s"' % name, kanban)

    def test_demo_cards_show_the_planned_completion(self):
        """The demo cases with a plan carry its figures, as a generated plan does: the
        cards of the board show their planned completion."""
        planned = self.env['agency.case'].search([('line_ids', '!=', False)])
        demo = planned.filtered(lambda case: case.get_external_id()[case.id].endswith('_demo'))
        self.assertTrue(demo)
        for case in demo:
            self.assertEqual(case.date_planned_end, max(case.line_ids.mapped('planned_end')),
                             case.name)
            self.assertEqual(case.date_plan_start, min(case.line_ids.mapped('planned_start')),
                             case.name)
            self.assertEqual(case.plan_days_saved, case.sequential_days - case.plan_days)
        kanban = self.env.ref('investment_agency.view_agency_case_kanban').arch
        self.assertIn('Planned completion: <t t-esc="record.date_planned_end.raw_value', kanban)

    def test_new_case_form_sends_no_value_of_the_flow(self):
        """The web client sends every field of a new record that is not read-only: the
        values only the flow sets (step dates, plan, closing, rating) are read-only in the
        case form, else creating a case in the form is refused."""
        from odoo.addons.investment_agency.models.agency_case import PROTECTED_FIELDS
        view = self.env['agency.case'].sudo(self.agent_wuhai).fields_view_get(view_type='form')
        arch = etree.fromstring(view['arch'])
        writable = set()
        for node in arch.xpath('//field[@name]'):
            name = node.get('name')
            if name not in PROTECTED_FIELDS or node.xpath('ancestor::field'):
                continue
            modifiers = json.loads(node.get('modifiers') or '{}')
            if not (view['fields'][name].get('readonly') or modifiers.get('readonly') is True):
                writable.add(name)
        self.assertFalse(writable)

    def test_quiet_steps_folded(self):
        folded = self.env['agency.stage'].search([('fold', '=', True)]).mapped('flow_step')
        self.assertEqual(sorted(folded),
                         sorted(['sign', 'archive', 'done', 'evaluate', 'terminated']))
        order = self.env['agency.stage'].search([]).mapped('flow_step')
        self.assertEqual(order, list(STEPS) + ['terminated'])


class TestFlowChartDates(FlowCommon):

    def test_every_step_box_has_its_date(self):
        with today_is('2026-09-01'):
            case = self.create_case(user_id=self.agent_wuhai.id)
        with today_is('2026-09-02'):
            self.sign(case)
            case.action_generate_plan()
        with today_is('2026-11-20'):
            self.close_lines(case)
            case._complete(materials=[{'name': '营业执照'}])
        with today_is('2026-11-23'):
            case._record_evaluation('satisfied')
        report = self.env.ref('investment_agency.report_case_flow')
        page = lxml_html.fromstring(report.render_qweb_html(case.ids)[0])
        boxes = page.xpath('//div[contains(@class, "o_flow_box")]'
                           '[not(contains(@class, "o_flow_todo"))]')
        main = [box for box in boxes if box.xpath('.//span[contains(@class, "o_flow_date")]')]
        self.assertEqual(len(main), len(STEPS), 'a date in each of the nine step boxes')
        dates = [box.xpath('string(.//span[contains(@class, "o_flow_date")])').strip()
                 for box in main]
        self.assertEqual(dates[0], '2026年9月1日')
        self.assertEqual(dates[-1], '2026年11月23日')
        self.assertTrue(all(dates), dates)


class TestStageBarOverRpc(AgencyHttpCase):
    """The stage bar writes stage_id over /web/dataset/call_kw: a click that a gate forbids
    is refused on the server, in Chinese, whatever the context."""

    def test_refused_statusbar_click(self):
        ref = self.env.ref
        region = ref('investment_agency.region_hohhot')
        agent = self.create_user('fs_agent', ref('investment_agency.group_agent'), region,
                                 lang='zh_CN')
        case = ref('investment_agency.case_1_demo')
        case.write({'user_id': agent.id})
        self.assertEqual(case.flow_step, 'declare')
        feedback = self.env['agency.stage'].search([('flow_step', '=', 'feedback')])
        done = self.env['agency.stage'].search([('flow_step', '=', 'done')])
        plan = self.env['agency.stage'].search([('flow_step', '=', 'plan')])
        self.login(agent)
        # Items still open: no 结果反馈.
        self.assertRpcRefused('agency.case', 'write', [[case.id], {'stage_id': feedback.id}],
                              error='UserError', message='每个事项')
        self.assertRpcRefused('agency.case', 'write', [[case.id], {'stage_id': done.id}],
                              context={'agency_completion': True}, error='UserError',
                              message='代办件只能通过“办结”向导办结。')
        self.assertRpcRefused('agency.case', 'write', [[case.id], {'stage_id': plan.id}],
                              error='UserError', message='不能退回')
        self.assertRpcRefused('agency.case', 'action_next_step', [[case.id]],
                              error='UserError', message=case.name)
        self.refresh()
        self.assertEqual(case.flow_step, 'declare')
        # The form's stage bar is clickable the Odoo 11 way.
        form = self.env.ref('investment_agency.view_agency_case_form').arch
        self.assertIn('widget="statusbar" clickable="True"', form)
