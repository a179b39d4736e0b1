"""Hostile input, from one table per channel: the intake API, the portal's form and
JSON-RPC. Every bad value gets a 4xx or a ValidationError/UserError (never a server
error) and nothing is written."""
import json

from .common import SERVICE_PLAN, AgencyHttpCase, portal_apply_values
from .test_api import API, valid_payload

FULL_WIDTH_ONE = '\uff11'  # １

# (changes of the payload, field of the error)
API_VALUES = [
    ({'credit_code': '91150400MA0T2X6K3A'}, 'credit_code'),           # check character
    ({'credit_code': FULL_WIDTH_ONE + '1150400MA0T2X6K3R'}, 'credit_code'),
    ({'credit_code': 'A1150400MA0T2X6K3R'}, 'credit_code'),           # registration department
    ({'credit_code': '9115040IMA0T2X6K3R'}, 'credit_code'),           # area digits
    ({'credit_code': 'x' * 500}, 'credit_code'),
    ({'postcode': '\uff10' + '24000'}, 'postcode'),                    # full-width 0
    ({'postcode': '0240000'}, 'postcode'),
    ({'phone': FULL_WIDTH_ONE + '3947612345'}, 'phone'),
    ({'contact_phone': '12947612345'}, 'contact_phone'),
    ({'contact_phone': '1394761234\u0663'}, 'contact_phone'),          # Arabic-Indic 3
    ({'project_code': '2026-150199-59-03-000721'}, 'project_code'),   # no GB/T 2260 code
    ({'project_code': '2026-159999-59-03-000721'}, 'project_code'),
    ({'project_code': '1999-150404-59-03-000721'}, 'project_code'),
    ({'project_code': '\uff12' + '026-150404-59-03-000721'}, 'project_code'),
    ({'total_investment': 'nan'}, 'total_investment'),
    ({'total_investment': 'NaN'}, 'total_investment'),
    ({'total_investment': 'inf'}, 'total_investment'),
    ({'total_investment': '-Infinity'}, 'total_investment'),
    ({'total_investment': 1e20}, 'total_investment'),
    ({'total_investment': True}, 'total_investment'),
    ({'total_investment': [1]}, 'total_investment'),
    ({'enterprise_name': '企业\x00名称'}, 'enterprise_name'),
    ({'project_name': '\x00'}, 'project_name'),
    ({'legal_representative': 'a\x00'}, 'legal_representative'),
    ({'main_use_scale': 'x' * 5000}, 'main_use_scale'),
    ({'item_numbers': [2, -7]}, 'item_numbers'),
    ({'item_numbers': [2.5]}, 'item_numbers'),
    ({'region_code': '１50400'}, 'region_code'),
]
# Raw bodies (not a JSON object of the application).
API_BODIES = [
    b'\xff\xfe\xfa not utf-8',
    b'[' * 2000 + b']' * 2000,
    b'{"a": ' * 2000 + b'1' + b'}' * 2000,
    b'[1, 2]',
    b'"text"',
    b'',
]


