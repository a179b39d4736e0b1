"""11.0.1.3.0: one wording for the values of selections. The Chinese of a channel, a
funding source, a land nature and a termination reason is now the wording of the plan
and of its forms (the form of Annex 8 prints the termination reason from it), in
i18n/zh_CN.po. An update loads a module's translations without replacing those the
database has: the module's zh_CN terms are loaded again here, replacing them.
"""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    if env['res.lang'].search([('code', '=', 'zh_CN'), ('active', '=', True)]):
        env['ir.translation'].with_context(overwrite=True).load_module_terms(
            ['investment_agency'], ['zh_CN'])
