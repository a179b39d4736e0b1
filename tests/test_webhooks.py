"""Signed webhooks to the channels: the events of a case filed through an API key are
POSTed to the key's callback URL, here a real HTTP server on 127.0.0.1 (Receiver) that
answers what the test tells it; the test checks what a channel would check (the
signature, the timestamp)."""
import hashlib
import hmac
import time
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.investment_agency.models.agency_webhook_delivery import BACKOFF

from .common import NOT_ALLOWED, AgencyHttpCase, queue_jobs, run_job
from .forms_common import AgencyFormsCommon
from .http_receiver import Receiver
from .openapi_check import OpenApiCheck

QUIET = mute_logger('odoo.addons.investment_agency.models.agency_delivery_mixin')


def verified(secret, headers, body):
    """What the channel does: recompute the signature over the timestamp and the body,
    and refuse an old timestamp (a replayed request)."""
    timestamp = headers['X-Bnb-Timestamp']
    expected = 'sha256=' + hmac.new(secret.encode(), timestamp.encode() + b'.' + body,
                                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers['X-Bnb-Signature']) and \
        abs(time.time() - int(timestamp)) < 300


class TestWebhooks(AgencyFormsCommon):

    @classmethod
    def setUpClass(cls):
        super(TestWebhooks, cls).setUpClass()
        Key = cls.env['agency.api.key']
        cls.key = Key.create({'name': '蒙速办', 'channel': 'app'})
        cls.key.action_issue()
        cls.other_key = Key.create({'name': '12345', 'channel': 'hotline'})
        cls.other_key.action_issue()

    def setUp(self):
        super(TestWebhooks, self).setUp()
        queue_jobs(self)
        self.receiver = Receiver()
        self.addCleanup(self.receiver.stop)
        self.key.webhook_url = self.receiver.url
        self.case = self.filed(self.key)

    def filed(self, key, channel=None):
        """A case filed through ``key`` (as the intake API records it)."""
        case = self._create_case(channel=channel or key.channel)
        self.env['agency.intake.request'].create({
            'channel': key.channel, 'idempotency_key': 'k-%d' % case.id,
            'request_hash': 'x', 'case_id': case.id, 'api_key_id': key.id})
        return case

    def deliveries(self, case=None):
        return self.env['agency.webhook.delivery'].search(
            [('case_id', '=', (case or self.case).id)], order='id')

    def run_jobs(self):
        """Run the queued delivery jobs that are due, as the job runner would."""
        jobs = self.env['queue.job'].search([('method_name', '=', '_job_deliver'),
                                             ('state', '=', 'pending')], order='id')
        for job in jobs:
            run_job(self.env, job)
        self.env.cache.invalidate()
        return jobs

    def accept(self, line):
        line.write({'state': 'declared', 'date_declared': '2026-09-10'})
        line.write({'state': 'accepted', 'date_accepted': '2026-09-14'})

    def test_events_signed_and_delivered_in_order(self):
        self._plan(self.case)
        first, second = self.case.line_ids[:2]
        self.accept(first)
        first.write({'state': 'correction', 'correction_note': '补充用地红线图'})
        self.accept(second)
        deliveries = self.deliveries()
        # Planned, then in progress with its first item accepted.
        self.assertEqual(deliveries.mapped('event'),
                         ['case.stage_changed', 'case.stage_changed', 'item.accepted',
                          'item.correction', 'item.accepted'])
        self.assertEqual(deliveries.mapped('sequence'), [1, 2, 3, 4, 5])
        self.assertEqual(set(deliveries.mapped('state')), {'pending'}, 'sent after commit')
        self.assertEqual(self.receiver.received, [])

        self.assertEqual(len(self.run_jobs()), 1, 'one job per case and channel')
        events = self.receiver.events()
        self.assertEqual([e['event'] for e in events], deliveries.mapped('event'))
        self.assertEqual([e['event_id'] for e in events], deliveries.mapped('event_id'))
        self.assertEqual(len(set(e['event_id'] for e in events)), 5)
        for headers, body in self.receiver.received:
            self.assertTrue(verified(self.key.webhook_secret, headers, body))
            self.assertEqual(headers['Content-Type'], 'application/json; charset=utf-8')
        self.assertFalse(verified('whsec_other', *self.receiver.received[0]))
        check = OpenApiCheck()
        schema = check.spec['components']['schemas']['WebhookEvent']
        for event in events:
            self.assertEqual(check.schema_errors(event, schema), [], 'as documented')
        stage, correction = events[0], events[3]
        # Each event tells the case as it was then.
        self.assertEqual((stage['case_number'], stage['status'], stage['stage']),
                         (self.case.name, 'plan', self._stage('plan').name))
        self.assertEqual((events[1]['status'], events[1]['stage']),
                         (self.case.flow_step, self.case.stage_id.name))
        self.assertEqual(stage['items'][0]['number'], self.case.item_ids.sorted('number')[0].number)
        self.assertRegex(stage['occurred_at'], r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        self.assertEqual((correction['item']['number'], correction['item']['state'],
                          correction['item']['correction_note']),
                         (first.item_id.number, 'correction', '补充用地红线图'))
        self.assertEqual(set(deliveries.mapped('state')), {'delivered'})
        self.assertEqual(deliveries.mapped('attempts'), [1] * 5)
        self.assertEqual(set(deliveries.mapped('response_status')), {200})
        self.assertEqual(self.key.webhook_delivery_count, 5)

    def test_retried_after_a_500_holding_the_later_events(self):
        self._plan(self.case)
        self.accept(self.case.line_ids[0])
        first, second = self.deliveries()[:2]
        self.receiver.statuses = [500]
        with QUIET:
            self.run_jobs()
        self.assertEqual(len(self.receiver.received), 1, 'the next event waits')
        self.assertEqual((first.state, first.attempts, first.response_status),
                         ('pending', 1, 500))
        self.assertIn('HTTP 500', first.last_error)
        due = fields.Datetime.from_string(first.date_next_attempt)
        self.assertAlmostEqual((due - datetime.utcnow()).total_seconds(), BACKOFF[0], delta=5)
        self.assertEqual((second.state, second.attempts), ('pending', 0))
        retry = self.env['queue.job'].search([('method_name', '=', '_job_deliver'),
                                              ('state', '=', 'pending')])
        self.assertEqual(len(retry), 1)
        self.assertEqual(retry.eta, first.date_next_attempt, 'the job waits for the retry')

        # Not yet due: the job comes back later without sending.
        self.run_jobs()
        self.assertEqual(len(self.receiver.received), 1)
        first.write({'date_next_attempt': fields.Datetime.to_string(
            datetime.utcnow() - timedelta(seconds=1))})
        self.run_jobs()
        events = self.receiver.events()
        self.assertEqual([e['event_id'] for e in events][:3],
                         [first.event_id, first.event_id, second.event_id])
        self.assertEqual((first.state, first.attempts, second.state),
                         ('delivered', 2, 'delivered'))

    def test_unreachable_receiver_given_up_then_replayed(self):
        self.receiver.stop()
        self._plan(self.case)
        self.accept(self.case.line_ids[0])
        first, second = self.deliveries()[:2]
        first.write({'attempts': len(BACKOFF)})
        with QUIET:
            self.run_jobs()
        self.assertEqual(first.state, 'failed', 'given up after its last retry')
        self.assertEqual(first.attempts, len(BACKOFF) + 1)
        self.assertTrue(first.last_error)
        self.assertEqual((second.state, second.attempts), ('pending', 1),
                         'the next event goes on once the first is given up, and waits')
        self.assertEqual(self.key.webhook_failed_count, 1)

        self.receiver = Receiver()
        self.addCleanup(self.receiver.stop)
        self.key.webhook_url = self.receiver.url
        # The body and the URL were recorded with the event: point them at the new server.
        self.deliveries().write({'url': self.receiver.url})
        first.action_replay()
        second.write({'date_next_attempt': False})
        self.run_jobs()
        self.assertEqual([e['event_id'] for e in self.receiver.events()][:2],
                         [first.event_id, second.event_id])
        self.assertEqual((first.state, first.attempts), ('delivered', 1))

    def test_name_resolving_to_a_metadata_address_never_called(self):
        """A callback host whose name comes to resolve to a link-local address after the
        URL was saved (DNS changed, or rebinding) is refused at delivery, not called."""
        self.key.webhook_url = 'http://hooks.channel.example/bnb'
        self.deliveries().write({'url': self.key.webhook_url})
        self._plan(self.case)
        fake = [(2, 1, 6, '', ('169.254.169.254', 80))]
        with patch('socket.getaddrinfo', return_value=fake), QUIET:
            self.run_jobs()
        first = self.deliveries()[0]
        self.assertEqual((first.state, first.attempts, first.response_status),
                         ('pending', 1, 0))
        self.assertIn('169.254.169.254', first.last_error)
        self.assertFalse(self.receiver.events())

    def test_only_the_channel_that_filed_the_case(self):
        self._plan(self.case)
        window = self._create_case(channel='window')
        self._plan(window)
        hotline = self.filed(self.other_key)
        self._plan(hotline)
        self.assertFalse(self.deliveries(window))
        self.assertFalse(self.deliveries(hotline), 'the hotline key has no callback URL')
        self.other_key.webhook_url = self.receiver.url
        self.accept(hotline.line_ids[0])
        self.assertEqual(self.deliveries(hotline).mapped('api_key_id'), self.other_key)
        self.assertEqual(set(self.env['agency.webhook.delivery'].search([]).mapped('case_id')),
                         {self.case, hotline})
        # A revoked key is told nothing more.
        self.key.action_revoke()
        count = len(self.deliveries())
        self.accept(self.case.line_ids[0])
        self.assertEqual(len(self.deliveries()), count)

    def test_callback_url_and_secret(self):
        Key = self.env['agency.api.key']
        self.assertTrue(self.key.webhook_secret.startswith('whsec_'))
        for url in ('ftp://example.com/x', 'example.com/hook', 'https://user:pw@example.com/x',
                    'https:///x', 'https://example.com/#x', 'https://example.com:99999/x'):
            self.assertInvalid(lambda: Key.create({'name': 'x', 'channel': 'app',
                                                   'webhook_url': url}),
                               '回调地址“%s”无效' % url)
        for url in ('http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/x',
                    'http://metadata.google.internal/computeMetadata/v1/',
                    'http://100.100.100.200/latest/meta-data/', 'http://[::ffff:169.254.1.1]/'):
            self.assertInvalid(lambda: Key.create({'name': 'x', 'channel': 'app',
                                                   'webhook_url': url}),
                               '回调地址“%s”指向链路本地或云元数据地址' % url)
        key = Key.create({'name': 'ok', 'channel': 'app', 'webhook_url': 'https://a.example/h'})
        self.assertTrue(key.webhook_secret)
        self.assertRefused(lambda: key.write({'webhook_secret': 'mine'}), UserError,
                           '密钥只能通过按钮签发和吊销')
        old = key.webhook_secret
        key.action_new_webhook_secret()
        self.assertNotEqual(key.webhook_secret, old)
        self.assertFalse(Key.create({'name': 'none', 'channel': 'app'}).webhook_secret)


class TestWebhookAccess(AgencyHttpCase):
    """Only administrators see the deliveries, the callback URLs and the secrets, and
    replay deliveries; the other roles are refused over JSON-RPC."""

    def setUp(self):
        super(TestWebhookAccess, self).setUp()
        self.env['res.lang'].load_lang('en_US')
        admin = self.create_user('t_wh_admin', self.env.ref('base.group_system')
                                 | self.env.ref('investment_agency.group_manager'))
        self.admin = admin
        self.key = self.env['agency.api.key'].create({
            'name': 'App', 'channel': 'app', 'webhook_url': 'http://127.0.0.1:9/hook'})
        case = self.env['agency.case'].search([], limit=1)
        self.delivery = self.env['agency.webhook.delivery'].create({
            'event_id': 'e-1', 'api_key_id': self.key.id, 'url': self.key.webhook_url,
            'case_id': case.id, 'event': 'case.stage_changed', 'sequence': 1,
            'occurred_at': fields.Datetime.now(), 'payload': '{}', 'state': 'failed'})

    def test_other_roles_refused(self):
        region = self.env['agency.region'].search([('code', '=', '150400')])
        for login, group in (('t_wh_agent', 'group_agent'), ('t_wh_manager', 'group_manager'),
                             ('t_wh_catalog', 'group_catalog_admin')):
            user = self.create_user(login, self.env.ref('investment_agency.%s' % group), region)
            self.login(user)
            self.assertRpcRefused('agency.webhook.delivery', 'search_read', [[]],
                                  error='AccessError', message=NOT_ALLOWED['read'])
            self.assertRpcRefused('agency.webhook.delivery', 'action_replay',
                                  [self.delivery.ids], error='AccessError',
                                  message=NOT_ALLOWED['write'])
            self.assertRpcRefused('agency.api.key', 'write',
                                  [self.key.ids, {'webhook_url': 'https://evil.example/'}],
                                  error='AccessError', message=NOT_ALLOWED['write'])

    def test_administrator_reads_and_replays(self):
        self.login(self.admin)
        result, failure = self.call_kw('agency.webhook.delivery', 'search_read',
                                       [[('id', '=', self.delivery.id)], ['state', 'url']])
        self.assertIsNone(failure)
        self.assertEqual(result[0]['state'], 'failed')
        result, failure = self.call_kw('agency.api.key', 'read',
                                       [self.key.ids, ['webhook_secret']])
        self.assertTrue(result[0]['webhook_secret'].startswith('whsec_'))
        # The record of an event is not rewritten, only sent again.
        self.assertRpcRefused('agency.webhook.delivery', 'unlink', [self.delivery.ids],
                              error='AccessError', message=NOT_ALLOWED['unlink'])
        with QUIET:
            result, failure = self.call_kw('agency.webhook.delivery', 'action_replay',
                                           [self.delivery.ids])
        self.assertIsNone(failure)
        self.refresh()
        # Sent again at once (the tests run jobs at once): refused, due again later.
        self.assertEqual((self.delivery.state, self.delivery.attempts), ('pending', 1))
        self.assertTrue(self.delivery.date_next_attempt)
