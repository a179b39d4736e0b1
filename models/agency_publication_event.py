from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

EVENT_ACTIONS = [
    ('publish', 'Publish'),
    ('adjust', 'Adjust'),
    ('withdraw', 'Withdraw'),
]


class AgencyPublicationEvent(models.Model):
    """One change of a published list: what, from when, by whom."""
    _name = 'agency.publication.event'
    _description = 'Published List Change'
    _order = 'date_effective desc, id desc'

    publication_id = fields.Many2one('agency.item.publication', string='Published Item',
                                     required=True, index=True, ondelete='cascade')
    region_id = fields.Many2one(related='publication_id.region_id', store=True, readonly=True)
    item_id = fields.Many2one(related='publication_id.item_id', store=True, readonly=True)
    action = fields.Selection(EVENT_ACTIONS, required=True)
    date_effective = fields.Date(string='Effective Date', required=True, index=True)
    committed_days_before = fields.Integer(string='Limit Before', readonly=True)
    committed_days = fields.Integer(string='Committed Limit')
    note = fields.Text(string='Reason')
    user_id = fields.Many2one('res.users', string='By', required=True, readonly=True,
                              default=lambda self: self.env.user)
    state = fields.Selection([('pending', 'Pending'), ('applied', 'Applied')],
                             required=True, default='pending', index=True, readonly=True)
    date_applied = fields.Datetime(readonly=True)

    @api.model
    def create(self, vals):
        if 'committed_days' not in vals and vals.get('publication_id'):
            publication = self.env['agency.item.publication'].browse(vals['publication_id'])
            vals['committed_days'] = publication.committed_days
        return super(AgencyPublicationEvent, self).create(vals)

    @api.multi
    def _apply(self):
        """Apply the events in order of their effective dates."""
        # While Odoo loads data the context has no language: name the action in the user's.
        labels = self._agency_labels('action', self._agency_lang())
        for event in self.sorted(lambda ev: (ev.date_effective, ev.id)):
            if event.state != 'pending':
                continue
            publication = event.publication_id
            vals = {'date_effective': event.date_effective}
            if event.action in ('publish', 'adjust'):
                if event.action == 'adjust' and publication.state != 'published':
                    raise UserError(_('"%s" is not published: it cannot be adjusted.')
                                    % publication.display_name)
                vals.update(state='published', date_withdrawn=False,
                            committed_days=event.committed_days)
                if not publication.date_published:
                    vals['date_published'] = event.date_effective
            else:
                vals.update(state='withdrawn', date_withdrawn=event.date_effective)
                # A withdrawal keeps the limit: record the one in force, not the one
                # the wizard saw when the event was entered.
                event.committed_days = publication.committed_days
            event.committed_days_before = publication.committed_days
            publication.write(vals)
            event.write({'state': 'applied', 'date_applied': fields.Datetime.now()})
            publication.message_post(
                body=plaintext2html(_('%s effective %s%s') % (
                    labels[event.action], event.date_effective,
                    event.note and (': %s' % event.note) or '')),
                subtype='mail.mt_note')
