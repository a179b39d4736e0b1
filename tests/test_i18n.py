"""Issue 13, item 5: no English and no wrong Chinese on the module's screens.

The module's own terms: every msgid of i18n/zh_CN.po (and of the extra file with the
OCA addons' and Odoo's terms) has a Chinese msgstr, checked by scripts/i18n_check.py
(a missing msgstr, or an English one copied from the msgid, fails). Odoo's own
mistranslations that the users read are replaced in the database (找零, 刪除, 由于, 迟到,
"Odoo" in the dialogs' titles)."""
import importlib.util
import os

from odoo.modules.module import get_module_path
from odoo.tests.common import SavepointCase
from odoo.tools.translate import PoFile

MODULE_DIR = get_module_path('investment_agency')


def _i18n_check():
    spec = importlib.util.spec_from_file_location(
        'i18n_check', os.path.join(MODULE_DIR, 'scripts', 'i18n_check.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _msgids(path):
    with open(path, 'rb') as handle:
        return {entry[3] for entry in PoFile(handle) if entry[3]}


class TestTranslations(SavepointCase):

    def test_every_term_of_the_module_is_in_chinese(self):
        check = _i18n_check()
        for name in ('i18n/zh_CN.po', 'i18n_extra/zh_CN.po'):
            missing = check.untranslated(os.path.join(MODULE_DIR, name))
            self.assertEqual(missing, [], '%s: untranslated terms %s' % (name, missing[:20]))

    def test_the_check_catches_english_and_missing_msgstr(self):
        check = _i18n_check()
        self.assertTrue(check.needs_translation('Department Type', ''))
        self.assertTrue(check.needs_translation('Department Type', 'Department Type'))
        self.assertFalse(check.needs_translation('Department Type', '部门类型'))
        self.assertFalse(check.needs_translation('赛罕区', '赛罕区'))
        # A mail template written in Chinese: its expressions are code, not English.
        self.assertFalse(check.needs_translation('${object.name}已受理', '${object.name}已受理'))
        self.assertTrue(check.needs_translation('${object.name} accepted',
                                                '${object.name} accepted'))
        # ... and so are their control lines.
        body = '<p>结果</p>\n% if ctx.get("agency_note"):\n<p>措施</p>\n% endif\n'
        self.assertFalse(check.needs_translation(body, body))
        self.assertTrue(check.needs_translation('% if x:\nAccepted\n% endif',
                                                '% if x:\nAccepted\n% endif'))

    def test_the_po_file_has_every_term_of_the_template(self):
        pot = _msgids(os.path.join(MODULE_DIR, 'i18n', 'investment_agency.pot'))
        po = _msgids(os.path.join(MODULE_DIR, 'i18n', 'zh_CN.po'))
        self.assertEqual(sorted(pot - po)[:20], [])

    def test_odoos_mistranslations_are_replaced(self):
        self.env.cr.execute("""
            SELECT module, src, value FROM ir_translation
             WHERE lang = 'zh_CN' AND module IN ('web', 'mail', 'portal')
               AND (value LIKE %s OR value IN ('找零', '由于', '0 迟到', 'Odoo警告', 'Odoo错误'))
        """, ('%刪除%',))
        self.assertEqual(self.env.cr.fetchall(), [])
        self.env.cr.execute("""
            SELECT DISTINCT value FROM ir_translation
             WHERE lang = 'zh_CN' AND module = 'web' AND src = 'Delete' AND type = 'code'
        """)
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], ['删除'])

    def test_field_labels_are_chinese(self):
        """"Department Type" is shown in Chinese wherever a field carries it (the label of
        agency.department's type_id has an ir.model.fields external id that clashes with
        that of agency.department.type's id)."""
        for model, name in (('agency.department', 'type_id'),
                            ('agency.line.analysis', 'department_type_id'),
                            ('agency.item.statistics', 'department_type_id')):
            description = self.env[model].with_context(lang='zh_CN').fields_get([name])[name]
            self.assertEqual(description['string'], '部门类型', model)

    def test_the_ledger_dialog_is_in_chinese(self):
        arch = self.env['agency.ledger.export'].with_context(lang='zh_CN').fields_view_get(
            view_type='form')['arch']
        self.assertIn('专项工作台账每个案件一行', arch)
        self.assertNotIn('The work ledger', arch)

    def test_no_odoo_advertising_in_the_menus(self):
        for xmlid in ('web.menu_secondary', 'web.login_layout'):
            arch = self.env.ref(xmlid).read_combined(['arch'])['arch']
            self.assertNotIn('odoo.com', arch, xmlid)
