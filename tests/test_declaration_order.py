"""按序申报 (二(五)): an item is declared once the items it must follow have their result;
an advised order may be broken on purpose, and who decided it is recorded."""
from odoo.exceptions import ValidationError

from .common import AgencyCaseCommon, today_is
from .test_trust_boundary import TrustBoundaryCommon

# 8 划拨国有土地使用权审批 follows 7 建设项目用地预审与选址意见书核发 (data/agency_item_data.xml).
LAND_PREEXAMINATION, LAND_ALLOCATION = 7, 8


class TestDeclarationOrder(AgencyCaseCommon):

    def planned_case(self, numbers=(2, LAND_PREEXAMINATION, LAND_ALLOCATION)):
        case = self.create_case(numbers=numbers, user_id=self.agent_wuhai.id)
        self.sign(case)
        case.action_generate_plan()
        return case.sudo(self.agent_wuhai)

    def test_binding_predecessor_refuses_the_declaration(self):
        case = self.planned_case()
        first, second = self.line(case, LAND_PREEXAMINATION), self.line(case, LAND_ALLOCATION)
        self.assertEqual(second.waiting_for, first.item_id.name)
        self.assertFalse(second.order_advisory_only)
        waits = '"%s" is declared in order: it waits for the result of %s.' % (
            second.item_id.name, first.item_id.name)
        self.assertGate(second.action_declare, waits)
        # Declared together, in one write: the same refusal, nothing declared.
        self.assertGate(lambda: case.line_ids.write({'state': 'declared'}), waits)
        self.assertEqual(set(case.line_ids.mapped('state')), {'todo'})
        with today_is('2026-09-28'):
            first.action_declare()
            first.action_accept()
            self.assertGate(second.action_declare, waits)  # accepted is not a result
            first.write({'result_number': '乌自然资预〔2026〕8号'})
            first.action_done()
            self.assertFalse(second.waiting_for)
            second.action_declare()
        self.assertEqual((second.state, second.order_override_uid),
                         ('declared', self.env['res.users']))

    def test_withdrawn_predecessor_holds_nothing_back(self):
        case = self.planned_case()
        self.line(case, LAND_PREEXAMINATION).action_withdraw()
        second = self.line(case, LAND_ALLOCATION)
        second.action_declare()
        self.assertEqual(second.state, 'declared')

    def test_advised_order_broken_on_purpose_is_recorded(self):
        self.item[LAND_ALLOCATION].advisory_predecessor_ids = self.item[LAND_PREEXAMINATION]
        case = self.planned_case()
        first, second = self.line(case, LAND_PREEXAMINATION), self.line(case, LAND_ALLOCATION)
        self.assertTrue(second.order_advisory_only)
        self.assertGate(second.action_declare, '"%s" should follow %s, which has no result yet.'
                        % (second.item_id.name, first.item_id.name))
        with today_is('2026-09-28'):
            second.action_declare_out_of_order()
        self.assertEqual((second.state, second.date_declared), ('declared', '2026-09-28'))
        self.assertEqual((second.order_override_uid, second.order_override_date),
                         (self.agent_wuhai, '2026-09-28'))
        note = case.message_ids.filtered(lambda message: 'advised order' in (message.body or ''))
        self.assertEqual(len(note), 1)
        self.assertIn(self.agent_wuhai.name, note.body)
        self.assertEqual(note.author_id, self.agent_wuhai.partner_id)
        # Nothing else waits for an item: the button has nothing to override.
        self.assertGate(first.action_declare_out_of_order,
                        '"%s" waits for no other item: declare it as usual.' % first.item_id.name)

    def test_out_of_order_refused_for_a_binding_predecessor(self):
        case = self.planned_case()
        second = self.line(case, LAND_ALLOCATION)
        self.assertGate(second.action_declare_out_of_order, 'is declared in order')
        self.assertEqual((second.state, second.order_override_uid),
                         ('todo', self.env['res.users']))

    def test_what_a_page_of_items_waits_for_is_read_at_once(self):
        """A list or a form says what each of its items waits for with the same statements
        for one case as for three, the liaison agent included (he reads his own items only:
        the order is read as superuser)."""
        cases = [self.planned_case() for _index in range(3)]
        cases[2].line_ids.filtered(lambda line: line.item_id.number == LAND_PREEXAMINATION
                                   ).action_withdraw()
        Line = self.env['agency.case.line'].sudo(self.liaison_wuhai_nr)

        def waiting(some):
            lines = Line.search([('case_id', 'in', [case.id for case in some])])
            return {(line['case_id'][0], line['item_id'][0]): line['waiting_for']
                    for line in lines.read(['case_id', 'item_id', 'waiting_for'])}
        first, second = self.item[LAND_PREEXAMINATION], self.item[LAND_ALLOCATION]
        self.assertEqual(waiting(cases), {
            (cases[0].id, first.id): '', (cases[0].id, second.id): first.name,
            (cases[1].id, first.id): '', (cases[1].id, second.id): first.name,
            (cases[2].id, first.id): '', (cases[2].id, second.id): ''})
        self.assertEqual(self.count_queries(lambda: waiting(cases[:1])),
                         self.count_queries(lambda: waiting(cases)))

    def test_what_an_item_waits_for_while_the_plan_is_edited(self):
        """An item added in the case's form, not saved yet: the case's saved items."""
        case = self.planned_case()
        Line = self.env['agency.case.line'].sudo(self.agent_wuhai)
        added = Line.new({'case_id': case.id, 'item_id': self.item[LAND_ALLOCATION].id,
                          'state': 'todo'})
        self.assertEqual(added.waiting_for, self.item[LAND_PREEXAMINATION].name)
        self.assertFalse(added.order_advisory_only)
        self.item[LAND_ALLOCATION].advisory_predecessor_ids = self.item[LAND_PREEXAMINATION]
        added = Line.new({'case_id': case.id, 'item_id': self.item[LAND_ALLOCATION].id,
                          'state': 'todo'})
        self.assertTrue(added.order_advisory_only)
        self.line(case, LAND_PREEXAMINATION).action_withdraw()
        added = Line.new({'case_id': case.id, 'item_id': self.item[LAND_ALLOCATION].id,
                          'state': 'todo'})
        self.assertFalse(added.waiting_for)

    def test_advised_predecessor_must_be_a_predecessor(self):
        with self.assertRaises(ValidationError):
            self.item[LAND_ALLOCATION].advisory_predecessor_ids = self.item[2]


