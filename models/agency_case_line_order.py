"""按序申报 (二(五)): an item is declared once the items it must follow have their result.

The catalog says which items an item follows (``agency.item.predecessor_ids``) and which of
those dependencies are only advised (``advisory_predecessor_ids``). Declaring an item while
a binding predecessor of the same case has no result is refused with its name; while only
advised ones have none, the agent may declare it out of order on purpose
(``action_declare_out_of_order``), which records who decided it and when, in the line and in
the case's chatter. The decision is data on the line, never a key of the context.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

# A predecessor no longer holds its successors back once it has its result, or once it
# has left the plan.
SETTLED_STATES = ('done', 'withdrawn')


class AgencyCaseLineOrder(models.AbstractModel):
    _name = 'agency.case.line.order'
    _description = 'Case Item: Order of Declaration'

    waiting_for = fields.Char(
        compute='_compute_pending_predecessors', compute_sudo=True,
        help='Items of the case that this item must follow and that have no result yet.')
    order_advisory_only = fields.Boolean(
        string='Waits for Advised Items Only', compute='_compute_pending_predecessors',
        compute_sudo=True,
        help='The items it waits for are only advised predecessors: it may be declared out '
             'of order on purpose.')
    order_override_uid = fields.Many2one(
        'res.users', string='Declared Out of Order By', readonly=True, copy=False,
        ondelete='restrict')
    order_override_date = fields.Date(string='Declared Out of Order On', readonly=True,
                                      copy=False)

    @api.depends('item_id', 'state', 'case_id.line_ids.state')
    def _compute_pending_predecessors(self):
        pending = self._pending_predecessors_by_line()
        for line in self:
            items = pending.get(line, self.env['agency.item'])
            line.waiting_for = '、'.join(items.mapped('name'))
            line.order_advisory_only = bool(items) and not line._binding(items)

    @api.multi
    def _pending_predecessors_by_line(self):
        """{line: the items of its case that it must follow and that have no result yet,
        in the order of the plan} for the lines of ``self`` still to declare.

        Read past the user's rules (a liaison agent declares his item without reading the
        others' items), in one statement for the saved lines, however many (a form or a
        list computes it for every line shown). A line not saved yet (added in a form)
        is read from the form's values: its case's items as the form holds them."""
        todo = self.filtered(lambda line: line.state == 'todo')
        Item = self.env['agency.item'].sudo()
        pending = {}
        for line_id, item_id in self._pending_predecessor_rows(todo.filtered('id').ids):
            line = self.browse(line_id)
            pending[line] = pending.get(line, Item) | Item.browse(item_id)
        unsaved = todo.filtered(lambda line: not line.id)
        if unsaved:
            follows = {row['id']: set(row['predecessor_ids']) for row in Item.browse(
                unsaved.mapped('item_id').ids).read(['predecessor_ids'])}
            for line in unsaved:
                predecessors = line.case_id.line_ids.filtered(
                    lambda other: other.item_id.id in follows.get(line.item_id.id, ()) and
                    other.state not in SETTLED_STATES)
                if predecessors:
                    pending[line] = Item.browse(predecessors.mapped('item_id').ids)
        return pending

    @api.model
    def _pending_predecessor_rows(self, line_ids):
        """(line id, item id) of the saved lines ``line_ids`` and the items they wait for,
        in the order of the plan: the predecessors (active items of the catalog) that are
        in the line's case without a result."""
        if not line_ids:
            return []
        self.env.cr.execute("""
            SELECT line.id, other.item_id
              FROM agency_case_line line
              JOIN agency_item_predecessor_rel follows ON follows.item_id = line.item_id
              JOIN agency_item predecessor
                ON predecessor.id = follows.predecessor_id AND predecessor.active
              JOIN agency_case_line other
                ON other.case_id = line.case_id AND other.item_id = follows.predecessor_id
             WHERE line.id IN %s AND line.state = 'todo' AND other.state NOT IN %s
             ORDER BY line.id, other.sequence, other.id
        """, (tuple(line_ids), SETTLED_STATES))
        return self.env.cr.fetchall()

    @api.multi
    def _pending_predecessors(self):
        """The items of its case that this line must follow, without result yet."""
        self.ensure_one()
        return self._pending_predecessors_by_line().get(self, self.env['agency.item'].sudo())

    @api.multi
    def _binding(self, pending):
        """Those of the items ``pending`` that the catalog does not mark as only advised."""
        self.ensure_one()
        return pending - self.item_id.sudo().advisory_predecessor_ids

    @api.multi
    def _check_declaration_order(self):
        """Called when the line is declared: refuse it before its predecessors' results,
        unless they are only advised and someone decided to declare it out of order."""
        self.ensure_one()
        pending = self._pending_predecessors()
        if not pending:
            return
        names = '、'.join(pending.mapped('name'))
        if self._binding(pending):
            raise UserError(
                _('"%s" is declared in order: it waits for the result of %s. Declare it once '
                  'that result is in.') % (self.item_id.name, names))
        if not self.order_override_uid:
            raise UserError(
                _('"%s" should follow %s, which has no result yet. To declare it now, use '
                  '"Declare Out of Order": who decides it is recorded.')
                % (self.item_id.name, names))

    @api.multi
    def action_declare_out_of_order(self):
        """Declare an item before its advised predecessors have their result, on purpose:
        recorded on the line and in the case's chatter in the name of who decides it."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        for line in self:
            pending = line._pending_predecessors()
            if line.state != 'todo' or not pending:
                raise UserError(_('"%s" waits for no other item: declare it as usual.')
                                % line.item_id.name)
            if line._binding(pending):
                line._check_declaration_order()  # names the binding predecessors
            line._write_system({'order_override_uid': self.env.uid,
                                'order_override_date': line._calendar().agency_today()})
            body = _('%s declared "%s" before the result of %s (an advised order, not a '
                     'binding one).') % (self.env.user.name, line.item_id.name,
                                         '、'.join(pending.mapped('name')))
            line.case_id.sudo().message_post(body=html_escape(body), subtype='mail.mt_note',
                                             author_id=self.env.user.partner_id.id)
        return self.write({'state': 'declared'})
