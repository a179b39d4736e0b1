"""The verification of a case (接洽核实) and the materials handed back (归档返还): the
letters are signed and the plan made once the project is verified eligible; a project not
eligible is terminated; a case is archived, completed or terminated with at least one
returned-material record, printed on Annexes 6 and 8. Over HTTP: the gates hold against an
agent with a hostile context, and each role reads and writes the records its case allows."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import (NOT_ALLOWED, AgencyCaseCommon, AgencyHttpCase, out_of_reach,
                     service_today, today_is, verify_case)

VERIFY_FIRST = ('Case %s: verify the project first (category, decision document, codes) and '
                'record it as eligible.')
NOT_ELIGIBLE = ('Case %s: the project is not eligible (%s); terminate the case with the reason '
                '"the project is not eligible".')
MATERIAL_OUT_OF_REACH = out_of_reach('Material Returned to the Applicant')
CASE_OUT_OF_REACH = out_of_reach('Agency Case')
MATERIALS_REQUIRED = ('Case %s: record the materials handed back to the applicant (at least '
                      'one) before it is archived, completed or terminated.')


class TestCaseVerification(AgencyCaseCommon):

    def _contacted(self):
        """A case taken by its agent: at the verification step, not verified."""
        case = self.create_case(user_id=self.agent_wuhai.id)
        self.assertEqual((case.flow_step, case.verify_decision), ('verify', False))
        return case

    def _letters(self, case):
        case.sudo(self.agent_wuhai).write({
            'date_authorization': '2026-09-02', 'date_commitment': '2026-09-02',
            'proxy_name': '代办人', 'proxy_id_number': '11010519491231002X',
            'proxy_gender': 'female'})

    def test_signing_and_planning_need_the_verification(self):
        case = self._contacted()
        agent_case = case.sudo(self.agent_wuhai)
        self._letters(case)
        self.assertEqual(case.flow_step, 'verify', 'signed letters do not pass the verification')
        self.assertGate(lambda: agent_case.write({'stage_id': self.stage('sign').id}),
                        VERIFY_FIRST % case.name)
        self.assertGate(agent_case.action_next_step, VERIFY_FIRST % case.name)
        self.assertGate(agent_case.action_generate_plan, VERIFY_FIRST % case.name)
        self.assertFalse(case.line_ids)
        # Recorded by the agent through the wizard: the case goes on by itself.
        with today_is('2026-09-03'):
            wizard = self.env['agency.case.verify'].sudo(self.agent_wuhai).with_context(
                active_model='agency.case', active_id=case.id).create({
                    'verify_document': '乌海市2026年重点项目清单', 'verify_decision': 'eligible'})
            self.assertEqual(wizard.verify_category, self.project.category,
                             "the project's category is proposed")
            self.assertEqual(wizard.action_verify(), {'type': 'ir.actions.act_window_close'})
        self.assertEqual((case.verify_decision, case.verify_category, case.verify_document,
                          case.verify_user_id, case.verify_date),
                         ('eligible', self.project.category, '乌海市2026年重点项目清单',
                          self.agent_wuhai, '2026-09-03'))
        self.assertEqual(case.flow_step, 'sign')
        agent_case.action_generate_plan()
        self.assertEqual(case.flow_step, 'plan')
        # In the chatter.
        tracked = case.message_ids.mapped('tracking_value_ids').mapped('field')
        self.assertIn('verify_decision', tracked)
        self.assertIn('verify_user_id', tracked)
        # Recorded once the plan is made: refused.
        self.assertGate(lambda: verify_case(agent_case),
                        'Case %s: the verification is recorded before the letters are signed '
                        'and the plan made.' % case.name)

    def test_verification_values_are_checked(self):
        case = self._contacted().sudo(self.agent_wuhai)
        self.assertGate(lambda: case._record_verification({'verify_category': 'key'}),
                        'Case %s: choose the decision of the verification.' % case.name)
        self.assertRefused(lambda: case._record_verification({'verify_decision': 'eligible'}),
                           ValidationError, 'Case %s: an eligible project has the category '
                           'checked.' % case.name)
        self.assertRefused(lambda: case._record_verification({'verify_decision': 'ineligible',
                                                              'verify_reason': '  '}),
                           ValidationError, 'Case %s: give the reason why the project is not '
                           'eligible.' % case.name)
        self.project.code = False
        self.assertRefused(lambda: case._record_verification({
            'verify_decision': 'eligible', 'verify_category': 'key',
            'verify_project_code': True}), ValidationError,
            'Case %s: the project code  is not a valid project code' % case.name)
        self.assertFalse(case.verify_decision)
        # Written directly (not through the wizard): refused, whatever the context.
        self.assertGate(lambda: case.with_context(install_mode=True).write(
            {'verify_decision': 'eligible'}), 'These values are set by the actions of the case')
        # A user who only reads the case records nothing.
        self.assertRefused(lambda: verify_case(case.sudo(self.liaison_wuhai_nr)), AccessError,
                           CASE_OUT_OF_REACH)

    def test_not_eligible_leads_to_termination(self):
        case = self._contacted()
        self._letters(case)
        wizard = self.env['agency.case.verify'].sudo(self.agent_wuhai).with_context(
            active_model='agency.case', active_id=case.id).create({
                'verify_decision': 'ineligible', 'verify_reason': '一般性商业项目,不属服务范围'})
        action = wizard.action_verify()
        self.assertEqual(case.verify_decision, 'ineligible')
        self.assertEqual(case.flow_step, 'verify')
        self.assertEqual(action['res_model'], 'agency.case.terminate')
        self.assertEqual(action['context']['active_id'], case.id)
        message = NOT_ELIGIBLE % (case.name, '一般性商业项目,不属服务范围')
        self.assertGate(lambda: case.sudo(self.agent_wuhai).write(
            {'stage_id': self.stage('sign').id}), message)
        self.assertGate(case.sudo(self.agent_wuhai).action_generate_plan, message)
        # The termination wizard opened from it proposes the reason.
        with today_is('2026-09-05'):
            terminate = self.env['agency.case.terminate'].sudo(self.agent_wuhai).with_context(
                **action['context']).create({
                    'material_ids': [(0, 0, {'name': '项目申请材料', 'kind': 'copy'})]})
            self.assertEqual(terminate.termination_reason, 'project_ineligible')
            self.assertEqual(terminate.termination_note, '一般性商业项目,不属服务范围')
            terminate.action_terminate()
        self.assertEqual((case.flow_step, case.termination_reason),
                         ('terminated', 'project_ineligible'))
        self.assertEqual(case.returned_material_ids.received_by, self.project.contact_name)

    def test_archiving_needs_returned_material_records(self):
        with today_is('2026-11-20'):
            case = self.create_case(numbers=(2,), user_id=self.agent_wuhai.id)
            self.sign(case)
            case.action_generate_plan()
            line = case.line_ids
            line.write({'state': 'declared', 'date_declared': '2026-09-10'})
            line.write({'state': 'accepted', 'date_accepted': '2026-09-11'})
            line.write({'state': 'done', 'result_number': '乌发改备〔2026〕9号',
                        'result_date': '2026-09-12'})
            self.assertEqual(case.flow_step, 'feedback')
            agent_case = case.sudo(self.agent_wuhai)
            archive = {'stage_id': self.stage('archive').id}
            self.assertGate(lambda: agent_case.write(archive), MATERIALS_REQUIRED % case.name)
            Material = self.env['agency.case.returned.material'].sudo(self.agent_wuhai)
            values = {'case_id': case.id, 'name': '营业执照', 'received_by': '王经办',
                      'date_returned': '2026-11-20'}
            for changes, message in (
                    ({'date_returned': '2026-11-21'}, 'a day in the future'),
                    ({'date_returned': '2026-08-31'}, 'before the application (2026-09-01)'),
                    ({'copies': 0}, 'is handed back in one copy or more')):
                self.assertRefused(lambda: Material.create(dict(values, **changes)),
                                   ValidationError, message)
            material = Material.create(values)
            self.assertEqual((material.kind, material.copies), ('original', 1))
            agent_case.write(archive)
            self.assertEqual(case.flow_step, 'archive')
            agent_case._complete('2026-11-20')
        self.assertEqual(case.flow_step, 'done')
        # Printed on the completion form, then final.
        self.assertRefused(lambda: material.write({'name': '营业执照副本'}), UserError,
                           'Case %s is closed: its list of returned materials is printed'
                           % case.name)
        self.assertRefused(material.unlink, UserError, 'Case %s is closed' % case.name)


class TestCaseVerificationOverRpc(AgencyHttpCase):
    """An agent over HTTP, with a hostile context, cannot pass the verification; each role
    reads and writes the returned materials its case allows, and nothing more."""

    def setUp(self):
        super(TestCaseVerificationOverRpc, self).setUp()
        self.env['res.lang'].load_lang('en_US')  # messages compared untranslated
        ref = self.env.ref
        hhht = ref('investment_agency.region_hohhot')
        baotou = ref('investment_agency.region_baotou')
        self.agent = self.create_user('vr_agent', ref('investment_agency.group_agent'), hhht)
        self.bt_agent = self.create_user('vr_bt_agent', ref('investment_agency.group_agent'),
                                         baotou)
        self.manager = self.create_user('vr_manager', ref('investment_agency.group_manager'),
                                        hhht)
        self.case = ref('investment_agency.case_7_demo')          # 呼和浩特市, verification
        self.case.write({'user_id': self.agent.id})
        self.done_case = ref('investment_agency.case_4_demo')     # 呼和浩特市, completed
        self.liaison = self.create_user('vr_liaison', ref('investment_agency.group_liaison'),
                                        hhht)
        self.liaison.agency_department_ids = [
            (6, 0, self.done_case.line_ids[:1].department_id.ids)]
        enterprise = self.done_case.partner_id
        contact = self.env['res.partner'].create({'name': '刘洋', 'parent_id': enterprise.id,
                                                  'email': 'vr_portal@example.com'})
        self.portal = self.create_user('vr_portal', ref('base.group_portal'),
                                       partner_id=contact.id)
        other = self.env['res.partner'].create({'name': '另一企业', 'is_company': True})
        self.other_portal = self.create_user(
            'vr_portal2', ref('base.group_portal'), partner_id=self.env['res.partner'].create(
                {'name': '旁人', 'parent_id': other.id}).id)

    def test_agent_cannot_skip_the_verification(self):
        self.login(self.agent)
        hostile = {'install_mode': True, 'agency_verified': True, 'skip_gates': True}
        sign = self.env.ref('investment_agency.stage_sign')
        today = service_today(self.env)
        self.assertRpcRefused('agency.case', 'write', [[self.case.id], {
            'date_authorization': today, 'date_commitment': today, 'stage_id': sign.id}],
            context=hostile, error='UserError', message=VERIFY_FIRST % self.case.name)
        self.assertRpcRefused('agency.case', 'write', [[self.case.id], {
            'verify_decision': 'eligible', 'verify_date': today}], context=hostile,
            error='UserError', message='These values are set by the actions of the case')
        self.assertRpcRefused('agency.case', 'action_generate_plan', [[self.case.id]],
                              context=hostile, error='UserError',
                              message='Case %s: ' % self.case.name)
        self.assertRpcRefused('agency.case', '_record_verification',
                              [[self.case.id], {'verify_decision': 'eligible'}],
                              context=hostile, error='AccessError',
                              message='_record_verification')
        self.refresh()
        self.assertEqual((self.case.flow_step, self.case.verify_decision), ('verify', False))
        # The wizard records it, as the agent.
        wizard_id, failure = self.call_kw('agency.case.verify', 'create', [{
            'verify_category': 'encouraged', 'verify_decision': 'eligible'}],
            context={'active_model': 'agency.case', 'active_id': self.case.id})
        self.assertIsNone(failure)
        _result, failure = self.call_kw('agency.case.verify', 'action_verify', [[wizard_id]])
        self.assertIsNone(failure)
        self.refresh()
        self.assertEqual((self.case.verify_decision, self.case.verify_user_id),
                         ('eligible', self.agent))
        # The agent of Hohhot cannot verify a case of Baotou.
        other = self.env.ref('investment_agency.case_3_demo')
        wizard_id, failure = self.call_kw('agency.case.verify', 'create', [{
            'case_id': other.id, 'verify_category': 'key', 'verify_decision': 'eligible'}])
        if failure is None:
            self.assertRpcRefused('agency.case.verify', 'action_verify', [[wizard_id]],
                                  error='AccessError', message=CASE_OUT_OF_REACH)
        else:
            self.assertRpcFailure(failure, 'AccessError', CASE_OUT_OF_REACH)
        self.refresh()
        self.assertFalse(other.verify_decision)

    def test_returned_material_access_by_role(self):
        Material = 'agency.case.returned.material'
        materials = self.done_case.returned_material_ids
        self.assertEqual(len(materials), 3)
        values = {'case_id': self.case.id, 'name': '营业执照', 'received_by': '刘洋',
                  'date_returned': service_today(self.env)}
        # The agent of the region: reads, records on an open case, corrects, deletes.
        self.login(self.agent)
        result, failure = self.call_kw(Material, 'search_read',
                                       [[('case_id', '=', self.done_case.id)], ['name', 'kind']])
        self.assertIsNone(failure)
        self.assertEqual([row['name'] for row in result], materials.mapped('name'))
        material_id, failure = self.call_kw(Material, 'create', [values])
        self.assertIsNone(failure)
        _result, failure = self.call_kw(Material, 'write', [[material_id], {'copies': 2}])
        self.assertIsNone(failure)
        # The manager of the region deletes a record of an open case.
        self.login(self.manager)
        _result, failure = self.call_kw(Material, 'unlink', [[material_id]])
        self.assertIsNone(failure)
        # ... but the list of a closed case is final.
        self.login(self.agent)
        self.assertRpcRefused(Material, 'write', [materials[:1].ids, {'name': 'x'}],
                              error='UserError', message='is closed: its list of returned')
        # The agent of another region: nothing.
        self.login(self.bt_agent)
        result, failure = self.call_kw(Material, 'search_read',
                                       [[('case_id', '=', self.done_case.id)], ['name']])
        self.assertEqual((result, failure), ([], None))
        self.assertRpcRefused(Material, 'read', [materials.ids, ['name']], error='AccessError',
                              message=MATERIAL_OUT_OF_REACH)
        self.assertRpcRefused(Material, 'create', [values], error='AccessError',
                              message='is outside your reach: you work on the records of your '
                                      'region')
        # A closed case's material out of his reach: the rules refuse it, not the closed
        # case (which would tell him it exists and is closed).
        self.assertRpcRefused(Material, 'write', [materials[:1].ids, {'name': 'x'}],
                              error='AccessError', message=MATERIAL_OUT_OF_REACH)
        # Nor can the agent of the region move a material onto a case out of his reach.
        bt_case = self.env.ref('investment_agency.case_5_demo')  # 包头市
        self.login(self.agent)
        self.assertRpcRefused(Material, 'write', [materials[:1].ids,
                                                  {'case_id': bt_case.id}],
                              error='AccessError',
                              message='is outside your reach: you work on the records of your '
                                      'region')
        # The liaison agent of a department of the case: reads, writes nothing.
        self.login(self.liaison)
        result, failure = self.call_kw(Material, 'read', [materials.ids, ['name']])
        self.assertIsNone(failure)
        self.assertEqual(len(result), 3)
        self.assertRpcRefused(Material, 'create', [values], error='AccessError',
                              message=NOT_ALLOWED['create'])
        # The applicant reads his own case's list, not another's, and writes nothing.
        self.login(self.portal)
        result, failure = self.call_kw(Material, 'read', [materials.ids, ['name', 'kind']])
        self.assertIsNone(failure)
        self.assertEqual(len(result), 3)
        self.assertRpcRefused(Material, 'unlink', [materials.ids], error='AccessError',
                              message=NOT_ALLOWED['unlink'])
        self.login(self.other_portal)
        self.assertRpcRefused(Material, 'read', [materials.ids, ['name']], error='AccessError',
                              message=MATERIAL_OUT_OF_REACH)
        self.refresh()
        self.assertEqual(len(self.done_case.returned_material_ids), 3)
