"""The baseline of a government system (等保 2.0, level 3), over HTTP: a login locked
after repeated failures, inactive sessions closed, a password policy, an audit trail
that managers and administrators read, and no personal data in the server's log."""
import logging
import os
import time

from odoo import http

from odoo.addons.investment_agency.hooks import PersonalDataFilter

from .common import AgencyHttpCase


class TestSecurityBaseline(AgencyHttpCase):

    def setUp(self):
        super(TestSecurityBaseline, self).setUp()
        ref = self.env.ref
        self.hhht = ref('investment_agency.region_hohhot')
        self.agent = self.create_user('sb_agent', ref('investment_agency.group_agent'),
                                      self.hhht, lang='zh_CN')
        self.manager = self.create_user('sb_manager', ref('investment_agency.group_manager'),
                                        self.hhht, lang='zh_CN')
        self.case = ref('investment_agency.case_1_demo')

    def json_login(self, login, password):
        """/web/session/authenticate, as the web client's login does: the uid or None."""
        self.opener.cookies.clear()
        response = self.opener.post(self.url('/web/session/authenticate'), json={
            'jsonrpc': '2.0', 'method': 'call', 'params': {
                'db': self.env.cr.dbname, 'login': login, 'password': password}}, timeout=60)
        result = response.json().get('result') or {}
        return result.get('uid')

    def test_login_locked_after_repeated_failures(self):
        self.sync()
        self.assertTrue(self.json_login('sb_agent', 'sb_agent'))
        for _attempt in range(5):
            self.assertFalse(self.json_login('sb_agent', 'wrong password'))
        # The right password no longer opens a session from this address.
        self.assertFalse(self.json_login('sb_agent', 'sb_agent'))
        attempts = self.env['res.authentication.attempt'].search(
            [('login', '=', 'sb_agent')], order='id')
        self.assertEqual(attempts.mapped('result'),
                         ['successful'] + ['failed'] * 5 + ['banned'])
        self.assertEqual(self.env['ir.config_parameter'].get_param(
            'auth_brute_force.max_by_ip_user'), '5')

    def test_inactive_session_is_closed(self):
        self.assertEqual(self.env['ir.config_parameter'].get_param(
            'inactive_session_time_out_delay'), '1800')
        self.login(self.agent)
        _result, failure = self.call_kw('agency.case', 'search_count', [[]])
        self.assertIsNone(failure, failure)
        # Thirty-one minutes without a request.
        path = http.root.session_store.get_session_filename(self.session.sid)
        past = time.time() - 31 * 60
        os.utime(path, (past, past))
        _result, failure = self.call_kw('agency.case', 'search_count', [[]])
        self.assertEqual(failure.get('name'), 'odoo.http.SessionExpiredException')
        # Public pages and the API keep working without a session.
        self.opener.cookies.clear()
        response = self.get('/bangninban/catalog')
        self.assertEqual(response.status_code, 200)

    def test_password_policy(self):
        self.login(self.agent)
        for weak in ('abc', 'abcdefghij', 'Abcdefghij', 'sb_agent'):
            _result, failure = self.call_kw('res.users', 'change_password', ['sb_agent', weak])
            self.assertIsNotNone(failure, weak)
        _result, failure = self.call_kw('res.users', 'change_password',
                                        ['sb_agent', 'Hohhot2026bnb'])
        self.assertIsNone(failure, failure)
        company = self.env.ref('base.main_company')
        self.assertEqual((company.password_length, company.password_expiration,
                          company.password_history), (10, 90, 5))

    def test_audit_trail(self):
        self.login(self.agent)
        _result, failure = self.call_kw('agency.case', 'write', [self.case.ids, {
            'description': '申请人补充说明'}])
        self.assertIsNone(failure, failure)
        logs = self.env['auditlog.log'].search([('model_id.model', '=', 'agency.case'),
                                                ('res_id', '=', self.case.id)])
        self.assertEqual(logs[:1].user_id, self.agent)
        self.assertIn('description', logs[:1].line_ids.mapped('field_name'))
        # Agents do not read the trail; managers do.
        self.assertRpcRefused('auditlog.log', 'search_read', [[], ['res_id']],
                              error='AccessError', message='对不起，您没有访问此文档的权限。')
        self.login(self.manager)
        found, failure = self.call_kw('auditlog.log', 'search_read', [
            [('res_id', '=', self.case.id), ('model_id.model', '=', 'agency.case')],
            ['res_id', 'user_id']])
        self.assertIsNone(failure, failure)
        self.assertTrue(found)

    def test_no_personal_data_in_the_log(self):
        record = logging.LogRecord(
            'odoo.sql_db', logging.ERROR, __file__, 1, 'bad query: %s',
            ("INSERT INTO res_partner VALUES ('11010519491231002X', '13904711234', "
             "'91110000600037341L')",), None)
        PersonalDataFilter().filter(record)
        message = record.getMessage()
        for value in ('11010519491231002X', '13904711234', '91110000600037341L'):
            self.assertNotIn(value, message)
        root_filters = [item for handler in logging.getLogger().handlers
                        for item in handler.filters]
        self.assertTrue([item for item in root_filters if isinstance(item, PersonalDataFilter)]
                        or logging.getLogger('odoo.sql_db').filters)
