from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import plaintext2html

ITEM_TYPES = [
    ('license', 'Administrative License'),
    ('other', 'Other Administrative Power'),
]


class AgencyItem(models.Model):
    """An approval item of the catalog (事项, Annex 1)."""
    _name = 'agency.item'
    _description = 'Approval Item'
    _inherit = ['agency.chatter', 'mail.thread']
    _order = 'number, id'

    number = fields.Integer(string='No.', required=True, index=True, track_visibility='onchange',
                            help='Number in the reference catalog (Annex 1).')
    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    department_type_id = fields.Many2one(
        'agency.department.type', string='Handling Department', required=True, index=True,
        ondelete='restrict', track_visibility='onchange')
    item_type = fields.Selection(ITEM_TYPES, required=True,
                                 default='license', track_visibility='onchange')
    phase_id = fields.Many2one('agency.phase', string='Project Phase', required=True, index=True,
                               ondelete='restrict', track_visibility='onchange')
    statutory_days = fields.Integer(
        string='Statutory Limit (working days)', required=True, track_visibility='onchange',
        help='Time limit set by law or regulation. 0 means handled on the spot (即办).')
    committed_days = fields.Integer(
        string='Committed Limit (working days)', required=True, track_visibility='onchange',
        help='Time limit the departments commit to; not more than the statutory limit.')
    legal_basis = fields.Text(translate=True, track_visibility='onchange')
    description = fields.Text(translate=True)
    material_ids = fields.One2many('agency.item.material', 'item_id', string='Required Materials',
                                   copy=True)
    material_count = fields.Integer(compute='_compute_material_count')
    parallel = fields.Boolean(
        string='Parallel Handling', default=True, track_visibility='onchange',
        help='Can be handled at the same time as the other items of its phase (并联办理).')
    predecessor_ids = fields.Many2many(
        'agency.item', 'agency_item_predecessor_rel', 'item_id', 'predecessor_id',
        string='Must Follow', track_visibility='onchange',
        help='Items whose result this item needs before it can be declared.')
    advisory_predecessor_ids = fields.Many2many(
        'agency.item', 'agency_item_advisory_predecessor_rel', 'item_id', 'predecessor_id',
        string='Only Advised', track_visibility='onchange',
        help='Of the items it must follow, those it is only advised to follow: an agent may '
             'declare it before their result, and who decided it is recorded.')
    publication_ids = fields.One2many('agency.item.publication', 'item_id',
                                      string='Published Lists')
    offered_region_ids = fields.Many2many(
        'agency.region', string='Offered In', compute='_compute_offered_region_ids',
        search='_search_offered_region_ids',
        help='Regions whose published list offers the item now.')
    active = fields.Boolean(default=True, track_visibility='onchange')

    _sql_constraints = [
        ('number_uniq', 'unique(number)', 'Another item already has this number.'),
    ]

    @api.depends('material_ids')
    def _compute_material_count(self):
        for item in self:
            item.material_count = len(item.material_ids)

    def _compute_offered_region_ids(self):
        publications = self.env['agency.item.publication'].search([
            ('item_id', 'in', self.ids), ('state', '=', 'published')])
        for item in self:
            item.offered_region_ids = publications.filtered(
                lambda pub: pub.item_id == item).mapped('region_id')

    def _search_offered_region_ids(self, operator, value):
        publications = self.env['agency.item.publication'].search([
            ('region_id', operator, value), ('state', '=', 'published')])
        return [('id', 'in', publications.mapped('item_id').ids)]

    @api.multi
    def name_get(self):
        return [(item.id, '%s. %s' % (item.number, item.name)) for item in self]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        args = list(args or [])
        if name and name.isdigit():
            items = self.search([('number', '=', int(name))] + args, limit=limit)
            if items:
                return items.name_get()
        return super(AgencyItem, self).name_search(name, args=args, operator=operator, limit=limit)

    @api.constrains('statutory_days', 'committed_days')
    def _check_limits(self):
        for item in self:
            if item.statutory_days < 0 or item.committed_days < 0:
                raise ValidationError(
                    _('Time limits of "%s" cannot be negative.') % item.name)
            if item.committed_days > item.statutory_days:
                raise ValidationError(
                    _('The committed limit of "%s" (%d working days) exceeds its statutory '
                      'limit (%d working days).')
                    % (item.name, item.committed_days, item.statutory_days))
            # A lower statutory limit must not leave a region committing to more.
            over = item.sudo().publication_ids.filtered(
                lambda pub: pub.state != 'withdrawn' and pub.committed_days > item.statutory_days)
            if over:
                raise ValidationError(
                    _('The committed limit of "%s" (%d working days) exceeds its statutory '
                      'limit (%d working days).') % (
                        '%s · %s' % (over[0].region_id.name, item.name), over[0].committed_days,
                        item.statutory_days))

    @api.constrains('predecessor_ids', 'advisory_predecessor_ids')
    def _check_predecessors(self):
        for item in self:
            if item.advisory_predecessor_ids - item.predecessor_ids:
                raise ValidationError(
                    _('"%s": an advised predecessor must be one of the items it follows.')
                    % item.name)
            if item in item.predecessor_ids:
                raise ValidationError(_('"%s" cannot follow itself.') % item.name)
            later = item.predecessor_ids.filtered(
                lambda pred: pred.phase_id.sequence > item.phase_id.sequence)
            if later:
                raise ValidationError(
                    _('"%s" cannot follow "%s": that item belongs to a later project phase.')
                    % (item.name, later[0].name))
        if not self._check_m2m_recursion('predecessor_ids'):
            raise ValidationError(_('Items cannot follow each other in a circle.'))

    @api.multi
    def _mark_changed(self):
        """Date the items as changed now (their ``write_date``) without changing a field:
        a material removed leaves no row of its own, and the catalog feed
        (controllers/catalog_feed.py) dates an entry by its item and materials."""
        if self.ids:
            self.env.cr.execute("""
                UPDATE agency_item SET write_date = (now() at time zone 'UTC'), write_uid = %s
                 WHERE id IN %s""", (self.env.uid, tuple(self.ids)))
            self.invalidate_cache(['write_date', 'write_uid'], self.ids)

    @api.multi
    def _post_material_change(self, body):
        if self.pool._init:  # the catalog's data files, not a change by a user
            return
        for item in self:
            item.message_post(body=plaintext2html(body), subtype='mail.mt_note')