class TestHostileInput(AgencyHttpCase):

    def setUp(self):
        super(TestHostileInput, self).setUp()
        self.set_up_chifeng_list()
        ref = self.env.ref
        self.admin = self.create_user('t_hi_admin', ref('base.group_system'))
        key = self.env['agency.api.key'].sudo(self.admin).create({'name': 'App', 'channel': 'app'})
        self.raw_key = key.action_issue()['context']['agency_new_key']
        self.agent = self.create_user('t_hi_agent', ref('investment_agency.group_agent'),
                                      self.region, lang='zh_CN')
        self.sync()

    def counts(self):
        self.refresh()
        return tuple(self.env[model].search_count([]) for model in (
            'agency.case', 'agency.project', 'res.partner', 'agency.intake.request'))

    def post_api(self, data, number):
        return self.post(API, data=data, headers={
            'Content-Type': 'application/json', 'Authorization': 'Bearer %s' % self.raw_key,
            'Idempotency-Key': 'hostile-%d' % number})

    def test_intake_api(self):
        before = self.counts()
        for number, (changes, field) in enumerate(API_VALUES):
            response = self.post_api(json.dumps(valid_payload(**changes)).encode(), number)
            self.assertEqual(response.status_code, 400, (changes, response.text[:300]))
            errors = response.json()['errors']
            self.assertIn(field, [error['field'] for error in errors], (changes, errors))
            self.assertTrue(all(error['message'] for error in errors))
        for number, body in enumerate(API_BODIES, len(API_VALUES)):
            response = self.post_api(body, number)
            self.assertEqual(response.status_code, 400, (body[:20], response.text[:300]))
        self.assertEqual(self.counts(), before)

    def test_portal_form(self):
        portal = self.create_user('t_hi_applicant', self.env.ref('base.group_portal'))
        company = self.env['res.partner'].create({
            'name': '赤峰甲公司', 'is_company': True, 'agency_credit_code': '91150400MA0T2X6K3R'})
        portal.partner_id.parent_id = company
        self.login(portal)
        token = self.csrf_token('/my/agency/apply?region=150400')
        before = self.counts()
        bad = [
            {'postcode': '\uff10' + '24000'},
            {'total_investment': 'nan'},
            {'total_investment': 'inf'},
            {'total_investment': '1e20'},
            {'project_name': '项目\x00'},
            {'contact_phone': FULL_WIDTH_ONE + '3947612345'},
            {'project_code': '2026-150199-59-03-000721'},
        ]
        for number, changes in enumerate(bad):
            data = portal_apply_values(token, **changes)
            data['intake_token'] = 'hostile-form-%d' % number
            response = self.post('/my/agency/apply', data=data)
            self.assertEqual(response.status_code, 200, (changes, response.text[:500]))
            self.assertIn('o_agency_field_error', response.text, changes)
        self.assertEqual(self.counts(), before)

    def test_json_rpc(self):
        project = self.env['agency.project'].create({
            'name': '敌意输入测试项目', 'partner_id': self.env['res.partner'].create({
                'name': '敌意输入测试企业', 'is_company': True}).id,
            'region_id': self.region.id, 'address': '赤峰', 'total_investment': 10,
            'contact_name': '某人', 'contact_phone': '13800000000'})
        case = self.env['agency.case'].create({
            **SERVICE_PLAN,
            'project_id': project.id, 'item_ids': [(6, 0, self.item_filing.ids)],
            'date_applied': '2026-09-01', 'user_id': self.agent.id})
        self.sync()
        self.login(self.agent)
        # (model, record, values, the message of the ValidationError, in Chinese)
        project_code = '“%s”不是有效的项目代码：应为24位'
        credit_code = '“%s”不是有效的统一社会信用代码：应为18位'
        id_number = '“%s”不是有效的居民身份证号码：应为18位'
        bad = [
            ('agency.project', project.id, {'total_investment': 'nan'},
             '投资总额（万元）：nan不是有效的数字。'),
            ('agency.project', project.id, {'total_investment': 1e20},
             '“%s”的投资总额必须大于0且不超过100,000,000（万元）。' % project.name),
            ('agency.project', project.id, {'code': '2026-150199-44-03-012345'},
             project_code % '2026-150199-44-03-012345'),
            ('agency.project', project.id, {'code': '２026-150402-44-03-012345'},
             project_code % '２026-150402-44-03-012345'),
            ('agency.project', project.id, {'contact_phone': FULL_WIDTH_ONE + '3800000000'},
             '“%s”不是有效的联系电话：' % (FULL_WIDTH_ONE + '3800000000')),
            ('agency.project', project.id, {'name': '名称\x00'},
             '项目名称：文本中含有空字符（NUL），无法保存。'),
            # (The full-width digits are read as digits, and named so.)
            ('res.partner', project.partner_id.id, {'agency_credit_code': FULL_WIDTH_ONE * 18},
             credit_code % ('1' * 18)),
            ('res.partner', project.partner_id.id, {'agency_credit_code': 'A1150400MA0T2X6K3R'},
             credit_code % 'A1150400MA0T2X6K3R'),
            ('agency.case', case.id, {'proxy_id_number': '110105194912310021'},   # check
             id_number % '110105194912310021'),
            ('agency.case', case.id, {'proxy_id_number': '99010519491231002X'},   # area
             id_number % '99010519491231002X'),
            ('agency.case', case.id, {'proxy_id_number': '11010520991231002X'},   # future
             id_number % '11010520991231002X'),
            ('agency.case', case.id, {'description': 'x\x00'},
             '申请需求：文本中含有空字符（NUL），无法保存。'),
            ('agency.case', case.id, {'date_authorization': '2099-01-01'},
             '授权委托签订日期（2099-01-01）应在申请日期与今天之间。'),
        ]
        for model, record_id, values, message in bad:
            self.assertRpcRefused(model, 'write', [[record_id], values],
                                  error='ValidationError', message=message)
        self.refresh()
        self.assertEqual((project.total_investment, project.code, case.proxy_id_number),
                         (10, False, False))
        # An ID number is stored as the standard writes it: the final x as X.
        _result, failure = self.call_kw('agency.case', 'write', [[case.id], {
            'proxy_id_number': '11010519491231002x', 'proxy_gender': 'female'}])
        self.assertIsNone(failure, failure)
        self.assertEqual(case.proxy_id_number, '11010519491231002X')
