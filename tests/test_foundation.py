import re
import subprocess
import tempfile

from odoo.tests import common
from odoo.tests.common import HttpCase, SavepointCase


def pdf_text(pdf):
    """The text of a PDF, extracted by poppler's pdftotext (CJK-aware)."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.check_output(['pdftotext', '-layout', handle.name, '-']).decode('utf-8')


class TestFoundation(HttpCase):
    """The product is served: the backend loads with compiled assets, in Chinese."""

    def _url(self, path):
        return 'http://%s:%s%s' % (common.HOST, common.PORT, path)

    def test_backend_loads_with_compiled_assets(self):
        self.authenticate('admin', 'admin')
        # The first request builds the asset bundles: give it time.
        response = self.opener.get(self._url('/web'), timeout=120)
        self.assertEqual(response.status_code, 200)
        css = re.findall(r'href="(/web/content/[^"]*web\.assets_backend[^"]*\.css)"', response.text)
        js = re.findall(r'src="(/web/content/[^"]*web\.assets_backend[^"]*\.js)"', response.text)
        self.assertTrue(css and js, 'the backend page links its asset bundles')
        styles = ''
        for url in css:
            bundle = self.opener.get(self._url(url), timeout=120)
            self.assertEqual(bundle.status_code, 200)
            styles += bundle.text
        # LESS compiled: the web client's own rules are there, no lessc error output.
        self.assertIn('.o_main_navbar', styles)
        self.assertIn('.o_kanban_view', styles)
        self.assertNotIn('Could not execute command', styles)
        bundle = self.opener.get(self._url(js[0]), timeout=120)
        self.assertEqual(bundle.status_code, 200)
        self.assertIn("odoo.define('web.WebClient'", bundle.text)

    def test_login_page_in_chinese(self):
        # A browser asking for English gets Chinese: the database has no other language.
        response = self.opener.get(self._url('/web/login'), timeout=60,
                                   headers={'Accept-Language': 'en-US,en;q=0.9'})
        self.assertEqual(response.status_code, 200)
        self.assertIn('oe_login_form', response.text)
        self.assertIn('登录', response.text)


class TestPdf(SavepointCase):

    def test_pdf_report_with_chinese_glyphs(self):
        items = self.env['agency.item'].search([])
        report = self.env.ref('investment_agency.report_catalog')
        pdf, fmt = report.with_context(force_report_rendering=True).render_qweb_pdf(items.ids)
        self.assertEqual(fmt, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'))
        text = pdf_text(pdf)
        self.assertIn('代办帮办服务事项参考目录', text)
        fonts = subprocess.run(['pdffonts', '-'], input=pdf, stdout=subprocess.PIPE).stdout.decode()
        self.assertRegex(fonts, r'(?i)(uming|wenquanyi)', 'a CJK font is embedded')
