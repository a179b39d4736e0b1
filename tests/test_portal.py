import base64
import re
from urllib.parse import urlparse

from odoo import fields
from odoo.addons.base.ir import ir_actions_report
from odoo.exceptions import AccessError, UserError

from .common import (NOT_ALLOWED, SERVICE_PLAN, AgencyHttpCase, AgencyTestCommon, clock_at,
                     out_of_reach, portal_apply_values, service_today, verify_case)
from .test_foundation import pdf_text

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32


class TestPortal(AgencyHttpCase):
    """The applicant portal as real HTTP requests: apply, list, download, upload,
    sign off and rate; and another enterprise's URLs refused."""

    def setUp(self):
        super(TestPortal, self).setUp()
        self.set_up_chifeng_list()
        ref = self.env.ref
        portal = ref('base.group_portal')
        self.manager = self.create_user('t_p_manager', ref('investment_agency.group_manager'),
                                        self.region)
        self.agent = self.create_user('t_p_agent', ref('investment_agency.group_agent'),
                                      self.region)
        Partner = self.env['res.partner']
        self.company_a = Partner.create({
            'name': '赤峰甲公司', 'is_company': True, 'agency_credit_code': '91150400MA0T2X6K3R',
            'agency_legal_representative': '甲总', 'street': '赤峰市红山区一路1号',
            'zip': '024000', 'phone': '0476-8812345'})
        self.company_b = Partner.create({
            'name': '包头乙公司', 'is_company': True, 'agency_credit_code': '91150200MA0Y7W3P16',
            'street': '包头市二路2号', 'zip': '014000', 'phone': '0472-5312345'})
        self.user_a = self.create_user('t_p_applicant_a', portal)
        self.user_a.partner_id.write({'parent_id': self.company_a.id, 'mobile': '13947612345'})
        self.user_b = self.create_user('t_p_applicant_b', portal)
        self.user_b.partner_id.write({'parent_id': self.company_b.id, 'mobile': '13847212345'})
        self.user_c = self.create_user('t_p_applicant_c', portal, mobile='13600000000')
        self.case_a = self._create_case(self.company_a, '2026-150404-59-03-000721')
        self.case_b = self._create_case(self.company_b, '2026-150404-59-03-000722')
        self.line_a = self.case_a.line_ids.filtered(lambda l: l.item_id == self.item_filing)
        self.line_b = self.case_b.line_ids[:1]

    def _create_case(self, company, code):
        today = service_today(self.env)
        project = self.env['agency.project'].create({
            'name': '%s的项目' % company.name, 'partner_id': company.id, 'code': code,
            'region_id': self.region.id, 'address': '赤峰市', 'total_investment': 100,
            'contact_name': '经办人', 'contact_phone': '13900000000'})
        case = self.env['agency.case'].create({
            **SERVICE_PLAN,
            'project_id': project.id, 'region_id': self.region.id, 'channel': 'window',
            'user_id': self.agent.id, 'date_applied': today,
            'item_ids': [(6, 0, (self.item_filing | self.item_land).ids)]})
        verify_case(case).write({'date_authorization': today, 'date_commitment': today})
        case.action_generate_plan()
        return case

    def _apply_values(self, token, **changes):
        return portal_apply_values(token, **changes)

    def _cases_of(self, company):
        return self.env['agency.case'].search([('partner_id', '=', company.id)])

    # ------------------------------------------------------------------ apply

    def test_apply_online(self):
        self.login(self.user_a)
        response = self.get('/my/agency/apply')
        self.assertEqual(response.status_code, 200)
        self.assertIn('value="150400"', response.text, 'regions with published items offered')
        self.assertNotIn('value="150300"', response.text, '乌海 has published nothing')
        response = self.get('/my/agency/apply?region=150400')
        self.assertEqual(response.status_code, 200)
        boxes = re.findall(r'name="item_numbers" value="(\d+)"', response.text)
        self.assertEqual(boxes, ['2', '7'], 'only the items published in the region')
        self.assertIn('value="赤峰甲公司"', response.text, 'the enterprise is filled in')
        self.assertIn('readonly', response.text)
        token = self.csrf_token('/my/agency/apply?region=150400')
        before = self._cases_of(self.company_a)
        data = self._apply_values(token)
        response = self.post('/my/agency/apply', data=data)
        self.assertEqual(response.status_code, 303, response.text[:2000])
        self.refresh()
        case = self._cases_of(self.company_a) - before
        self.assertEqual(len(case), 1)
        self.assertIn('/my/agency/cases/%d?done=submitted' % case.id,
                      response.headers['Location'])
        self.assertEqual(case.channel, 'online')
        self.assertEqual(case.flow_step, 'apply')
        self.assertEqual(case.item_ids, self.item_filing | self.item_land)
        self.assertEqual(case.project_id.total_investment, 3200.5)
        self.assertEqual(case.project_id.funding_source, 'loan')
        self.assertTrue(case.project_id.is_key_project)
        self.assertEqual(case.project_id.contact_name, '甲经办')
        self.assertIn(self.user_a.partner_id, case.message_partner_ids)
        self.assertEqual(case.activity_ids.mapped('user_id'), self.manager)
        # The case page says so.
        response = self.get('/my/agency/cases/%d?done=submitted' % case.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn('o_agency_success', response.text)
        self.assertIn(case.name, response.text)
        # The same form sent again (double click) files nothing new.
        response = self.post('/my/agency/apply', data=data)
        self.assertEqual(response.status_code, 303)
        self.assertIn('/my/agency/cases/%d' % case.id, response.headers['Location'])
        self.refresh()
        self.assertEqual(len(self._cases_of(self.company_a) - before), 1)

    def test_apply_date_is_the_service_day(self):
        """At 00:01 in Beijing (16:01 UTC the day before) the form prints the date that
        the saved case gets: Beijing's."""
        self.login(self.user_a)
        with clock_at('2026-11-29 16:01:00'):
            token = self.csrf_token('/my/agency/apply?region=150400')
            page = self.get('/my/agency/apply?region=150400').text
            self.assertIn('申请日期:2026年11月30日', page)
            before = self._cases_of(self.company_a)
            response = self.post('/my/agency/apply', data=self._apply_values(token))
            self.assertEqual(response.status_code, 303, response.text[:2000])
        self.refresh()
        case = self._cases_of(self.company_a) - before
        self.assertEqual(case.date_applied, '2026-11-30')

    def test_apply_validation_keeps_the_entered_values(self):
        self.login(self.user_a)
        token = self.csrf_token('/my/agency/apply?region=150400')
        before = self.env['agency.case'].search_count([])
        response = self.post('/my/agency/apply', data=self._apply_values(
            token, contact_phone='12', total_investment='0', item_numbers=['1'],
            project_name='保留我填的名称'))
        self.assertEqual(response.status_code, 200)
        self.assertIn('保留我填的名称', response.text)
        self.assertIn('is not a valid phone number', response.text)
        self.assertIn('must be more than 0', response.text)
        self.assertIn('has not published these items', response.text)
        self.assertEqual(response.text.count('o_agency_field_error'), 3)
        response = self.post('/my/agency/apply', data=self._apply_values(
            token, confirm='', project_code='20-150404'))
        self.assertEqual(response.status_code, 200)
        self.assertIn('Confirm that the application is voluntary', response.text)
        self.assertIn('is not a valid project code', response.text)
        response = self.post('/my/agency/apply', data=self._apply_values(
            token, region_code='159999'))
        self.assertIn('No region has the division code 159999', response.text)
        self.refresh()
        self.assertEqual(self.env['agency.case'].search_count([]), before)
        # Without the CSRF token, the form is refused.
        data = self._apply_values(token)
        del data['csrf_token']
        response = self.post('/my/agency/apply', data=data)
        self.assertEqual(response.status_code, 400)

    def test_apply_registers_a_new_enterprise(self):
        self.login(self.user_c)
        response = self.get('/my/agency/apply?region=150400')
        self.assertNotIn('readonly', re.search(r'<input[^>]*name="credit_code"[^>]*>',
                                               response.text).group(0))
        token = self.csrf_token('/my/agency/apply?region=150400')
        response = self.post('/my/agency/apply', data=self._apply_values(
            token, enterprise_name='赤峰丙公司', credit_code='91150100MA0R8C4Y5H'))
        self.assertEqual(response.status_code, 303, response.text[:2000])
        self.refresh()
        company = self.user_c.partner_id.parent_id
        self.assertEqual(company.name, '赤峰丙公司')
        self.assertTrue(company.is_company)
        self.assertEqual(company.agency_credit_code, '91150100MA0R8C4Y5H')
        case = self._cases_of(company)
        self.assertEqual(len(case), 1)
        response = self.get('/my/agency/cases')
        self.assertIn(case.name, response.text)
        self.assertEqual(self.get(case.portal_url).status_code, 200)

    def test_apply_with_another_enterprise_code_is_refused(self):
        self.login(self.user_c)
        token = self.csrf_token('/my/agency/apply?region=150400')
        response = self.post('/my/agency/apply', data=self._apply_values(
            token, enterprise_name='冒名公司', credit_code='91150200MA0Y7W3P16'))
        self.assertEqual(response.status_code, 200)
        self.assertIn('belongs to another registered enterprise', response.text)
        self.refresh()
        self.assertFalse(self.user_c.partner_id.parent_id)
        self.assertEqual(len(self._cases_of(self.company_b)), 1)

    def test_back_office_users_do_not_apply_here(self):
        self.login(self.agent)
        response = self.get('/my/agency/apply?region=150400')
        self.assertEqual(response.status_code, 200)
        self.assertIn('o_agency_not_applicant', response.text)
        self.assertNotIn('o_agency_apply_form', response.text)

    def test_employee_without_case_rights_opens_my_account(self):
        employee = self.env['res.users'].create({
            'name': 't_plain_portal_home', 'login': 't_plain_portal_home',
            'password': 't_plain_portal_home',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        self.login(employee)
        response = self.get('/my/home')
        self.assertEqual(response.status_code, 200)

    # ------------------------------------------------------------------ list and page

    def test_list_and_page_show_own_cases_only(self):
        self.login(self.user_a)
        response = self.get('/my/agency/cases')
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.case_a.name, response.text)
        self.assertNotIn(self.case_b.name, response.text)
        response = self.get('/my/agency/cases?filterby=closed')
        self.assertNotIn(self.case_a.name, response.text)
        response = self.get('/my/home')
        self.assertIn('/my/agency/cases', response.text)
        response = self.get(self.case_a.portal_url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.case_a.name, page)
        self.assertIn(self.line_a.department_id.name, page)
        self.assertIn('一次性告知', page, 'the one-time notification')
        for material in self.item_filing.material_ids:
            self.assertIn(material.name, page)
        self.assertIn('/report/application', page)
        self.assertNotIn('/report/termination', page)
        self.assertIn('/lines/%d/upload' % self.line_a.id, page)

    def test_other_enterprise_urls_are_refused(self):
        attachment = self.env['ir.attachment'].create({
            'name': 'b.pdf', 'datas_fname': 'b.pdf', 'datas': base64.b64encode(PDF),
            'res_model': 'agency.case.line',
            'res_id': self.line_b.id})
        self.line_b.attachment_ids = [(4, attachment.id)]
        self.login(self.user_a)
        case_b, line_b = self.case_b, self.line_b
        for path in (case_b.portal_url,
                     '%s/report/application' % case_b.portal_url,
                     '%s/documents/%d' % (case_b.portal_url, attachment.id),
                     '%s/documents/%d' % (self.case_a.portal_url, attachment.id),
                     '/my/agency/cases/999999',
                     '/my/agency/cases/999999/report/application'):
            response = self.get(path)
            self.assertEqual(response.status_code, 404, path)
            self.assertNotIn(case_b.project_id.name, response.text)
        token = self.csrf_token(self.case_a.portal_url)
        for path, data, files in (
                ('%s/lines/%d/upload' % (case_b.portal_url, line_b.id), {}, True),
                ('%s/lines/%d/upload' % (self.case_a.portal_url, line_b.id), {}, True),
                ('%s/confirm' % case_b.portal_url, {'confirm': '1'}, False),
                ('%s/rate' % case_b.portal_url, {'rating': 'unsatisfied'}, False)):
            data = dict(data, csrf_token=token)
            response = self.post(path, data=data, files={'file': ('x.pdf', PDF)} if files
                                 else None)
            self.assertEqual(response.status_code, 404, path)
        self.refresh()
        self.assertEqual(line_b.attachment_ids, attachment)
        self.assertFalse(case_b.rating)
        # Not signed in: to the login page.
        self.opener.cookies.clear()
        response = self.get(self.case_a.portal_url)
        self.assertEqual(response.status_code, 302)
        self.assertIn('/web/login', response.headers['Location'])

    # ------------------------------------------------------------------ download

    def test_rater_kept_from_the_agent_rated(self):
        """好差评: the agent rated never learns who rated him, over JSON-RPC: not by
        reading the case or its follow-up, nor by searching, sorting or grouping on the
        rater (a count would tell); the region's manager reads it."""
        today = service_today(self.env)
        self.case_a._write_case({'rating': 'unsatisfied', 'rating_date': today,
                                 'rating_channel': 'online', 'rating_rater': '评价人甲'})
        followup = self.env['agency.rating.followup']._create_for_case(self.case_a)
        self.login(self.agent)
        ids = self.case_a.ids
        denied = ('AccessError', 'You may not read Rated By.')
        self.assertRpcRefused('agency.case', 'read', [ids, ['rating', 'rating_rater']],
                              error=denied[0], message=denied[1])
        self.assertRpcRefused('agency.rating.followup', 'read',
                              [followup.ids, ['rating_rater']], error=denied[0],
                              message=denied[1])
        no_way = 'You may not search, sort or group by Rated By.'
        for model, method, args, kwargs in (
                ('agency.case', 'search_count', [[('rating_rater', '=', '评价人甲')]], {}),
                ('agency.case', 'search_read', [[('id', 'in', ids)], ['name']],
                 {'order': 'rating_rater desc'}),
                ('agency.case', 'read_group', [[], ['rating'], ['rating_rater']], {}),
                ('agency.rating.followup', 'search_count',
                 [[('case_id.rating_rater', 'ilike', '甲')]], {}),
                ('agency.rating.followup', 'search_count',
                 [[('rating_rater', 'ilike', '甲')]], {})):
            self.assertRpcRefused(model, method, args, kwargs, error='AccessError',
                                  message=no_way)
        # What the agent reads of the case and the follow-up has no rater.
        result, failure = self.call_kw('agency.case', 'read', [ids])
        self.assertIsNone(failure)
        case = result[0]
        self.assertEqual(case['rating'], 'unsatisfied')
        self.assertNotIn('rating_rater', case)
        for model in ('agency.case', 'agency.rating.followup'):
            view = self.call_kw(model, 'fields_view_get', [], {'view_type': 'form'})[0]
            self.assertNotIn('rating_rater', view['arch'], model)
        self.login(self.manager)
        self.assertEqual(self.call_kw('agency.case', 'read', [ids, ['rating_rater']])[0],
                         [{'id': ids[0], 'rating_rater': '评价人甲'}])
        self.assertEqual(self.call_kw('agency.case', 'search_count',
                                      [[('rating_rater', '=', '评价人甲')]])[0], 1)

    def test_rater_answers_the_followup_result_once(self):
        today = service_today(self.env)
        self.case_a._write_case({'rating': 'unsatisfied', 'rating_date': today,
                                 'rating_channel': 'online', 'rating_rater': 't_p_applicant_a'})
        followup = self.env['agency.rating.followup']._create_for_case(self.case_a)
        followup.write({'date_contact': today, 'verification': 'genuine',
                        'verification_note': '属实', 'measures': '补正清单一次性告知',
                        'result': '已整改并向您说明'})
        followup.action_close()
        self.login(self.user_a)
        page = self.get(self.case_a.portal_url).text
        self.assertIn('核实处理结果', page)
        self.assertIn('核实情况:属实', page)
        self.assertIn('补正清单一次性告知', page)
        # The region's manager cannot answer for the rater, over JSON-RPC.
        self.login(self.manager)
        self.assertRpcRefused('agency.rating.followup', 'write',
                              [followup.ids, {'rater_response': 'confirmed'}],
                              error='UserError', message="The rater's answer is given by")
        # Another enterprise cannot answer it.
        self.login(self.user_b)
        response = self.post('%s/followup' % self.case_a.portal_url,
                             data={'csrf_token': self.csrf_token(self.case_b.portal_url),
                                   'response': 'disputed', 'note': 'x'})
        self.assertEqual(response.status_code, 404)
        self.login(self.user_a)
        token = self.csrf_token(self.case_a.portal_url)
        response = self.post('%s/followup' % self.case_a.portal_url,
                             data={'csrf_token': token, 'response': 'confirmed'},
                             allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.refresh()
        self.assertEqual(followup.rater_response, 'confirmed')
        self.assertIn('认可处理结果。', self.get(self.case_a.portal_url).text)
        response = self.post('%s/followup' % self.case_a.portal_url,
                             data={'csrf_token': token, 'response': 'disputed', 'note': '不认可'})
        self.assertIn('was answered already', response.text)
        self.refresh()
        self.assertEqual(followup.rater_response, 'confirmed', 'once')

    def test_sms_declined_and_taken_again(self):
        self.login(self.user_a)
        self.assertNotIn('短信通知', self.get(self.case_a.portal_url).text, 'no SMS gateway')
        self.env['ir.config_parameter'].set_param('investment_agency.sms_gateway_url',
                                                  'http://127.0.0.1:9/sms')
        self.sync()
        response = self.get(self.case_a.portal_url)
        self.assertIn('短信通知', response.text)
        self.assertIn('发送短信至139****0000', response.text, 'the number, half hidden')
        token = self.csrf_token(self.case_a.portal_url)
        response = self.post('%s/sms' % self.case_a.portal_url,
                             data={'csrf_token': token, 'sms': 'off'}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.refresh()
        self.assertTrue(self.case_a.sms_opt_out)
        self.assertIn('您已选择不接收本件的短信通知', self.get(self.case_a.portal_url).text)
        self.post('%s/sms' % self.case_a.portal_url, data={'csrf_token': token, 'sms': 'on'})
        self.refresh()
        self.assertFalse(self.case_a.sms_opt_out)
        # Another enterprise's case: not found, unchanged.
        response = self.post('%s/sms' % self.case_b.portal_url,
                             data={'csrf_token': token, 'sms': 'off'})
        self.assertEqual(response.status_code, 404)
        self.refresh()
        self.assertFalse(self.case_b.sms_opt_out)
        # No mobile number: nothing to decline.
        self.case_a.project_id.contact_phone = '0476-8812345'
        self.sync()
        self.assertNotIn('短信通知', self.get(self.case_a.portal_url).text)

    def test_download_own_forms(self):
        # Odoo 11 renders HTML instead of a PDF on the test cursor, because wkhtmltopdf
        # would wait for the report's CSS from a server whose only cursor the request
        # holds. Render the real PDF, with the CSS URL pointing nowhere (wkhtmltopdf
        # prints without it: the text and the CJK fonts are what is checked here).
        self.patch(ir_actions_report, 'TestCursor', type('NoTestCursor', (), {}))
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        self.login(self.user_a)
        response = self.get('%s/report/application' % self.case_a.portal_url, timeout=180)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        self.assertIn('attachment', response.headers['Content-Disposition'])
        self.assertTrue(response.content.startswith(b'%PDF'))
        text = pdf_text(response.content)
        self.assertIn('申请表', text)
        self.assertIn(self.case_a.project_id.name, text)
        self.assertIn(self.case_a.project_id.code, text)
        for name in ('termination', 'completion', 'evaluation', 'unknown'):
            response = self.get('%s/report/%s' % (self.case_a.portal_url, name))
            self.assertEqual(response.status_code, 404, name)

    def test_long_forms_are_printed_in_the_background(self):
        """A form of a case with more items than the threshold is printed by a job
        (queue_job; at once in the tests): the first download says it is being made,
        the next one serves the printed PDF kept on the case."""
        self.patch(ir_actions_report, 'TestCursor', type('NoTestCursor', (), {}))
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        self.env['ir.config_parameter'].set_param('investment_agency.portal_form_job_lines', 0)
        self.login(self.user_a)
        url = '%s/report/application' % self.case_a.portal_url
        response = self.get(url, timeout=180)
        self.assertEqual(response.status_code, 303)
        location = urlparse(response.headers['Location'])
        self.assertEqual(location.query, 'done=form_queued')
        page = self.get('%s?%s' % (location.path, location.query)).text
        self.assertIn('该表单内容较多,正在生成', page)
        self.refresh()
        attachment = self.env['ir.attachment'].search([
            ('res_model', '=', 'agency.case'), ('res_id', '=', self.case_a.id),
            ('description', '=', 'portal-form:application')])
        self.assertEqual(len(attachment), 1)
        response = self.get(url, timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        self.assertEqual(response.content, base64.b64decode(attachment.datas))
        self.assertIn('申请表', pdf_text(response.content))
        # Another applicant's case stays out of reach.
        response = self.get('%s/report/application' % self.case_b.portal_url)
        self.assertEqual(response.status_code, 404)

    # ------------------------------------------------------------------ upload

    def test_upload_materials(self):
        self.login(self.user_a)
        url = '%s/lines/%d/upload' % (self.case_a.portal_url, self.line_a.id)
        token = self.csrf_token(self.case_a.portal_url)
        response = self.post(url, data={'csrf_token': token},
                             files={'file': ('项目备案信息.pdf', PDF, 'application/pdf')})
        self.assertEqual(response.status_code, 303, response.text[:1000])
        self.assertIn('done=uploaded', response.headers['Location'])
        self.refresh()
        attachment = self.line_a.attachment_ids
        self.assertEqual(attachment.datas_fname, '项目备案信息.pdf')
        self.assertEqual(attachment.res_model, 'agency.case.line')
        self.assertEqual(attachment.res_id, self.line_a.id)
        self.assertIn(attachment, self.case_a.message_ids.mapped('attachment_ids'))
        response = self.get('%s/documents/%d' % (self.case_a.portal_url, attachment.id))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)
        response = self.post(url, data={'csrf_token': token},
                             files={'file': ('照片.PNG', PNG, 'image/png')})
        self.assertEqual(response.status_code, 303)
        refused = [
            (('run.exe', b'MZ' + b'\x00' * 10), 'this type of file is not accepted'),
            (('fake.pdf', b'GIF89a' + b'\x00' * 10), 'is not a real PDF file'),
            (('fake.jpg', PNG), 'is not a real JPG file'),
            (('empty.pdf', b''), 'is empty'),
            (('big.pdf', PDF + b'0' * (10 * 1024 * 1024)), 'is larger than 10 MB'),
        ]
        for upload, message in refused:
            response = self.post(url, data={'csrf_token': token}, files={'file': upload},
                                 timeout=120)
            self.assertEqual(response.status_code, 200, upload[0])
            self.assertIn('o_agency_upload_error', response.text)
            self.assertIn(message, response.text)
        response = self.post(url, data={'csrf_token': token})
        self.assertIn('Choose a file to upload', response.text)
        self.refresh()
        self.assertEqual(len(self.line_a.attachment_ids), 2)
        # A closed item takes no more materials.
        self.line_a.action_withdraw()
        self.sync()
        response = self.post(url, data={'csrf_token': token}, files={'file': ('a.pdf', PDF)})
        self.assertIn('is closed: no more materials can be uploaded', response.text)
        self.refresh()
        self.assertEqual(len(self.line_a.attachment_ids), 2)

    # ------------------------------------------------------------------ sign-off and rating

    def test_completion_sign_off_and_rating(self):
        # The rating prints Annex 7 in the request: a real PDF on the test cursor (see
        # test_download_own_forms).
        self.patch(ir_actions_report, 'TestCursor', type('NoTestCursor', (), {}))
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        case = self.case_a
        self.login(self.user_a)
        token = self.csrf_token(case.portal_url)
        page = self.get(case.portal_url).text
        self.assertNotIn('/confirm', page)
        self.assertNotIn('/rate', page)
        # Refused while the items are being handled.
        response = self.post('%s/confirm' % case.portal_url,
                             data={'csrf_token': token, 'confirm': '1'})
        self.assertIn('the completion is confirmed once the materials are handed back',
                      response.text)
        response = self.post('%s/rate' % case.portal_url,
                             data={'csrf_token': token, 'rating': 'satisfied'})
        self.assertIn('is rated once it is completed', response.text)
        self.refresh()
        self.assertFalse(case.completion_confirmed_date)
        self.assertFalse(case.rating)
        # The items are closed, the materials handed back, the follow-up begins.
        self.line_a.write({'state': 'declared'})
        self.line_a.write({'state': 'accepted'})
        self.line_a.write({'state': 'done', 'result_number': '赤发改备〔2026〕1号'})
        (case.line_ids - self.line_a).action_withdraw()
        self.assertEqual(case.flow_step, 'feedback')
        case._complete(materials=[{'name': '营业执照'}])
        self.sync()
        page = self.get(case.portal_url).text
        self.assertIn('/confirm', page)
        self.assertIn('/rate', page)
        self.assertIn('<textarea id="rating_comment" name="comment"', page)
        self.assertIn('/report/completion', page)
        response = self.post('%s/confirm' % case.portal_url, data={'csrf_token': token})
        self.assertIn('Tick the box', response.text)
        response = self.post('%s/confirm' % case.portal_url,
                             data={'csrf_token': token, 'confirm': '1'})
        self.assertEqual(response.status_code, 303)
        self.refresh()
        self.assertEqual(case.completion_confirmed_date, service_today(self.env))
        self.assertEqual(case.completion_confirmed_by, self.user_a.partner_id)
        response = self.post('%s/confirm' % case.portal_url,
                             data={'csrf_token': token, 'confirm': '1'})
        self.assertIn('the completion is confirmed already', response.text)
        response = self.post('%s/rate' % case.portal_url,
                             data={'csrf_token': token, 'rating': 'bogus'})
        self.assertIn('choose a rating', response.text)
        response = self.post('%s/rate' % case.portal_url, data={
            'csrf_token': token, 'rating': 'very_satisfied', 'comment': '服务很好'})
        self.assertEqual(response.status_code, 303)
        self.refresh()
        self.assertEqual(case.rating, 'very_satisfied')
        self.assertEqual(case.rating_channel, 'online')
        self.assertEqual(case.rating_comment, '服务很好')
        self.assertEqual(case.rating_rater, self.user_a.partner_id.name)
        page = self.get(case.portal_url).text
        self.assertIn('非常满意', page)
        self.assertIn('/report/evaluation', page)
        response = self.post('%s/rate' % case.portal_url,
                             data={'csrf_token': token, 'rating': 'unsatisfied'})
        self.assertIn('is rated already', response.text)
        self.refresh()
        self.assertEqual(case.rating, 'very_satisfied')


class TestPublicCatalog(AgencyHttpCase):
    """The public catalog: no login, published items only, withdrawals announced."""

    def setUp(self):
        super(TestPublicCatalog, self).setUp()
        ref = self.env.ref
        self.region = ref('investment_agency.region_wuhai')
        self.item_filing = ref('investment_agency.item_enterprise_filing')
        self.item_land = ref('investment_agency.item_land_preexamination')
        self.item_approval = ref('investment_agency.item_enterprise_approval')
        self.publish(self.region, self.item_filing | self.item_land)
        self.draft = self.env['agency.item.publication'].create({
            'region_id': self.region.id, 'item_id': self.item_approval.id})
        self.land = self.env['agency.item.publication'].search([
            ('region_id', '=', self.region.id), ('item_id', '=', self.item_land.id)])
        self.sync()

    def test_regions_and_search(self):
        response = self.get('/bangninban/catalog')
        self.assertEqual(response.status_code, 200)
        self.assertIn('/bangninban/catalog/150300', response.text)
        self.assertIn(self.region.name, response.text)
        self.assertNotIn('/bangninban/catalog/150400"', response.text, '赤峰 published nothing')
        response = self.get('/bangninban/catalog?search=%s' % self.item_land.name)
        self.assertIn('/bangninban/catalog/150300/7', response.text)
        self.assertNotIn('/bangninban/catalog/150300/2"', response.text)

    def test_region_list(self):
        response = self.get('/bangninban/catalog/150300')
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.item_filing.name, page)
        self.assertIn(self.item_land.name, page)
        self.assertNotIn(self.item_approval.name, page, 'drafts are not public')
        self.assertIn(self.land.department_id.name, page)
        self.assertIn('承诺%d个工作日' % self.land.committed_days, page)
        for material in self.item_land.material_ids:
            self.assertIn(material.name, page)
        if self.item_land.material_ids.filtered('allow_deficiency'):
            self.assertIn('容缺', page)
        response = self.get('/bangninban/catalog/150300?search=%s' % self.item_filing.name)
        self.assertIn(self.item_filing.name, response.text)
        self.assertNotIn('/bangninban/catalog/150300/7"', response.text)
        self.assertEqual(self.get('/bangninban/catalog/150400').status_code, 404)
        self.assertEqual(self.get('/bangninban/catalog/000000').status_code, 404)

    def test_item_page_and_withdrawal(self):
        response = self.get('/bangninban/catalog/150300/7')
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.item_land.name, response.text)
        self.assertIn('申请代办此事项', response.text)
        self.assertNotIn('o_agency_item_withdrawn', response.text)
        self.assertEqual(self.get('/bangninban/catalog/150300/1').status_code, 404, 'draft')
        self.assertEqual(self.get('/bangninban/catalog/150300/99').status_code, 404)
        event = self.env['agency.publication.event'].create({
            'publication_id': self.land.id, 'action': 'withdraw',
            'date_effective': service_today(self.env), 'note': '调整'})
        event._apply()
        self.sync()
        response = self.get('/bangninban/catalog/150300/7')
        self.assertEqual(response.status_code, 200)
        self.assertIn('o_agency_item_withdrawn', response.text)
        date = fields.Date.from_string(self.land.date_withdrawn)
        self.assertIn('该事项已于%d年%d月%d日撤回' % (date.year, date.month, date.day),
                      response.text)
        self.assertNotIn('申请代办此事项', response.text)
        response = self.get('/bangninban/catalog/150300')
        self.assertIn('已撤回的事项', response.text)


class TestOnlineChannelRules(AgencyTestCommon):
    """What the portal relies on, at the model level: applicants read their enterprise's
    cases only and change nothing themselves; sign-off and rating have their gates."""

    @classmethod
    def setUpClass(cls):
        super(TestOnlineChannelRules, cls).setUpClass()
        ref = cls.env.ref
        Partner = cls.env['res.partner']
        cls.company_a = Partner.create({'name': '甲', 'is_company': True,
                                        'agency_credit_code': '91150400MA0T2X6K3R'})
        cls.company_b = Partner.create({'name': '乙', 'is_company': True,
                                        'agency_credit_code': '91150200MA0Y7W3P16'})
        cls.applicant_a = cls._create_user('t_rule_applicant_a', cls.group_portal, False)
        cls.applicant_a.partner_id.parent_id = cls.company_a
        cls.applicant_b = cls._create_user('t_rule_applicant_b', cls.group_portal, False)
        cls.applicant_b.partner_id.parent_id = cls.company_b
        cls.region = cls.region_chifeng
        items = ref('investment_agency.item_enterprise_filing') | ref(
            'investment_agency.item_land_preexamination')
        Publication = cls.env['agency.item.publication']
        for item in items:
            publication = Publication.create({'region_id': cls.region.id, 'item_id': item.id})
            cls.env['agency.publication.event'].create({
                'publication_id': publication.id, 'action': 'publish',
                'date_effective': service_today(cls.env)})._apply()
        today = service_today(cls.env)
        project = cls.env['agency.project'].create({
            'name': '甲的项目', 'partner_id': cls.company_a.id, 'region_id': cls.region.id,
            'code': '2026-150404-59-03-000721', 'address': '赤峰', 'total_investment': 1,
            'contact_name': '甲', 'contact_phone': '13900000000'})
        cls.case = cls.env['agency.case'].create({
            **SERVICE_PLAN,
            'project_id': project.id, 'region_id': cls.region.id, 'date_applied': today,
            'item_ids': [(6, 0, items.ids)]})
        verify_case(cls.case).write({'date_authorization': today, 'date_commitment': today})
        cls.case.action_generate_plan()

    def test_applicants_read_their_own_cases_and_change_nothing(self):
        Case = self.env['agency.case']
        self.assertEqual(Case.sudo(self.applicant_a).search([('id', '=', self.case.id)]),
                         self.case)
        self.assertFalse(Case.sudo(self.applicant_b).search([('id', '=', self.case.id)]))
        self.assertRefused(lambda: self.case.sudo(self.applicant_b).read(['name']),
                           AccessError, out_of_reach('Agency Case'))
        self.assertRefused(lambda: self.case.line_ids[:1].sudo(self.applicant_b).read(['state']),
                           AccessError, out_of_reach('Case Item'))
        for values in ({'completion_confirmed_date': service_today(self.env)},
                       {'rating': 'very_satisfied'}):
            self.assertRefused(lambda: self.case.sudo(self.applicant_a).write(values),
                               AccessError, NOT_ALLOWED['write'])
        self.assertRefused(
            lambda: self.case.line_ids[:1].sudo(self.applicant_a).write({'state': 'withdrawn'}),
            AccessError, NOT_ALLOWED['write'])
        # The managers of the region read what the applicants filed.
        manager = self._create_user('t_rule_manager', self.group_manager, self.region)
        self.assertEqual(Case.sudo(manager).search([('id', '=', self.case.id)]), self.case)
        self.assertFalse(Case.sudo(self.manager_baotou).search([('id', '=', self.case.id)]))

    def test_sign_off_and_rating_gates(self):
        case = self.case
        # (As the superuser, in Chinese.)
        not_returned = '代办件%s：材料返还后方可确认办结。' % case.name
        self.assertFalse(case._can_confirm_completion())
        self.assertFalse(case._can_rate())
        self.assertRefused(lambda: case._confirm_completion(self.applicant_a.partner_id),
                           UserError, not_returned)
        self.assertRefused(lambda: case._record_evaluation('satisfied'),
                           UserError, '代办件%s办结后才能评价。' % case.name)
        case.write({'user_id': self._create_user('t_gate_agent', self.group_agent, self.region).id})
        # Items still open: no sign-off yet.
        self.assertFalse(case._can_confirm_completion())
        self.assertRefused(lambda: case._confirm_completion(self.applicant_a.partner_id),
                           UserError, not_returned)
        case.line_ids.action_withdraw()
        # The results reported, the materials not handed back yet: no sign-off either.
        self.assertEqual(case.flow_step, 'feedback')
        self.assertFalse(case._can_confirm_completion())
        case._complete(materials=[{'name': '营业执照'}])
        self.assertTrue(case._can_confirm_completion())
        case._confirm_completion(self.applicant_a.partner_id)
        self.assertEqual(case.completion_confirmed_by, self.applicant_a.partner_id)
        self.assertTrue(case.completion_confirmed_date)
        self.assertFalse(case._can_confirm_completion())
        self.assertRefused(lambda: case._confirm_completion(self.applicant_a.partner_id),
                           UserError, '代办件%s：已确认办结。' % case.name)
        self.assertTrue(case._can_rate())
        self.assertRefused(lambda: case._record_evaluation('great'),
                           UserError, '代办件%s：请选择评价等级。' % case.name)
        self.assertRefused(lambda: case._record_evaluation('satisfied', channel='fax'),
                           UserError, '代办件%s：请选择评价渠道。' % case.name)
        case._record_evaluation('unsatisfied', comment=' 太慢 ', rater='甲')
        self.assertEqual((case.rating, case.rating_comment, case.rating_rater,
                          case.rating_channel), ('unsatisfied', '太慢', '甲', 'online'))
        self.assertTrue(case.is_bad_rating)
        self.assertFalse(case._can_rate())
        self.assertRefused(lambda: case._record_evaluation('very_satisfied'),
                           UserError, '代办件%s已评价，评价不能修改。' % case.name)
