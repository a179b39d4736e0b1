"""The checklist of the materials of a case item (容缺受理, 告知承诺, §一(二)3, §二(六)):
made from the catalog, kept by the agent and the liaison agent, reminded before it is
due and the day it is overdue, and gating the completion of the case while a material
is overdue or a pledge is broken and its result stands."""
from unittest.mock import patch

from odoo.exceptions import UserError

from .common import (NOT_ALLOWED, AgencyCaseCommon, AgencyHttpCase, out_of_reach,
                     service_today, today_is)

ENTRY = 'Material of a Case Item'
BLOCKED = 'these materials are overdue and unsettled, or their pledge is broken'
# A context a hostile client may send, hoping to open a gate.
HOSTILE_CONTEXT = {'install_mode': True, 'import_file': True, 'module': 'investment_agency',
                   'tracking_disable': True, 'skip_gate': True, 'force_complete': True,
                   'bypass_materials': True, 'active_test': False}


class TestLineMaterials(AgencyCaseCommon):

    def planned_case(self):
        case = self.create_case(numbers=(2, 7), user_id=self.agent_wuhai.id)
        self.sign(case)
        case.action_generate_plan()
        return case

    def accepted(self, case, number, day='2026-09-07'):
        line = self.line(case, number)
        with today_is(day):
            line.action_declare()
            line.action_accept()
        return line

    def close(self, line, day):
        with today_is(day):
            line.write({'result_number': '乌审〔2026〕%d号' % line.id, 'state': 'done'})

    def test_checklist_from_catalog(self):
        case = self.planned_case()
        for line in case.line_ids:
            self.assertEqual(line.material_ids.mapped('material_id'), line.item_id.material_ids)
            self.assertEqual(set(line.material_ids.mapped('status')), {'required'})
            self.assertEqual(set(line.material_ids.mapped('outcome')), {'pending'})
            self.assertFalse(line.deficiency_used or line.pledge_used or line.material_overdue)
        # A material the catalog adds later joins the checklist when the item is declared.
        line = self.line(case, 7)
        extra = self.env['agency.item.material'].create({'item_id': self.item[7].id,
                                                         'name': '补充说明材料'})
        with today_is('2026-09-07'):
            line.action_declare()
        self.assertIn(extra, line.material_ids.mapped('material_id'))
        self.assertEqual(len(line.material_ids), len(self.item[7].material_ids))
        # Nobody moves a material to another item, nor gives its reminders.
        other = self.line(case, 2).material_ids[:1]
        self.assertRefused(lambda: line.material_ids[:1].sudo(self.agent_wuhai).write(
            {'material_id': other.material_id.id}), UserError, 'stays with its item')
        self.assertRefused(lambda: line.material_ids[:1].sudo(self.agent_wuhai).write(
            {'reminder_sent': 'overdue'}), UserError, 'given by the daily cron')

    def test_deficiency_refused_for_key_material(self):
        case = self.planned_case()
        line = self.accepted(case, 7)
        entries = line.sudo(self.agent_wuhai).material_ids
        key = entries.filtered(lambda entry: not entry.allow_deficiency)[0]
        self.assertInvalid(lambda: key.write({'status': 'deficiency'}),
                           '"%s" of "%s" is a key material' % (key.material_id.name,
                                                               line.item_id.name))
        unpledged = entries.filtered(lambda entry: not entry.allow_pledge)[0]
        self.assertInvalid(lambda: unpledged.write({'status': 'pledge'}),
                           'cannot be replaced by a pledge (告知承诺)')
        allowed = entries.filtered('allow_deficiency')[0]
        with today_is('2026-09-08'):
            allowed.write({'status': 'deficiency'})
        # Due the catalog's 5 working days after the acceptance (Monday 7 September).
        self.assertEqual(allowed.due_date, '2026-09-14')
        self.assertTrue(line.deficiency_used)
        self.assertFalse(line.pledge_used)
        self.assertIn(allowed.material_id.name, case.message_ids[0].body)
        self.assertInvalid(lambda: allowed.write({'due_date': '2026-09-04'}),
                           'cannot come before the acceptance')
        self.assertInvalid(lambda: allowed.write({'status': 'received', 'due_date': False,
                                                  'outcome': 'supplied'}),
                           '"supplied" is the outcome of a missing')
        self.assertInvalid(lambda: allowed.write({'outcome': 'kept'}),
                           '"supplied" is the outcome of a missing')
        self.assertInvalid(lambda: allowed.write({'due_date': False}), 'give the day it is due')
        with today_is('2026-09-10'):
            allowed.write({'outcome': 'supplied'})
        self.assertEqual(allowed.outcome_date, '2026-09-10')
        # The liaison agent of the department keeps the checklist of its items too.
        with today_is('2026-09-10'):
            entries.filtered('allow_deficiency').sudo(self.liaison_wuhai_nr).write(
                {'outcome_note': '已补交原件'})

    def test_overdue_material_blocks_completion_until_supplied(self):
        case = self.planned_case()
        line7 = self.accepted(case, 7)
        line2 = self.accepted(case, 2)
        entry = line7.material_ids.filtered('allow_deficiency')[0]
        entry.write({'status': 'deficiency'})
        self.close(line7, '2026-09-10')
        self.close(line2, '2026-09-10')
        with today_is('2026-09-14'):  # due today: not overdue yet
            self.assertFalse(line7.material_overdue)
        with today_is('2026-09-15'):
            case.invalidate_cache()  # the counts are of the day they are read
            self.assertTrue(entry.is_overdue)
            self.assertTrue(line7.material_overdue)
            Line = self.env['agency.case.line']
            self.assertEqual(Line.search([('case_id', '=', case.id),
                                          ('material_overdue', '=', True)]), line7)
            self.assertEqual((case.material_owed_count, case.material_overdue_count), (1, 1))
            self.assertIn(case, self.env['agency.case'].search(
                [('material_overdue_count', '>', 0)]))
            agent_case = case.sudo(self.agent_wuhai)
            error = self.assertGate(lambda: agent_case._complete(materials='营业执照原件'),
                                    BLOCKED)
            self.assertIn('%s · %s' % (line7.item_id.name, entry.material_id.name),
                          error.name)
            # Nor is it archived.
            self.assertGate(lambda: case.sudo(self.manager_wuhai).write({'active': False}),
                            BLOCKED)
            entry.write({'outcome': 'supplied'})
            agent_case._complete(materials='营业执照原件')
        self.assertEqual(case.flow_step, 'done')

    def test_pledge_broken_blocks_completion_until_revoked(self):
        case = self.planned_case()
        line7 = self.accepted(case, 7)
        line2 = self.accepted(case, 2)
        pledge = line2.material_ids.filtered('allow_pledge')[0].sudo(self.agent_wuhai)
        pledge.write({'status': 'pledge'})
        # 20 working days: 中秋 and 国庆 not counted, the make-up Saturday counted.
        self.assertEqual(pledge.due_date, '2026-10-10')
        self.close(line7, '2026-09-10')
        self.close(line2, '2026-09-10')
        clock = (line2.working_days_used, line2.days_saved, line2.on_time)
        with today_is('2026-09-20'):
            self.assertRefused(lambda: line2.sudo(self.agent_wuhai).action_revoke(), UserError,
                               'a result is revoked when the applicant broke a pledge')
            self.assertInvalid(lambda: pledge.write({'outcome': 'broken'}),
                               'say why the pledge is broken')
            pledge.write({'outcome': 'broken', 'broken_reason': '未按承诺落实产业政策'})
            self.assertTrue(line2.pledge_broken)
            agent_case = case.sudo(self.agent_wuhai)
            self.assertGate(lambda: agent_case._complete(materials='营业执照原件'), BLOCKED,
                            '%s · %s' % (line2.item_id.name, pledge.material_id.name))
            self.assertRefused(lambda: line2.sudo(self.agent_wuhai).action_revoke(), UserError,
                               'write why the result is revoked')
            line2.sudo(self.agent_wuhai).write({'revoke_reason': '申请人未履行告知承诺'})
            line2.sudo(self.agent_wuhai).action_revoke()
            self.assertEqual((line2.state, line2.date_revoked), ('revoked', '2026-09-20'))
            # The result was given: the clock keeps its days.
            self.assertEqual(line2.date_closed, '2026-09-10')
            self.assertEqual((line2.working_days_used, line2.days_saved, line2.on_time), clock)
            agent_case._complete(materials='营业执照原件')
        self.assertEqual(case.flow_step, 'done')
        self.assertIn('申请人未履行告知承诺', ''.join(case.message_ids.mapped('body')))
        analysis = self.env['agency.line.analysis'].search([('case_id', '=', case.id)])
        self.assertEqual(sum(analysis.mapped('handled_count')), 2)
        self.assertEqual(sum(analysis.mapped('done_count')), 1)

    def test_reminder_given_once_before_the_due_date(self):
        case = self.planned_case()
        line = self.accepted(case, 7)
        entry = line.material_ids.filtered('allow_deficiency')[0]
        entry.write({'status': 'deficiency'})  # due Monday 14 September
        Entry = self.env['agency.case.line.material']

        def reminders():
            return self.env['mail.activity'].search([('agency_material_id', '=', entry.id)])
        with today_is('2026-09-08'):  # 4 working days ahead: not yet
            Entry._cron_remind()
        self.assertFalse(reminders())
        with today_is('2026-09-09'):  # 3 working days ahead
            Entry._cron_remind()
            Entry._cron_remind()
        first = reminders()
        self.assertEqual(first.mapped('user_id'), self.agent_wuhai | self.liaison_wuhai_nr)
        self.assertEqual(set(first.mapped('agency_material_alert')), {'soon'})
        self.assertEqual(set(first.mapped('res_id')), set(case.ids))
        self.assertIn(entry.material_id.name, first[0].summary)
        first.action_feedback(feedback='已提醒申请人')
        with today_is('2026-09-11'):
            Entry._cron_remind()
        self.assertFalse(reminders(), 'never twice, also once marked done')
        with today_is('2026-09-15'):  # the day it is overdue
            Entry._cron_remind()
            Entry._cron_remind()
        overdue = reminders()
        self.assertEqual(overdue.mapped('user_id'), self.agent_wuhai | self.liaison_wuhai_nr)
        self.assertEqual(set(overdue.mapped('agency_material_alert')), {'overdue'})
        with today_is('2026-09-16'):
            Entry._cron_remind()
        self.assertEqual(reminders(), overdue)


