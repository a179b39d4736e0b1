from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _dispatch(cls):
        cls._agency_fix_visitor_lang()
        return super(IrHttp, cls)._dispatch()

    @classmethod
    def _agency_fix_visitor_lang(cls):
        """A visitor whose browser asks for a language the database does not have
        (en_US on a Chinese-only database) gets the database's language: the login
        page and the public pages are then in Chinese."""
        if not request.db or request.session.uid:
            return
        lang = request.session.context.get('lang')
        installed = [code for code, _name in request.env['res.lang'].sudo().get_installed()]
        if installed and lang not in installed:
            lang = 'zh_CN' if 'zh_CN' in installed else installed[0]
            request.session.context['lang'] = lang
            request.context = dict(request.context, lang=lang)
