import hashlib
import hmac
import json
import time
import uuid

from odoo import _, api, fields, models

from odoo.addons.queue_job.job import identity_exact, job

from .agency_case_events import CASE_EVENTS
from .agency_delivery_mixin import TIMEOUT, jobs_run_at_once

WEBHOOK_EVENTS = CASE_EVENTS
# Seconds before the next attempt after the n-th failed one: 10 s, 1 min, 5 min, 30 min,
# 2 h, 6 h, 12 h; after the eighth failure the delivery is given up (about 21 hours).
BACKOFF = (10, 60, 300, 1800, 7200, 21600, 43200)
SIGNATURE_HEADER = 'X-Bnb-Signature'
TIMESTAMP_HEADER = 'X-Bnb-Timestamp'
# pg_try_advisory_xact_lock(WEBHOOK_LOCK, hashtext('<key id>:<case id>')): one sender at
# a time per channel and case, so that its events leave in order.
WEBHOOK_LOCK = 150001


def sign(secret, timestamp, body):
    """The signature of a delivery: HMAC-SHA256, with the key's webhook secret, of the
    timestamp, a dot and the body (bytes), in hex, prefixed with ``sha256=``."""
    message = ('%s.' % timestamp).encode('ascii') + body
    return 'sha256=' + hmac.new(secret.encode('utf-8'), message, hashlib.sha256).hexdigest()


def _utc(value):
    """An Odoo datetime (UTC) as ISO 8601 with its zone."""
    return fields.Datetime.from_string(value).strftime('%Y-%m-%dT%H:%M:%SZ')


class AgencyWebhookDelivery(models.Model):
    """An event of a case POSTed to the channel that filed it (the 蒙速办 app, the 12345
    hotline), at its API key's callback URL. Deliveries of one case leave one at a time,
    in the order of the events, from a background job (OCA queue_job); a failed one is
    retried with a growing delay (BACKOFF) and holds back the later events of its case
    until it is delivered or given up. Delivery is at least once: the receiver drops an
    ``event_id`` it has seen and orders a case's events by ``sequence``."""
    _name = 'agency.webhook.delivery'
    _inherit = 'agency.delivery.mixin'
    _description = 'Webhook Delivery'
    _order = 'id desc'
    _rec_name = 'event_id'
    _backoff = BACKOFF

    event_id = fields.Char(string='Event ID', required=True, readonly=True, index=True,
                           copy=False)
    api_key_id = fields.Many2one('agency.api.key', string='API Key', required=True,
                                 readonly=True, index=True, ondelete='cascade')
    url = fields.Char(string='Callback URL', required=True, readonly=True)
    case_id = fields.Many2one('agency.case', string='Case', required=True, readonly=True,
                              index=True, ondelete='cascade')
    event = fields.Selection(WEBHOOK_EVENTS, required=True, readonly=True)
    sequence = fields.Integer(readonly=True,
                              help="The event's number among those of its case.")
    occurred_at = fields.Datetime(required=True, readonly=True)
    payload = fields.Text(required=True, readonly=True, help='The JSON body, as signed.')

    _sql_constraints = [
        ('event_id_uniq', 'unique(event_id)', 'An event is recorded once.'),
    ]

    # ------------------------------------------------------------------ recording

    @api.model
    def _record(self, case, event, line=None):
        """Record ``event`` of ``case`` (``line``: the item it is about) for the channel
        that filed the case, if that channel's key has a callback URL, and queue its
        sending. Returns the delivery (or an empty recordset)."""
        key = case._agency_channel_key()
        if not key.webhook_url or key.state != 'active':
            return self.browse()
        sequence = self.search_count([('api_key_id', '=', key.id),
                                      ('case_id', '=', case.id)]) + 1
        event_id = str(uuid.uuid4())
        now = fields.Datetime.now()
        delivery = self.create({
            'event_id': event_id,
            'api_key_id': key.id,
            'url': key.webhook_url,
            'case_id': case.id,
            'event': event,
            'sequence': sequence,
            'occurred_at': now,
            'payload': self._payload(case, event, line, event_id, sequence, now),
        })
        delivery._schedule()
        return delivery

    @api.model
    def _payload(self, case, event, line, event_id, sequence, occurred_at):
        """The body of the event: what the status API answers about the case, the event,
        when it occurred and the item it is about."""
        body = self.env['agency.intake.request']._status_payload(case, self._agency_base_url())
        body.update({'event_id': event_id, 'event': event, 'sequence': sequence,
                     'occurred_at': _utc(occurred_at)})
        if line:
            body['item'] = {
                'number': line.item_id.number,
                'name': line.item_id.name,
                'state': line.state,
                'deadline': line.deadline or None,
                'correction_note': line.correction_note or None,
                'result_number': line.result_number or None,
            }
        return json.dumps(body, ensure_ascii=False, sort_keys=True)

    @api.multi
    def _schedule(self, eta=None):
        """Queue the sending of the pending events of these deliveries' cases (one job
        per key and case at a time: a job already waiting takes the new events)."""
        if eta and jobs_run_at_once():
            # queue_job runs jobs at once in this mode: a retry cannot wait, it is left
            # pending for the next event or a replay.
            return
        for key, case in set((d.api_key_id, d.case_id) for d in self):
            # On the model, not the delivery: the job's identity is its key and case.
            self.browse().with_delay(
                eta=eta, identity_key=identity_exact,
                description=_('Events of case %s to %s') % (case.name, key.name),
            )._job_deliver(key.id, case.id)

    # ------------------------------------------------------------------ sending

    @job(default_channel='root.agency')
    @api.model
    def _job_deliver(self, key_id, case_id):
        """Send the pending events of a case to a channel, oldest first; stop at the first
        that fails and come back when it is due again."""
        self.env.cr.execute('SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))',
                            (WEBHOOK_LOCK, '%d:%d' % (key_id, case_id)))
        if not self.env.cr.fetchone()[0]:
            # Another job is sending this case's events: come back after it.
            self.search([('api_key_id', '=', key_id), ('case_id', '=', case_id),
                         ('state', '=', 'pending')], limit=1)._schedule(eta=2 * TIMEOUT)
            return _('Another job is sending these events.')
        sent = 0
        for delivery in self.search([('api_key_id', '=', key_id), ('case_id', '=', case_id),
                                     ('state', '=', 'pending')], order='id'):
            if delivery._due_later():
                delivery._schedule(eta=fields.Datetime.from_string(delivery.date_next_attempt))
                return _('%d sent, the next is due at %s.') % (sent, delivery.date_next_attempt)
            if not delivery._send():
                if delivery.state == 'pending':
                    delivery._schedule(
                        eta=fields.Datetime.from_string(delivery.date_next_attempt))
                    return _('%d sent, then %s failed: %s') % (
                        sent, delivery.event_id, delivery.last_error)
                continue
            sent += 1
        return _('%d sent.') % sent

    @api.multi
    def _send(self):
        """One attempt to POST this event, signed; records its outcome. True when the
        receiver answered 2xx."""
        self.ensure_one()
        body = self.payload.encode('utf-8')
        secret = self.api_key_id.sudo().webhook_secret or ''
        timestamp = str(int(time.time()))
        status, error = self._http_post(self.url, body, self._headers(
            sign(secret, timestamp, body), timestamp))
        self._record_attempt(status, error)
        return not error

    @api.multi
    def _headers(self, signature, timestamp):
        return {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Bangninban-Webhooks/1.0',
            'X-Bnb-Event': self.event,
            'X-Bnb-Event-Id': self.event_id,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature,
        }
