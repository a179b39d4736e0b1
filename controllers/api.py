"""Intake API for the 蒙速办 app and the 12345 hotline (docs/api.md).

    POST /api/bangninban/v1/applications          file an application
    GET  /api/bangninban/v1/applications/<number> status of a case filed by the channel
    GET  /api/bangninban/v1/openapi.json          the OpenAPI 3 document (controllers/openapi.py)

Plain JSON over HTTP with meaningful status codes (201, 200, 400, 401, 404, 409),
not Odoo's JSON-RPC envelope (which always answers 200 and wraps the data in
``{"jsonrpc": ..., "result": ...}``). Odoo 11 hands every request whose
Content-Type is application/json to its JSON-RPC handler, whatever the route
says; the module's ``post_load`` hook (hooks.py) wraps ``Root.get_request`` so that
requests under the API's prefix, and only those, reach these ``type='http'`` routes
as they are.
"""
import json
import logging

from odoo import _, http
from odoo.http import Response, request

from ..models.agency_intake_request import SELECTION_FIELDS
from .openapi import openapi_document

_logger = logging.getLogger(__name__)

API_PREFIX = '/api/bangninban/'


class AgencyIntakeApi(http.Controller):

    # ------------------------------------------------------------------ helpers

    def _json(self, body, status=200, headers=None):
        data = json.dumps(body, ensure_ascii=False, indent=2)
        return Response(data, status=status, headers=[
            ('Content-Type', 'application/json; charset=utf-8'),
            ('Cache-Control', 'no-store'),
        ] + (headers or []))

    def _errors(self, status, errors, headers=None):
        return self._json({'errors': errors}, status=status, headers=headers)

    def _env(self):
        """Superuser environment speaking the database's language (Chinese)."""
        installed = [code for code, _name in request.env['res.lang'].sudo().get_installed()]
        lang = 'zh_CN' if 'zh_CN' in installed else (installed or ['en_US'])[0]
        return request.env(user=1, context=dict(request.env.context, lang=lang))

    def _authenticate(self, env):
        """The API key of the request (Authorization: Bearer <key>, or X-Api-Key)."""
        headers = request.httprequest.headers
        raw = headers.get('X-Api-Key') or ''
        authorization = headers.get('Authorization') or ''
        if authorization.lower().startswith('bearer '):
            raw = authorization[7:]
        return env['agency.api.key']._authenticate(raw)

    def _unauthorized(self, env):
        message = _('The API key is missing, wrong or revoked.')
        return self._errors(401, [env['agency.intake.request']._error(
            'Authorization', 'invalid_key', message)],
            headers=[('WWW-Authenticate', 'Bearer realm="bangninban"')])

    def _base_url(self, env):
        return env['ir.config_parameter']._agency_base_url()

    # ------------------------------------------------------------------ routes

    @http.route('/api/bangninban/v1/applications', type='http', auth='public',
                methods=['POST'], csrf=False)
    def create_application(self, **kw):
        env = self._env()
        key = self._authenticate(env)
        if not key:
            return self._unauthorized(env)
        Intake = env['agency.intake.request']
        try:
            payload = json.loads(request.httprequest.get_data().decode('utf-8'))
        except (ValueError, RecursionError):
            return self._errors(400, [Intake._error(
                None, 'invalid_json', _('The body is not valid JSON (UTF-8).'))])
        idempotency_key = request.httprequest.headers.get('Idempotency-Key')
        status, case, errors = Intake._submit(key.channel, idempotency_key, payload,
                                              api_key=key)
        if status == 'invalid':
            return self._errors(400, errors)
        if status == 'conflict':
            # Never show a case of another channel: the key only names it for its own.
            return self._errors(409, errors if not case or case.channel == key.channel else [
                dict(error, message=_('This idempotency key was used for another '
                                      'application.')) for error in errors])
        body = Intake._status_payload(case, self._base_url(env))
        headers = [('Location', body['status_url'])]
        if status == 'replayed':
            headers.append(('Idempotent-Replayed', 'true'))
        else:
            _logger.info('Application %s filed through API key %s', case.name, key.id)
        return self._json(body, status=201, headers=headers)

    @http.route('/api/bangninban/v1/applications/<string:number>', type='http',
                auth='public', methods=['GET'], csrf=False)
    def application_status(self, number, **kw):
        env = self._env()
        key = self._authenticate(env)
        if not key:
            return self._unauthorized(env)
        case = env['agency.case'].search([('name', '=', number),
                                          ('channel', '=', key.channel)], limit=1)
        if not case:
            return self._errors(404, [env['agency.intake.request']._error(
                'case_number', 'not_found',
                _('No application %s was filed through this channel.') % number)])
        return self._json(env['agency.intake.request']._status_payload(
            case, self._base_url(env)))

    @http.route('/api/bangninban/v1/openapi.json', type='http', auth='public',
                methods=['GET'], csrf=False)
    def openapi(self, **kw):
        """The OpenAPI 3 document of this API (no key needed)."""
        env = self._env()
        labels = {field: env['agency.project']._agency_labels(field)
                  for field in SELECTION_FIELDS}
        return self._json(openapi_document(self._base_url(env), labels),
                          headers=[('Access-Control-Allow-Origin', '*')])
