from email.utils import formataddr

from odoo import api, models
from odoo.models import BaseModel
from odoo.modules import module


class AgencyChatter(models.AbstractModel):
    """Mixed in before ``mail.thread`` by the module's models: records that module data
    files create or change while Odoo loads modules get no "created" note and no tracking.
    Odoo loads a module's data before its translations, so those notes would stay in
    English for good; and a record's history starts with the first change a user makes."""
    _name = 'agency.chatter'
    _description = 'Chatter of Agency Records'

    @api.multi
    @api.returns('self', lambda value: value.id)
    def message_post(self, body='', subject=None, message_type='notification', subtype=None,
                     parent_id=False, attachments=None, content_subtype='html', **kwargs):
        """What the system writes (the superuser of a portal page, of the intake API, of
        a scheduled action, of tracking in sudo) is signed by the service
        (蒙速办·帮您办), never by the administrator; what a person writes stays his."""
        if kwargs.get('author_id') is None:
            author = self._agency_acting_author() or self._agency_system_author()
            if author:
                kwargs['author_id'] = author.id
                kwargs.setdefault('email_from', formataddr(
                    (author.name, author.email or self.env.user.email or 'noreply@localhost')))
        return super(AgencyChatter, self).message_post(
            body=body, subject=subject, message_type=message_type, subtype=subtype,
            parent_id=parent_id, attachments=attachments, content_subtype=content_subtype,
            **kwargs)

    @api.multi
    def _sudo_for_user(self):
        """These records in superuser mode for what the system does because of what the
        acting user did (a case following the items a liaison agent records): what is
        posted meanwhile, tracking included, stays signed by that user. Odoo 11's sudo()
        replaces the user; the author goes along in the context as a record, a value that
        no client can send (a context from a browser or JSON-RPC holds JSON values only).
        What the system itself does (superuser, public user) stays signed by the service."""
        if self._agency_acting_author() or self._agency_system_author():
            return self.sudo()
        return self.sudo().with_context(agency_author=self.env.user.partner_id)

    @api.model
    def _agency_acting_author(self):
        """The partner set by ``_sudo_for_user``, or None."""
        author = self.env.context.get('agency_author')
        if isinstance(author, BaseModel) and author._name == 'res.partner' and len(author) == 1:
            return author
        return None

    @api.model
    def _agency_system_author(self):
        """The partner that signs the system's messages, when the acting user is the
        superuser or the public user; None otherwise."""
        user = self.env.user
        if user._is_superuser() or user._is_public():
            return self.env.ref('investment_agency.partner_service', raise_if_not_found=False)
        return None

    def _quiet_while_loading(self):
        # Tests that Odoo runs while it loads (at_install) keep their chatter.
        loading = self.pool._init and not module.current_test
        return self.with_context(tracking_disable=True) if loading else self

    @api.model
    def create(self, vals):
        record = super(AgencyChatter, self._quiet_while_loading()).create(vals)
        return record.with_env(self.env)

    @api.multi
    def write(self, vals):
        return super(AgencyChatter, self._quiet_while_loading()).write(vals)
