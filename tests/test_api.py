import json

from odoo.exceptions import AccessError, UserError

from .common import NOT_ALLOWED, AgencyHttpCase
from .openapi_check import SCHEMA_CODES, OpenApiCheck

API = '/api/bangninban/v1/applications'
OPENAPI = OpenApiCheck()


def valid_payload(**changes):
    payload = {
        'enterprise_name': '赤峰草原云仓物流有限公司',
        'credit_code': '91150400MA0T2X6K3R',
        'legal_representative': '赵云飞',
        'enterprise_address': '赤峰市红山区钢铁街66号',
        'postcode': '024000',
        'phone': '0476-8812345',
        'contact_name': '钱小梅',
        'contact_phone': '13947612345',
        'project_name': '赤峰智慧冷链仓储中心项目',
        'project_address': '赤峰市松山区物流园区',
        'project_code': '2026-150404-59-03-000721',
        'total_investment': 26000,
        'funding_source': 'self',
        'land_nature': 'transferred',
        'is_key_project': True,
        'category': 'attraction',
        'main_use_scale': '建设冷库及分拣中心2万平方米。',
        'approval_progress': '已完成项目签约。',
        'region_code': '150400',
        'item_numbers': [2, 7],
    }
    payload.update(changes)
    return payload


class TestIntakeApi(AgencyHttpCase):
    """The JSON intake API of the 蒙速办 app and the 12345 hotline."""

    def setUp(self):
        super(TestIntakeApi, self).setUp()
        self.set_up_chifeng_list()
        ref = self.env.ref
        self.manager = self.create_user('t_api_manager', ref('investment_agency.group_manager'),
                                        self.region)
        self.admin = self.create_user('t_api_admin', ref('base.group_system'))
        Key = self.env['agency.api.key'].sudo(self.admin)
        self.app_key = Key.create({'name': 'App test', 'channel': 'app'})
        self.app_raw = self.app_key.action_issue()['context']['agency_new_key']
        self.hotline_key = Key.create({'name': 'Hotline test', 'channel': 'hotline'})
        self.hotline_raw = self.hotline_key.action_issue()['context']['agency_new_key']
        self.sync()

    # Every request and response of these tests is checked against the OpenAPI document
    # (controllers/openapi.py): a response must be as documented; a request the API
    # accepts must be valid by the document, and one it refuses for a reason the
    # document's schema states (unknown field, type, choice, length) invalid by it.

    def post(self, path, **kwargs):
        response = super(TestIntakeApi, self).post(path, **kwargs)
        self.check_openapi('POST', path, kwargs.get('headers'), kwargs.get('data'), response)
        return response

    def get(self, path, **kwargs):
        response = super(TestIntakeApi, self).get(path, **kwargs)
        self.check_openapi('GET', path, kwargs.get('headers'), None, response)
        return response

    def check_openapi(self, method, path, headers, body, response):
        label = '%s %s → %s' % (method, path, response.status_code)
        self.assertEqual(OPENAPI.response_errors(method, path, response), [], label)
        errors = OPENAPI.request_errors(method, path, headers, body)
        if response.status_code < 300:
            self.assertEqual(errors, [], label)
        elif response.status_code == 400:
            codes = set(error['code'] for error in response.json()['errors'])
            if codes & set(SCHEMA_CODES):
                self.assertTrue(errors, '%s: %s is refused by the document too' % (label, codes))
        self.openapi_checked = getattr(self, 'openapi_checked', 0) + 1

    def call(self, payload, key=None, idempotency_key='req-1', headers=None, raw=None):
        all_headers = {'Content-Type': 'application/json'}
        if key is not False:
            all_headers['Authorization'] = 'Bearer %s' % (key or self.app_raw)
        if idempotency_key:
            all_headers['Idempotency-Key'] = idempotency_key
        all_headers.update(headers or {})
        data = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
        return self.post(API, data=data, headers=all_headers)

    def case_count(self):
        return self.env['agency.case'].search_count([('region_id', '=', self.region.id)])

    # ------------------------------------------------------------------ valid call

    def test_valid_call_creates_the_case(self):
        response = self.call(valid_payload())
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.refresh()
        case = self.env['agency.case'].search([('name', '=', body['case_number'])])
        self.assertEqual(len(case), 1)
        self.assertTrue(body['case_number'].startswith('BNB-150400-'))
        self.assertEqual(body['status'], 'apply')
        self.assertEqual(body['channel'], 'app')
        self.assertEqual([item['number'] for item in body['items']], [2, 7])
        self.assertTrue(body['status_url'].endswith('%s/%s' % (API, case.name)))
        self.assertEqual(response.headers['Location'], body['status_url'])
        self.assertEqual(case.channel, 'app')
        self.assertEqual(case.flow_step, 'apply')
        self.assertEqual(case.region_id, self.region)
        self.assertEqual(case.item_ids, self.item_filing | self.item_land)
        self.assertEqual(case.legal_representative, '赵云飞')
        enterprise = case.partner_id
        self.assertTrue(enterprise.is_company)
        self.assertEqual(enterprise.agency_credit_code, '91150400MA0T2X6K3R')
        self.assertEqual(enterprise.zip, '024000')
        project = case.project_id
        self.assertEqual(project.code, '2026-150404-59-03-000721')
        self.assertEqual(project.total_investment, 26000)
        self.assertEqual(project.category, 'attraction')
        self.assertTrue(project.is_key_project)
        self.assertEqual(project.contact_phone, '13947612345')
        # The managers of the region are asked to assign an agent.
        activity = case.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref('investment_agency.activity_type_new_application'))
        request = self.env['agency.intake.request'].search([('case_id', '=', case.id)])
        self.assertEqual(request.api_key_id, self.app_key)
        self.assertEqual(request.channel, 'app')
        self.assertTrue(self.app_key.date_last_used)

    def test_hotline_key_files_hotline_cases(self):
        response = self.call(valid_payload(), key=self.hotline_raw)
        self.assertEqual(response.status_code, 201, response.text)
        self.refresh()
        case = self.env['agency.case'].search([('name', '=', response.json()['case_number'])])
        self.assertEqual(case.channel, 'hotline')

    def test_existing_enterprise_keeps_its_data(self):
        enterprise = self.env['res.partner'].create({
            'name': '赤峰草原云仓物流有限公司', 'is_company': True,
            'agency_credit_code': '91150400MA0T2X6K3R', 'street': '赤峰市红山区老地址1号',
            'agency_legal_representative': False})
        self.sync()
        response = self.call(valid_payload(enterprise_name='赤峰草原云仓物流有限公司 '))
        self.assertEqual(response.status_code, 201, response.text)
        self.refresh()
        case = self.env['agency.case'].search([('name', '=', response.json()['case_number'])])
        self.assertEqual(case.partner_id, enterprise)
        self.assertEqual(enterprise.street, '赤峰市红山区老地址1号', 'not overwritten')
        self.assertEqual(enterprise.agency_legal_representative, '赵云飞', 'completed')

    def test_status_of_a_case(self):
        number = self.call(valid_payload()).json()['case_number']
        response = self.get('%s/%s' % (API, number),
                            headers={'Authorization': 'Bearer %s' % self.app_raw})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()['case_number'], number)
        self.assertEqual(response.json()['stage'], self.env.ref('investment_agency.stage_apply')
                         .with_context(lang='zh_CN').name)
        # The other channel's key does not see it; an unknown number is not found.
        response = self.get('%s/%s' % (API, number), headers={'X-Api-Key': self.hotline_raw})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()['errors'][0]['code'], 'not_found')
        response = self.get('%s/BNB-150400-2026-99999' % API,
                            headers={'X-Api-Key': self.app_raw})
        self.assertEqual(response.status_code, 404)
        response = self.get('%s/%s' % (API, number))
        self.assertEqual(response.status_code, 401)

    # ------------------------------------------------------------------ invalid input

    def test_each_invalid_field_is_refused(self):
        other = self.env['res.partner'].create({
            'name': '包头某某有限公司', 'is_company': True,
            'agency_credit_code': '91150200MA0Y7W3P16'})
        self.env['agency.project'].create({
            'name': '别人的项目', 'partner_id': other.id, 'code': '2026-150204-44-03-000999',
            'region_id': self.env.ref('investment_agency.region_baotou').id,
            'address': '包头', 'total_investment': 10, 'contact_name': '某人',
            'contact_phone': '13800000000'})
        self.sync()
        before = self.case_count()
        cases = [
            ({'enterprise_name': ''}, 'enterprise_name', 'required'),
            ({'enterprise_name': None}, 'enterprise_name', 'required'),
            ({'enterprise_name': 12}, 'enterprise_name', 'invalid_type'),
            ({'credit_code': '91150400MA0T2X6K3A'}, 'credit_code', 'invalid'),
            ({'credit_code': '123'}, 'credit_code', 'invalid'),
            ({'credit_code': '91150200MA0Y7W3P16'}, 'enterprise_name', 'mismatch'),
            ({'legal_representative': ' '}, 'legal_representative', 'required'),
            ({'enterprise_address': ''}, 'enterprise_address', 'required'),
            ({'postcode': '02400'}, 'postcode', 'invalid'),
            ({'phone': 'abc'}, 'phone', 'invalid'),
            ({'contact_name': ''}, 'contact_name', 'required'),
            ({'contact_phone': '123'}, 'contact_phone', 'invalid'),
            ({'project_name': ''}, 'project_name', 'required'),
            ({'project_address': ''}, 'project_address', 'required'),
            ({'project_code': '2026-15-000721'}, 'project_code', 'invalid'),
            ({'project_code': '2026-150204-44-03-000999'}, 'project_code', 'duplicate'),
            ({'total_investment': 0}, 'total_investment', 'out_of_range'),
            ({'total_investment': -5}, 'total_investment', 'out_of_range'),
            ({'total_investment': 'much'}, 'total_investment', 'invalid_type'),
            ({'total_investment': None}, 'total_investment', 'required'),
            ({'funding_source': 'gold'}, 'funding_source', 'invalid_choice'),
            ({'land_nature': 'moon'}, 'land_nature', 'invalid_choice'),
            ({'category': None}, 'category', 'required'),
            ({'category': 'any'}, 'category', 'invalid_choice'),
            ({'is_key_project': 'yes'}, 'is_key_project', 'invalid_type'),
            ({'region_code': '159999'}, 'region_code', 'not_found'),
            ({'region_code': ''}, 'region_code', 'required'),
            ({'item_numbers': []}, 'item_numbers', 'required'),
            ({'item_numbers': 'two'}, 'item_numbers', 'invalid_type'),
            ({'item_numbers': [2, 'x']}, 'item_numbers', 'invalid_type'),
            ({'item_numbers': [2, 99]}, 'item_numbers', 'not_found'),
            ({'item_numbers': [1, 2]}, 'item_numbers', 'not_published'),
            ({'item_number': [2]}, 'item_number', 'unknown_field'),
            ({'main_use_scale': 'x' * 2001}, 'main_use_scale', 'too_long'),
        ]
        for number, (changes, field, code) in enumerate(cases):
            response = self.call(valid_payload(**changes), idempotency_key='bad-%d' % number)
            self.assertEqual(response.status_code, 400, (changes, response.text))
            errors = response.json()['errors']
            self.assertIn((field, code), [(error['field'], error['code']) for error in errors],
                          (changes, errors))
            self.assertTrue(all(error['message'] for error in errors))
        # The message of a model check is the model's own.
        response = self.call(valid_payload(item_numbers=[1]), idempotency_key='bad-msg')
        error = response.json()['errors'][0]
        self.assertEqual(error['items'], [1])
        # … in Chinese, the language of the database.
        self.assertIn('未公布以下事项', error['message'])
        self.assertIn('企业投资项目核准', error['message'])
        response = self.call(valid_payload(postcode='1'), idempotency_key='bad-zip')
        self.assertIn('邮政编码', response.json()['errors'][0]['message'])
        self.refresh()
        self.assertEqual(self.case_count(), before, 'no invalid call created a case')

    def test_body_must_be_a_json_object(self):
        response = self.call(None, raw=b'{"enterprise_name": ')
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()['errors'][0]['code'], 'invalid_json')
        response = self.call(['a list'])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()['errors'][0]['code'], 'invalid_json')
        # Not only application/json: the body is read as JSON whatever its content type.
        response = self.call(valid_payload(), headers={'Content-Type': 'text/plain'})
        self.assertEqual(response.status_code, 201, response.text)

    # ------------------------------------------------------------------ keys

    def test_bad_or_revoked_key_is_refused(self):
        before = self.case_count()
        for key in (False, 'bnb_app_wrong', 'something', self.app_raw[:-1] + 'x'):
            response = self.call(valid_payload(), key=key, idempotency_key='k-%s' % key)
            self.assertEqual(response.status_code, 401, key)
            self.assertEqual(response.json()['errors'][0]['code'], 'invalid_key')
            self.assertIn('Bearer', response.headers['WWW-Authenticate'])
        self.app_key.sudo(self.admin).action_revoke()
        self.assertEqual(self.app_key.state, 'revoked')
        self.assertEqual(self.app_key.revoked_by_id, self.admin)
        self.sync()
        response = self.call(valid_payload(), idempotency_key='after-revoke')
        self.assertEqual(response.status_code, 401)
        response = self.get('%s/BNB-150400-2026-00001' % API,
                            headers={'X-Api-Key': self.app_raw})
        self.assertEqual(response.status_code, 401)
        self.refresh()
        self.assertEqual(self.case_count(), before)
        # The other channel's key still works.
        self.assertEqual(self.call(valid_payload(), key=self.hotline_raw).status_code, 201)

    def test_keys_are_issued_once_and_by_administrators_only(self):
        key = self.app_key
        self.assertNotIn(self.app_raw, (key.key_hash, key.key_hint))
        self.assertTrue(self.app_raw.startswith('bnb_app_'))
        self.assertEqual(len(key.key_hash), 64)
        self.assertFalse(key.new_key, 'the raw key is not readable afterwards')
        self.assertEqual(key.issued_by_id, self.admin)
        self.assertRefused(key.sudo(self.admin).action_issue, UserError,
                           'Key "%s" is issued already: create a new key instead.' % key.name)
        self.assertEqual(self.env['agency.api.key']._authenticate(self.app_raw), key)
        self.assertFalse(self.env['agency.api.key']._authenticate(self.app_raw + 'x'))
        draft = self.env['agency.api.key'].create({'name': 'Draft', 'channel': 'app'})
        self.assertFalse(self.env['agency.api.key']._authenticate(''))
        self.assertEqual(draft.state, 'draft')
        for group in ('investment_agency.group_manager', 'investment_agency.group_catalog_admin',
                      'base.group_portal'):
            user = self.create_user('t_api_%s' % group.split('.')[1],
                                    self.env.ref(group))
            Key, Request = self.env['agency.api.key'].sudo(user), \
                self.env['agency.intake.request'].sudo(user)
            self.assertRefused(lambda: Key.search([]), AccessError, NOT_ALLOWED['read'])
            self.assertRefused(lambda: Key.create({'name': 'x', 'channel': 'app'}),
                               AccessError, NOT_ALLOWED['create'])
            self.assertRefused(lambda: Request.search([]), AccessError, NOT_ALLOWED['read'])
        # Administrators see what came in through the keys.
        number = self.call(valid_payload(), idempotency_key='admin-reads').json()['case_number']
        self.refresh()
        requests = self.env['agency.intake.request'].sudo(self.admin).search([
            ('idempotency_key', '=', 'admin-reads')])
        case = self.env['agency.case'].search([('name', '=', number)])
        self.assertEqual(requests.case_id.id, case.id)
        self.assertEqual(requests.api_key_id.id, key.id)
        self.assertEqual(key.sudo(self.admin).intake_request_count, 1)

    # ------------------------------------------------------------------ idempotency

    def test_retry_with_the_same_key_returns_the_same_case(self):
        before = self.case_count()
        first = self.call(valid_payload(), idempotency_key='retry-1')
        self.assertEqual(first.status_code, 201, first.text)
        second = self.call(valid_payload(), idempotency_key='retry-1')
        self.assertEqual(second.status_code, 201, second.text)
        self.assertEqual(second.headers.get('Idempotent-Replayed'), 'true')
        self.assertNotIn('Idempotent-Replayed', first.headers)
        self.assertEqual(first.json()['case_number'], second.json()['case_number'])
        self.refresh()
        self.assertEqual(self.case_count(), before + 1)
        request = self.env['agency.intake.request'].search([('idempotency_key', '=', 'retry-1')])
        self.assertEqual(request.replay_count, 1)
        # The same key with other data: a conflict, no new case.
        third = self.call(valid_payload(total_investment=1), idempotency_key='retry-1')
        self.assertEqual(third.status_code, 409)
        self.assertEqual(third.json()['errors'][0]['code'], 'conflict')
        self.refresh()
        self.assertEqual(self.case_count(), before + 1)
        # Keys are per channel: the hotline may use the same key for its own call.
        other = self.call(valid_payload(), key=self.hotline_raw, idempotency_key='retry-1')
        self.assertEqual(other.status_code, 201)
        self.assertNotEqual(other.json()['case_number'], first.json()['case_number'])

    def test_idempotency_key_is_required(self):
        response = self.call(valid_payload(), idempotency_key=None)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()['errors'][0]['field'], 'Idempotency-Key')
        response = self.call(valid_payload(), idempotency_key='x' * 256)
        self.assertEqual(response.status_code, 400)

    def test_invalid_call_does_not_use_up_the_key(self):
        response = self.call(valid_payload(postcode='x'), idempotency_key='fix-me')
        self.assertEqual(response.status_code, 400)
        response = self.call(valid_payload(), idempotency_key='fix-me')
        self.assertEqual(response.status_code, 201, response.text)
