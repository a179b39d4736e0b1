"""Check the requests and responses of the API tests against the OpenAPI document, with
openapi-schema-validator (the OpenAPI 3.0 dialect of jsonschema, from PyPI)."""
import json
import re

from jsonschema import RefResolver
from openapi_schema_validator import OAS30Validator

from odoo.addons.investment_agency.controllers.openapi import openapi_document

BASE_PATH = '/api/bangninban/v1'
# The headers of the API's own (the others are HTTP's).
API_HEADERS = ('Location', 'Idempotent-Replayed', 'WWW-Authenticate', 'ETag')
# Error codes of the checks that the document's schema makes as well.
SCHEMA_CODES = ('invalid_json', 'unknown_field', 'invalid_type', 'invalid_choice', 'too_long')


class OpenApiCheck(object):

    def __init__(self, spec=None):
        self.spec = spec or openapi_document('http://127.0.0.1')
        self.resolver = RefResolver.from_schema(self.spec)

    def resolve(self, node):
        while isinstance(node, dict) and '$ref' in node:
            node = self.resolver.resolve(node['$ref'])[1]
        return node

    def schema_errors(self, instance, schema):
        validator = OAS30Validator(schema, resolver=self.resolver)
        return ['%s: %s' % ('/'.join(str(p) for p in error.path), error.message)
                for error in validator.iter_errors(instance)]

    def operation(self, method, path):
        """(template, operation) of a request path (without the query)."""
        path = path.split('?')[0]
        assert path.startswith(BASE_PATH), path
        path = path[len(BASE_PATH):]
        for template, item in self.spec['paths'].items():
            pattern = '^%s$' % re.sub(r'\{[^}]+\}', '[^/]+', template)
            if re.match(pattern, path) and method.lower() in item:
                return template, item[method.lower()]
        raise AssertionError('%s %s is not in the OpenAPI document' % (method, path))

    def request_errors(self, method, path, headers, body):
        """What the document says is wrong with a request (an empty list if nothing)."""
        _template, operation = self.operation(method, path)
        headers = {name.lower(): value for name, value in (headers or {}).items()}
        errors = []
        if operation.get('security', self.spec['security']) and not (
                headers.get('authorization', '').lower().startswith('bearer ') or
                headers.get('x-api-key')):
            errors.append('no API key')
        for parameter in operation.get('parameters', []):
            parameter = self.resolve(parameter)
            if parameter['in'] != 'header':
                continue
            value = headers.get(parameter['name'].lower())
            if value is None:
                if parameter.get('required'):
                    errors.append('missing header %s' % parameter['name'])
                continue
            errors += self.schema_errors(value, parameter['schema'])
        request_body = operation.get('requestBody')
        if request_body:
            content_type = headers.get('content-type', '').split(';')[0].strip()
            content = request_body['content']
            media = content.get(content_type) or content.get('*/*')
            if media is None:
                errors.append('content type %s' % content_type)
            else:
                try:
                    payload = json.loads(body.decode('utf-8') if isinstance(body, bytes)
                                         else body)
                except ValueError:
                    errors.append('not JSON')
                else:
                    errors += self.schema_errors(payload, self.resolve(media['schema']))
        return errors

    def response_errors(self, method, path, response):
        """What the document says is wrong with a response."""
        _template, operation = self.operation(method, path)
        documented = operation['responses'].get(str(response.status_code))
        if documented is None:
            return ['status %s is not documented' % response.status_code]
        documented = self.resolve(documented)
        errors = []
        headers = documented.get('headers', {})
        for name, header in headers.items():
            header = self.resolve(header)
            if header.get('required') and name not in response.headers:
                errors.append('missing header %s' % name)
            if name in response.headers:
                errors += self.schema_errors(response.headers[name], header['schema'])
        for name in API_HEADERS:
            if name in response.headers and name not in headers:
                errors.append('undocumented header %s' % name)
        content = documented.get('content')
        if not content:  # e.g. 304 Not Modified
            if response.content:
                errors.append('a body where the document says none')
            return errors
        media = content.get(response.headers.get('Content-Type', '').split(';')[0])
        if media is None:
            errors.append('content type %s' % response.headers.get('Content-Type'))
        else:
            errors += self.schema_errors(response.json(), self.resolve(media['schema']))
        return errors
