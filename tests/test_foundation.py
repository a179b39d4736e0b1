from odoo.tests.common import HttpCase


class TestFoundation(HttpCase):

    def test_backend_loads(self):
        self.authenticate('admin', 'admin')
        response = self.url_open('/web')
        self.assertEqual(response.status_code, 200)
        self.assertIn('odoo.define', response.text)