class TestDeclarationOrderOverHttp(TrustBoundaryCommon):
    """An agent's client cannot declare out of order by sending values or context keys."""

    def setUp(self):
        super(TestDeclarationOrderOverHttp, self).setUp()
        Item = self.env['agency.item']
        item = Item.search([('number', '=', LAND_ALLOCATION)])
        self.case.write({'item_ids': [(4, item.id)]})
        self.case.action_generate_plan()
        self.second = self.case.line_ids.filtered(lambda line: line.item_id == item)
        self.first = self.case.line_ids.filtered(
            lambda line: line.item_id.number == LAND_PREEXAMINATION)
        self.assertEqual((self.first.state, self.second.state), ('accepted', 'todo'))
        self.case.user_id = self.agent
        self.login(self.agent)

    def test_hostile_declaration_refused(self):
        hostile = {'install_mode': True, 'module': 'investment_agency', 'agency_order': 'skip',
                   'tracking_disable': True}
        name = self.first.item_id.name
        for method, args, context in (
                ('write', [[self.second.id], {'state': 'declared'}], hostile),
                ('action_declare', [[self.second.id]], hostile),
                ('action_declare_out_of_order', [[self.second.id]], hostile)):
            self.assertRpcRefused('agency.case.line', method, args, context=context,
                                  error='UserError', message='等待%s的办理结果' % name)
        self.assertRpcRefused(
            'agency.case.line', 'write',
            [[self.second.id], {'order_override_uid': self.agent.id, 'state': 'declared'}],
            error='UserError', message='不能直接修改')
        self.second.invalidate_cache()
        self.assertEqual((self.second.state, self.second.order_override_uid),
                         ('todo', self.env['res.users']))

    def test_advised_order_broken_over_http(self):
        self.second.item_id.advisory_predecessor_ids = self.first.item_id
        self.sync()
        self.assertRpcRefused('agency.case.line', 'write',
                              [[self.second.id], {'state': 'declared'}],
                              error='UserError',
                              message='建议在%s取得办理结果后申报' % self.first.item_id.name)
        _result, failure = self.call_kw('agency.case.line', 'action_declare_out_of_order',
                                        [[self.second.id]])
        self.assertIsNone(failure)
        self.second.invalidate_cache()
        self.assertEqual((self.second.state, self.second.order_override_uid),
                         ('declared', self.agent))
        # Another region's agent reaches neither the line nor its button.
        self.login(self.bt_agent)
        third = self.case.line_ids.filtered(lambda line: line.state == 'todo')[:1]
        self.assertRpcRefused('agency.case.line', 'action_declare_out_of_order', [third.ids],
                              error='AccessError', message='此办理事项不在您的工作范围内')
        third.invalidate_cache()
        self.assertEqual(third.state, 'todo')
