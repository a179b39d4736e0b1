from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PUBLICATION_STATES = [
    ('draft', 'Draft'),
    ('published', 'Published'),
    ('withdrawn', 'Withdrawn'),
]


class AgencyItemPublication(models.Model):
    """An item on a region's published list (《事项清单》).

    Changes go through events with an effective date (publish, adjust,
    withdraw): the list is adjusted dynamically and its history is kept.
    Only items whose publication is ``published`` can be requested in a case.
    """
    _name = 'agency.item.publication'
    _description = 'Published Item'
    _inherit = ['agency.chatter', 'mail.thread']
    _order = 'region_id, item_number, id'
    _rec_name = 'item_id'

    region_id = fields.Many2one('agency.region', string='Region', required=True, index=True,
                                ondelete='restrict')
    item_id = fields.Many2one('agency.item', string='Item', required=True, index=True,
                              ondelete='restrict')
    item_number = fields.Integer(related='item_id.number', store=True, readonly=True)
    item_type = fields.Selection(related='item_id.item_type', store=True, readonly=True)
    phase_id = fields.Many2one(related='item_id.phase_id', store=True, readonly=True)
    statutory_days = fields.Integer(related='item_id.statutory_days', readonly=True)
    department_id = fields.Many2one(
        'agency.department', string='Handling Department', index=True, ondelete='restrict',
        track_visibility='onchange',
        help="The department that handles the item for the region: one of the region's own "
             "or, when the item is decided at a higher level (分级办理), one of a region above "
             "it. Found from the item's department type: the region's, else the nearest "
             "region's above that has one.")
    committed_days = fields.Integer(
        string='Committed Limit (working days)', track_visibility='onchange',
        help="The region's own committed limit; not more than the statutory limit.")
    state = fields.Selection(PUBLICATION_STATES, required=True, default='draft', index=True,
                             readonly=True, track_visibility='onchange')
    date_published = fields.Date(string='First Published', readonly=True)
    date_effective = fields.Date(string='Effective Since', readonly=True,
                                 help='Effective date of the last change applied.')
    date_withdrawn = fields.Date(string='Withdrawn On', readonly=True)
    # The history is the staff's (the published list is public, its history is not).
    event_ids = fields.One2many('agency.publication.event', 'publication_id', string='History',
                                readonly=True, groups='investment_agency.group_liaison')
    pending_event_count = fields.Integer(compute='_compute_pending_event_count',
                                         groups='investment_agency.group_liaison')
    note = fields.Text()

    _sql_constraints = [
        ('region_item_uniq', 'unique(region_id, item_id)',
         'The item is already on the list of this region.'),
    ]

    @api.depends('event_ids.state')
    def _compute_pending_event_count(self):
        groups = self.env['agency.publication.event'].read_group(
            [('publication_id', 'in', self.ids), ('state', '=', 'pending')],
            ['publication_id'], ['publication_id'])
        counts = {group['publication_id'][0]: group['publication_id_count'] for group in groups}
        for publication in self:
            publication.pending_event_count = counts.get(publication.id, 0)

    @api.constrains('committed_days', 'item_id')
    def _check_committed_days(self):
        for publication in self:
            if publication.committed_days < 0:
                raise ValidationError(_('The committed limit cannot be negative.'))
            if publication.committed_days > publication.item_id.statutory_days:
                raise ValidationError(
                    _('The committed limit of "%s" (%d working days) exceeds its statutory '
                      'limit (%d working days).') % (
                        publication.item_id.name, publication.committed_days,
                        publication.item_id.statutory_days))

    @api.constrains('department_id', 'region_id', 'item_id')
    def _check_department(self):
        for publication in self.filtered('department_id'):
            if not publication.region_id._is_within(publication.department_id.region_id):
                raise ValidationError(
                    _('Department %s belongs neither to region %s nor to a region above it: '
                      'an item is handled where the region is or at a higher level.')
                    % (publication.department_id.name, publication.region_id.name))

    @api.onchange('item_id', 'region_id')
    def _onchange_item_id(self):
        if self.item_id:
            self.committed_days = self.item_id.committed_days
        if self.item_id and self.region_id:
            self.department_id = self._find_department(self.region_id, self.item_id)

    @api.model
    def _find_department(self, region, item):
        """The department of the item's type in ``region``; if the region has none (the
        item is decided at a higher level), the one of the nearest region above."""
        departments = self.env['agency.department'].search([
            ('region_id', 'in', region._ancestors().ids),
            ('type_id', '=', item.department_type_id.id),
        ])
        for ancestor in region._ancestors():
            found = departments.filtered(lambda department: department.region_id == ancestor)
            if found:
                return found[:1]
        return departments.browse()

    @api.model
    def create(self, vals):
        if vals.get('item_id') and vals.get('region_id'):
            item = self.env['agency.item'].browse(vals['item_id'])
            region = self.env['agency.region'].browse(vals['region_id'])
            vals.setdefault('committed_days', item.committed_days)
            if not vals.get('department_id'):
                vals['department_id'] = self._find_department(region, item).id
        return super(AgencyItemPublication, self).create(vals)

    @api.multi
    def name_get(self):
        return [(pub.id, '%s · %s' % (pub.region_id.name, pub.item_id.display_name))
                for pub in self]

    @api.multi
    def action_change(self):
        """Open the wizard that publishes, adjusts or withdraws these items."""
        action = self.env.ref('investment_agency.action_agency_publication_change').read()[0]
        action['context'] = {'active_model': self._name, 'active_ids': self.ids,
                             'default_action': self.env.context.get('publication_action',
                                                                    'publish')}
        return action

    @api.model
    def _cron_apply_due_events(self):
        """Apply the changes whose effective date has come."""
        today = self.env['resource.calendar'].agency_today()
        events = self.env['agency.publication.event'].search([
            ('state', '=', 'pending'), ('date_effective', '<=', today)],
            order='date_effective, id')
        events._apply()
        return len(events)
