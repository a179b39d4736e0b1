"""SMS to the applicant through the gateway of the settings: here a real HTTP server on
127.0.0.1 (Receiver) standing for the provider's API."""
import json
from datetime import datetime, timedelta

from odoo import fields
from odoo.tools import mute_logger

from odoo.addons.investment_agency.models.agency_sms_message import (
    PARAM_GATEWAY_KEY, PARAM_GATEWAY_URL, PARAM_SIGNATURE, mobile_number)
from odoo.addons.investment_agency.models.dates import format_cn_date

from .common import queue_jobs, run_job
from .forms_common import AgencyFormsCommon
from .http_receiver import Receiver

QUIET = mute_logger('odoo.addons.investment_agency.models.agency_delivery_mixin')
MOBILE = '13947612345'


class TestSms(AgencyFormsCommon):

    def setUp(self):
        super(TestSms, self).setUp()
        queue_jobs(self)
        self.gateway = Receiver()
        self.addCleanup(self.gateway.stop)
        params = self.env['ir.config_parameter']
        params.set_param(PARAM_GATEWAY_URL, self.gateway.url)
        params.set_param(PARAM_GATEWAY_KEY, 'sk-test')
        params.set_param(PARAM_SIGNATURE, False)
        self.project.contact_phone = MOBILE
        self.case = self._plan(self._create_case())
        self.line = self.case.line_ids[0]

    def texts(self, case=None):
        return self.env['agency.sms.message'].search([('case_id', '=', (case or self.case).id)],
                                                     order='id')

    def run_jobs(self):
        for job in self.env['queue.job'].search([('method_name', '=', '_job_send'),
                                                 ('state', '=', 'pending')], order='id'):
            run_job(self.env, job)
        self.env.cache.invalidate()

    def accept(self, line):
        line.write({'state': 'declared', 'date_declared': '2026-09-10'})
        line.write({'state': 'accepted', 'date_accepted': '2026-09-14'})

    def test_settings_saved_and_checked(self):
        Settings = self.env['res.config.settings']
        Settings.create({'agency_sms_gateway_url': ' https://sms.provider.example.cn/send ',
                         'agency_sms_gateway_key': 'sk-live',
                         'agency_sms_signature': '【赤峰帮您办】'}).execute()
        params = self.env['ir.config_parameter']
        self.assertEqual((params.get_param(PARAM_GATEWAY_URL), params.get_param(PARAM_GATEWAY_KEY),
                          params.get_param(PARAM_SIGNATURE)),
                         ('https://sms.provider.example.cn/send', 'sk-live', '【赤峰帮您办】'))
        shown = Settings.default_get(['agency_sms_gateway_url', 'agency_sms_signature'])
        self.assertEqual(shown['agency_sms_gateway_url'], 'https://sms.provider.example.cn/send')
        for url in ('sms.provider.example.cn/send', 'ftp://sms.example.cn/',
                    'https://sms.example.cn:99999/x'):
            self.assertInvalid(lambda: Settings.create({'agency_sms_gateway_url': url}),
                               '短信网关地址“%s”无效' % url)
        self.assertInvalid(lambda: Settings.create(
            {'agency_sms_gateway_url': 'http://169.254.169.254/sms'}),
            '短信网关地址“http://169.254.169.254/sms”指向链路本地或云元数据地址')
        Settings.create({'agency_sms_gateway_url': False}).execute()
        self.assertFalse(params.get_param(PARAM_GATEWAY_URL), 'emptied: no SMS')

    def test_mobile_numbers(self):
        self.assertEqual(mobile_number('139 4761 2345'), MOBILE)
        self.assertEqual(mobile_number('+86 139-4761-2345'), MOBILE)
        for phone in ('0476-8812345', '12345', '1394761234', '', False):
            self.assertIsNone(mobile_number(phone), phone)

    def test_texted_about_the_public_events_in_chinese(self):
        self.assertFalse(self.texts(), 'a stage change alone is not texted')
        self.accept(self.line)
        self.line.write({'state': 'correction', 'correction_note': '补充用地红线图及宗地界址点坐标'})
        self.assertEqual(self.texts().mapped('event'), ['item.accepted', 'item.correction'])
        self.assertEqual(self.gateway.received, [], 'sent by a job, after the commit')
        self.run_jobs()
        accepted, correction = self.gateway.events()
        self.assertEqual(accepted['mobile'], MOBILE)
        self.assertEqual(accepted['content'],
                         '【蒙速办·帮您办】您的项目“%s”的“%s”已受理，承诺于%s前办结（代办件%s）。'
                         % (self.project.name, self.line.item_id.name,
                            format_cn_date(self.line.deadline),
                            self.case.name))
        self.assertIn('需补正：补充用地红线图及宗地界址点坐标', correction['content'])
        self.assertIn(self.case.user_id.name, correction['content'])
        headers = self.gateway.received[0][0]
        self.assertEqual(headers['Authorization'], 'Bearer sk-test')
        self.assertEqual(accepted['reference'], self.texts()[0].reference)
        self.assertEqual(set(self.texts().mapped('state')), {'delivered'})

    def test_completion_and_the_rating_request(self):
        self.env['ir.config_parameter'].set_param(PARAM_SIGNATURE, '【赤峰帮您办】')
        self._completed(self._close_lines(self.case))
        texts = self.texts()
        self.assertEqual(texts.filtered(lambda t: t.event.startswith('case.')).mapped('event'),
                         ['case.completed', 'case.rating_requested'])
        rating = texts.filtered(lambda t: t.event == 'case.rating_requested')
        self.assertTrue(rating.body.startswith('【赤峰帮您办】请对代办件%s' % self.case.name))
        self.assertIn('/my/agency/cases/%d' % self.case.id, rating.body)
        self.assertEqual(len(texts.filtered(lambda t: t.event == 'item.done')),
                         len(self.case.line_ids))

    def test_none_without_a_mobile_or_a_gateway_or_when_declined(self):
        self.project.contact_phone = '0476-8812345'
        self.accept(self.line)
        self.assertFalse(self.texts(), 'a landline')
        self.project.contact_phone = MOBILE
        self.case.sms_opt_out = True
        self.line.write({'state': 'correction', 'correction_note': '补充材料'})
        self.assertFalse(self.texts(), 'declined')
        tracked = self.case.message_ids[:3].mapped('tracking_value_ids').filtered(
            lambda value: value.field == 'sms_opt_out')
        self.assertTrue(tracked, 'the choice is in the chatter')
        self.case.sms_opt_out = False
        self.env['ir.config_parameter'].set_param(PARAM_GATEWAY_URL, False)
        self.line.write({'state': 'accepted'})
        self.assertFalse(self.texts(), 'no gateway')

    def test_gateway_failure_retried(self):
        self.gateway.statuses = [503]
        self.accept(self.line)
        with QUIET:
            self.run_jobs()
        text = self.texts()
        self.assertEqual((text.state, text.attempts, text.response_status),
                         ('pending', 1, 503))
        due = fields.Datetime.from_string(text.date_next_attempt)
        self.assertAlmostEqual((due - datetime.utcnow()).total_seconds(), 60, delta=5)
        job = self.env['queue.job'].search([('method_name', '=', '_job_send'),
                                            ('state', '=', 'pending')])
        self.assertEqual(job.eta, text.date_next_attempt)
        text.write({'date_next_attempt': fields.Datetime.to_string(
            datetime.utcnow() - timedelta(seconds=1))})
        self.run_jobs()
        self.assertEqual((text.state, text.attempts), ('delivered', 2))
        first, second = [json.loads(body) for _headers, body in self.gateway.received]
        self.assertEqual(first, second, 'the same SMS, the same reference')
