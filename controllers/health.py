"""Health endpoint for the reverse proxy and monitoring.

    GET /api/bangninban/v1/health

200 with ``"status": "ok"`` (or ``"degraded"`` when scheduled actions are overdue:
the node serves requests, but no cron worker runs them) and 503 when the database
does not answer. Figures and times only, no personal data; no login, no session
file. deploy/nginx lets only local and internal addresses reach it.
"""
import json
import logging

import psycopg2

from odoo import http
from odoo.http import Response, request

_logger = logging.getLogger(__name__)


class AgencyHealth(http.Controller):

    @http.route('/api/bangninban/v1/health', type='http', auth='none', methods=['GET'],
                csrf=False)
    def health(self, **kw):
        # A monitoring probe every few seconds must not leave a session file each time.
        request.session.modified = False
        try:
            report = request.env['agency.health'].sudo()._report()
            status = 200
        except psycopg2.Error as exc:
            _logger.warning('Health check: the database does not answer (%s)',
                            type(exc).__name__)
            report = {'status': 'down', 'database': 'unreachable'}
            status = 503
        return Response(json.dumps(report, indent=2), status=status, headers=[
            ('Content-Type', 'application/json; charset=utf-8'),
            ('Cache-Control', 'no-store'),
        ])
