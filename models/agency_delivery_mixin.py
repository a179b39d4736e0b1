import logging
import os
import socket
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import requests

from odoo import api, fields, models

from .code_checks import check_http_url, is_internal_address

_logger = logging.getLogger(__name__)

# Seconds an HTTP receiver has to answer.
TIMEOUT = 10
DELIVERY_STATES = [
    ('pending', 'To Send'),
    ('delivered', 'Delivered'),
    ('failed', 'Given Up'),
]


def jobs_run_at_once():
    """Whether queue_job runs jobs at once instead of queuing them (its test switch): a
    retry cannot wait then."""
    return bool(os.getenv('TEST_QUEUE_JOB_NO_DELAY'))


class AgencyDeliveryMixin(models.AbstractModel):
    """Something sent out of the system over HTTP (a webhook, an SMS): its state, its
    attempts and their outcome. A failed attempt is due again after the delay of
    ``_backoff`` for its number; after the last one the delivery is given up (an
    administrator may send it again)."""
    _name = 'agency.delivery.mixin'
    _description = 'Outgoing Delivery'

    # Seconds before the next attempt after the n-th failed one.
    _backoff = (60, 300, 1800)

    state = fields.Selection(DELIVERY_STATES, required=True, default='pending',
                             readonly=True, index=True)
    attempts = fields.Integer(readonly=True)
    response_status = fields.Integer(string='Last HTTP Status', readonly=True)
    last_error = fields.Char(readonly=True)
    date_last_attempt = fields.Datetime(string='Last Attempt', readonly=True)
    date_next_attempt = fields.Datetime(string='Next Attempt', readonly=True)
    date_delivered = fields.Datetime(string='Delivered On', readonly=True)

    @api.multi
    def _due_later(self):
        """Whether this delivery waits for its next attempt."""
        self.ensure_one()
        return bool(self.date_next_attempt and
                    self.date_next_attempt > fields.Datetime.now())

    @api.model
    def _http_post(self, url, data, headers):
        """POST ``data`` (bytes) to ``url``: (HTTP status or 0, error or False); a
        status other than 2xx is an error. An address refused by the URL's check, or whose
        name resolves to a link-local or metadata address (a name changed after the URL
        was saved), is never called."""
        refusal = self._refused_destination(url)
        if refusal:
            return 0, refusal
        try:
            response = requests.post(url, data=data, headers=headers, timeout=TIMEOUT,
                                     allow_redirects=False)
        except requests.RequestException as exception:
            return 0, str(exception)[:250]
        if not 200 <= response.status_code < 300:
            return response.status_code, 'HTTP %d: %s' % (response.status_code,
                                                          response.text[:200])
        return response.status_code, False

    @api.model
    def _refused_destination(self, url):
        """Why ``url`` may not be called, or False."""
        if check_http_url(url):
            return 'Refused: %s is not an allowed address.' % url
        host = urlsplit(url).hostname
        try:
            addresses = set(info[4][0] for info in socket.getaddrinfo(host, None))
        except (socket.gaierror, UnicodeError):
            return False  # unknown names fail in requests, with its own error
        internal = sorted(address for address in addresses if is_internal_address(address))
        if internal:
            return 'Refused: %s resolves to %s (link-local or metadata).' % (
                host, ', '.join(internal))
        return False

    @api.multi
    def _record_attempt(self, status, error):
        """Write the outcome of an attempt: delivered, or due again after ``_backoff``, or
        given up after its last retry."""
        self.ensure_one()
        now = datetime.utcnow()
        values = {'attempts': self.attempts + 1, 'response_status': status,
                  'last_error': error or False,
                  'date_last_attempt': fields.Datetime.to_string(now)}
        if not error:
            values.update(state='delivered', date_next_attempt=False,
                          date_delivered=values['date_last_attempt'])
        elif self.attempts < len(self._backoff):
            values['date_next_attempt'] = fields.Datetime.to_string(
                now + timedelta(seconds=self._backoff[self.attempts]))
            _logger.warning('%s %s failed (attempt %d), retried: %s', self._description,
                            self.display_name, values['attempts'], error)
        else:
            values.update(state='failed', date_next_attempt=False)
            _logger.warning('%s %s given up after %d attempts: %s', self._description,
                            self.display_name, values['attempts'], error)
        self.write(values)

    @api.multi
    def action_replay(self):
        """Send these again, now; a given-up one gets its full retries again."""
        self.check_access_rights('write')
        self.write({'state': 'pending', 'attempts': 0, 'date_next_attempt': False,
                    'last_error': False})
        self._schedule()
        return True

    @api.multi
    def _schedule(self, eta=None):
        """Queue the sending (a job); ``eta``: not before then."""
        raise NotImplementedError()
