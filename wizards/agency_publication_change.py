from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.agency_publication_event import EVENT_ACTIONS
from ..models.resource_calendar import service_today

# Changes of a published item that the public is owed a reason for.
REASONED_ACTIONS = ('adjust', 'withdraw')


class AgencyPublicationChange(models.TransientModel):
    """Publish, adjust or withdraw items of a published list, from a date."""
    _name = 'agency.publication.change'
    _description = 'Change Published List'

    publication_ids = fields.Many2many(
        'agency.item.publication', string='Items',
        default=lambda self: self._default_publication_ids())
    action = fields.Selection(EVENT_ACTIONS, required=True, default='publish')
    date_effective = fields.Date(string='Effective Date', required=True,
                                 default=service_today)
    committed_days = fields.Integer(
        string='New Committed Limit',
        help='Leave 0 to keep each item\'s current committed limit when publishing.')
    note = fields.Text(string='Reason')

    @api.model
    def _default_publication_ids(self):
        if self.env.context.get('active_model') == 'agency.item.publication':
            return [(6, 0, self.env.context.get('active_ids', []))]
        return []

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        if not self.publication_ids:
            raise UserError(_('Choose the items to change.'))
        if self.action == 'adjust' and self.committed_days <= 0:
            raise UserError(_('Give the new committed limit of the adjusted items.'))
        events = self.env['agency.publication.event']
        for publication in self.publication_ids:
            if self.action == 'withdraw' and publication.state != 'published':
                raise UserError(_('"%s" is not published: it cannot be withdrawn.')
                                % publication.display_name)
            if self.action == 'adjust' and publication.state != 'published':
                # Refused now, not when the cron applies it (which would fail every night).
                raise UserError(_('"%s" is not published: it cannot be adjusted.')
                                % publication.display_name)
            days = self.committed_days or publication.committed_days or \
                publication.item_id.committed_days
            events |= events.create({
                'publication_id': publication.id,
                'action': self.action,
                'date_effective': self.date_effective,
                'committed_days': days,
                'note': self.note,
            })
        # Validate the new limits now, not when the cron applies them.
        for event in events.filtered(lambda ev: ev.action != 'withdraw'):
            if event.committed_days > event.publication_id.item_id.statutory_days:
                raise UserError(
                    _('The committed limit of "%s" (%d working days) exceeds its statutory '
                      'limit (%d working days).') % (
                        event.publication_id.item_id.name, event.committed_days,
                        event.publication_id.item_id.statutory_days))
        if self.action in REASONED_ACTIONS and not (self.note or '').strip():
            raise UserError(_('Give the reason for adjusting or withdrawing the items: it '
                              'is kept in the history of the published list.'))
        today = service_today(self)
        events.filtered(lambda ev: ev.date_effective <= today)._apply()
        return {'type': 'ir.actions.act_window_close'}
