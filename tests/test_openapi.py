import re

from openapi_spec_validator import validate_spec

from odoo.modules.module import get_module_path

from odoo.addons.investment_agency.models.agency_intake_request import APPLICATION_FIELDS

from .common import AgencyHttpCase

OPENAPI_URL = '/api/bangninban/v1/openapi.json'


class TestOpenApi(AgencyHttpCase):
    """The OpenAPI 3 document of the intake API: served without a key, valid by
    openapi-spec-validator, and saying all that the README's tables say."""

    def setUp(self):
        super(TestOpenApi, self).setUp()
        response = self.get(OPENAPI_URL)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers['Content-Type'], 'application/json; charset=utf-8')
        self.document = response.json()

    def test_document_is_valid_openapi_3(self):
        # Raises OpenAPIValidationError on the first error.
        validate_spec(self.document)
        self.assertTrue(self.document['openapi'].startswith('3.0'))
        self.assertEqual(self.document['servers'][0]['url'],
                         self.url('/api/bangninban/v1'))
        self.assertEqual(set(self.document['paths']),
                         {'/applications', '/applications/{case_number}', '/catalog',
                          '/catalog/{region_code}'})

    def test_document_says_what_the_readme_says(self):
        readme = open('%s/README.md' % get_module_path('investment_agency'),
                      encoding='utf-8').read()
        section = readme[readme.index('Body fields'):readme.index('Example (')]
        fields = set()
        for row in re.findall(r'^\| (`[^|]+`) \|', section, re.M):
            fields.update(re.findall(r'`([a-z_]+)`', row))
        application = self.document['components']['schemas']['Application']
        self.assertEqual(fields, set(application['properties']))
        self.assertEqual(fields, APPLICATION_FIELDS)
        required = set(re.findall(r'^\| `([a-z_]+)`(?:, `[a-z_]+`)* \| yes \|', section, re.M))
        required |= {'project_address'}  # on the row of project_name
        self.assertEqual(required, set(application['required']))
        errors = readme[readme.index('### Errors'):readme.index('Messages are in')]
        codes = set(re.findall(r'^\| \d{3} \| `([a-z_]+)`', errors, re.M))
        codes |= set(re.findall(r'`([a-z_]+)`, `([a-z_]+)`, `([a-z_]+)`', errors)[0])
        error_codes = set(self.document['components']['schemas']['Error']['properties']
                          ['code']['enum'])
        self.assertLessEqual(codes, error_codes)
        statuses = set(re.findall(r'^\| (\d{3}) \|', errors, re.M))
        documented = set()
        for item in self.document['paths'].values():
            for operation in item.values():
                documented |= set(operation['responses'])
        self.assertLessEqual(statuses, documented)
        # The headers of the README.
        text = str(self.document)
        for header in ('Authorization', 'X-Api-Key', 'Idempotency-Key', 'Idempotent-Replayed',
                       'Location', 'WWW-Authenticate'):
            self.assertIn(header, text)
        # Descriptions in Chinese.
        for name, schema in application['properties'].items():
            self.assertRegex(schema['description'], r'[\u4e00-\u9fff]', name)