class TestLineMaterialsOverHttp(AgencyHttpCase):
    """The checklist as the roles reach it over /web/dataset/call_kw, on the demo case of
    呼和浩特市 (declaring)."""

    def setUp(self):
        super(TestLineMaterialsOverHttp, self).setUp()
        self.env['res.lang'].load_lang('en_US')
        ref = self.env.ref
        self.hhht = ref('investment_agency.region_hohhot')
        self.case = ref('investment_agency.case_1_demo')
        self.agent = self.create_user('t_lm_agent', ref('investment_agency.group_agent'),
                                      self.hhht)
        self.bt_agent = self.create_user('t_lm_bt_agent', ref('investment_agency.group_agent'),
                                         ref('investment_agency.region_baotou'))
        self.case.write({'user_id': self.agent.id})
        self.land = ref('investment_agency.line_1_7_demo')
        self.fire = ref('investment_agency.line_1_15_demo')
        self.liaison = self.create_user('t_lm_liaison', ref('investment_agency.group_liaison'),
                                        self.hhht)
        self.liaison.agency_department_ids = [(6, 0, self.land.department_id.ids)]
        self.applicant = self.create_user('t_lm_applicant', ref('base.group_portal'))
        self.applicant.partner_id.parent_id = self.case.partner_id

    def close_case_lines(self):
        for line in self.case.line_ids:
            if line.state == 'todo':
                line.action_withdraw()
            elif line.state == 'accepted':
                line.write({'result_number': '呼审〔2026〕%d号' % line.id, 'state': 'done'})

    def complete(self, context=None):
        wizard_id, error = self.call_kw(
            'agency.case.complete', 'create', [{'material_ids': [(0, 0, {'name': '营业执照原件'})]}],
            context=dict(context or {}, active_model='agency.case', active_id=self.case.id))
        self.assertIsNone(error)
        return self.call_kw('agency.case.complete', 'action_complete', [[wizard_id]],
                            context=context)

    def test_pledge_that_breaks_blocks_completion(self):
        self.close_case_lines()
        pledge = self.fire.material_ids.filtered('allow_pledge')[0]
        pledge.write({'status': 'pledge'})
        self.login(self.agent)
        # The agent records the broken pledge, as the web client's editable list writes it.
        _result, error = self.call_kw('agency.case.line', 'write', [[self.fire.id], {
            'material_ids': [[1, pledge.id, {'outcome': 'broken',
                                             'broken_reason': '未按承诺提交消防设计文件'}]]}])
        self.assertIsNone(error)
        self.refresh()
        self.assertTrue(self.fire.pledge_broken)
        blocked = '%s · %s' % (self.fire.item_id.name, pledge.material_id.name)
        for context in (None, HOSTILE_CONTEXT):
            _result, error = self.complete(context)
            self.assertRpcFailure(error, 'UserError', blocked)
            self.assertIn(BLOCKED, error['message'])
        self.refresh()
        self.assertNotEqual(self.case.flow_step, 'done')
        # Writing the flag or the outcome back changes nothing the gate reads.
        self.assertRpcRefused('agency.case.line', 'write', [[self.fire.id], {'pledge_used': False}],
                              context=HOSTILE_CONTEXT, error='UserError',
                              message='These values are computed, not written')
        # The result is revoked, with its reason; then the case completes.
        self.assertRpcRefused('agency.case.line', 'action_revoke', [[self.fire.id]],
                              context=HOSTILE_CONTEXT, error='UserError',
                              message='write why the result is revoked')
        _result, error = self.call_kw('agency.case.line', 'write', [[self.fire.id], {
            'revoke_reason': '申请人未履行告知承诺,依法撤销'}])
        self.assertIsNone(error)
        _result, error = self.call_kw('agency.case.line', 'action_revoke', [[self.fire.id]])
        self.assertIsNone(error)
        self.refresh()
        self.assertEqual(self.fire.state, 'revoked')
        # The completion form is printed by its own tests (wkhtmltopdf is not run from the
        # server's thread here).
        with patch.object(type(self.env['agency.case']), '_attach_form',
                          lambda case, xmlid: True):
            _result, error = self.complete()
        self.assertIsNone(error)
        self.refresh()
        self.assertEqual((self.case.flow_step, self.case.date_done),
                         ('done', service_today(self.env)))

    def test_access_by_role(self):
        land_entry = self.land.material_ids.filtered(lambda entry: entry.status == 'required')[0]
        fire_entry = self.fire.material_ids[0]
        ids = self.case.line_ids.mapped('material_ids').ids
        # The agent of the case reads and keeps the whole checklist.
        self.login(self.agent)
        result, error = self.call_kw('agency.case.line.material', 'search_read',
                                     [[('case_id', '=', self.case.id)], ['status']])
        self.assertIsNone(error)
        self.assertEqual(sorted(row['id'] for row in result), sorted(ids))
        _result, error = self.call_kw('agency.case.line.material', 'write',
                                      [[fire_entry.id], {'outcome_note': '已核对'}])
        self.assertIsNone(error)
        self.assertRpcRefused('agency.case.line.material', 'unlink', [[fire_entry.id]],
                              error='AccessError', message=NOT_ALLOWED['unlink'])
        # The liaison agent keeps the materials of his department's items, no others.
        self.login(self.liaison)
        _result, error = self.call_kw('agency.case.line.material', 'write',
                                      [[land_entry.id], {'status': 'received'}])
        self.assertIsNone(error)
        self.assertRpcRefused('agency.case.line.material', 'write',
                              [[fire_entry.id], {'status': 'received'}],
                              error='AccessError', message=out_of_reach(ENTRY))
        self.assertRpcRefused('agency.case.line.material', 'create',
                              [{'line_id': self.land.id,
                                'material_id': land_entry.material_id.id}],
                              error='AccessError', message=NOT_ALLOWED['create'])
        # Another region's agent reaches none of them.
        self.login(self.bt_agent)
        result, error = self.call_kw('agency.case.line.material', 'search_read',
                                     [[('id', 'in', ids)], ['status']])
        self.assertEqual((result, error), ([], None))
        self.assertRpcRefused('agency.case.line.material', 'read', [[land_entry.id], ['status']],
                              error='AccessError', message=out_of_reach(ENTRY))
        self.assertRpcRefused('agency.case.line.material', 'write',
                              [[land_entry.id], {'status': 'not_needed'}],
                              error='AccessError', message=out_of_reach(ENTRY))
        # The applicant reads the checklist of his enterprise's case, and writes nothing.
        self.login(self.applicant)
        result, error = self.call_kw('agency.case.line.material', 'search_read',
                                     [[], ['case_id', 'status', 'due_date', 'outcome']])
        self.assertIsNone(error)
        self.assertTrue(set(ids) <= {row['id'] for row in result})
        own = self.env['agency.case'].search([('partner_id', '=', self.case.partner_id.id)])
        self.assertTrue({row['case_id'][0] for row in result} <= set(own.ids))
        self.assertRpcRefused('agency.case.line.material', 'write',
                              [[land_entry.id], {'status': 'not_needed'}],
                              error='AccessError', message=NOT_ALLOWED['write'])
        self.refresh()
        self.assertEqual(land_entry.status, 'received')
