from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

MATERIAL_STATUSES = [
    ('required', 'To Submit'),
    ('received', 'Received'),
    ('deficiency', 'Missing, Accepted (容缺)'),
    ('pledge', 'Replaced by a Pledge (告知承诺)'),
    ('not_needed', 'Not Needed'),
]
# The statuses whose material is still owed: a due date, an outcome, reminders.
OWED_STATUSES = ('deficiency', 'pledge')
MATERIAL_OUTCOMES = [
    ('pending', 'Pending'),
    ('supplied', 'Supplied'),
    ('kept', 'Pledge Kept'),
    ('broken', 'Pledge Broken'),
]
# Which outcome each status allows (a pledge may be replaced by the material itself).
OUTCOMES_OF_STATUS = {
    'deficiency': ('pending', 'supplied'),
    'pledge': ('pending', 'supplied', 'kept', 'broken'),
}
# Reminders given for an entry, in order: one of each, never twice.
REMINDERS = [
    ('none', 'None'),
    ('soon', 'Due Soon'),
    ('overdue', 'Overdue'),
]
PARAM_REMINDER_DAYS = 'investment_agency.material_reminder_days'
DEFAULT_REMINDER_DAYS = 3
# Changes of these fields are posted in the chatter of the case.
TRACKED_FIELDS = ('status', 'due_date', 'outcome', 'outcome_date', 'broken_reason')
# Set by the checklist's own logic, never by a client.
SYSTEM_FIELDS = frozenset(['line_id', 'material_id', 'reminder_sent'])


class AgencyCaseLineMaterial(models.Model):
    """One material of a case item (申报材料清单): received, missing but accepted (容缺受理),
    replaced by the applicant's written pledge (告知承诺) or not needed; for what is owed,
    the due date and the outcome (supplied, pledge kept, pledge broken)."""
    _name = 'agency.case.line.material'
    _inherit = 'agency.line.scope.mixin'
    _description = 'Material of a Case Item'
    _order = 'line_id, sequence, id'
    _rec_name = 'material_id'

    material_id = fields.Many2one('agency.item.material', string='Material', required=True,
                                  index=True, ondelete='restrict')
    sequence = fields.Integer(default=10)
    case_id = fields.Many2one(related='line_id.case_id', store=True, index=True, readonly=True)
    item_id = fields.Many2one(related='line_id.item_id', store=True, readonly=True)
    line_state = fields.Selection(related='line_id.state', string='Item Status', readonly=True)
    allow_deficiency = fields.Boolean(related='material_id.allow_deficiency', readonly=True)
    allow_pledge = fields.Boolean(related='material_id.allow_pledge', readonly=True)
    status = fields.Selection(MATERIAL_STATUSES, required=True, default='required', index=True)
    due_date = fields.Date(
        string='Due On', index=True,
        help='容缺: the day the material must be supplied; 告知承诺: the day the applicant '
             'must prove the pledge kept. By default the working days the catalog gives '
             'after the acceptance.')
    outcome = fields.Selection(MATERIAL_OUTCOMES, required=True, default='pending', index=True)
    outcome_date = fields.Date(string='Outcome On')
    outcome_note = fields.Text()
    broken_reason = fields.Text(string='Why the Pledge Is Broken')
    is_overdue = fields.Boolean(
        string='Overdue', compute='_compute_is_overdue', search='_search_is_overdue',
        help='Owed (容缺 or pledge), still pending, and its due date has passed.')
    reminder_sent = fields.Selection(REMINDERS, readonly=True, default='none',
                                     help='The last reminder given for this material.')

    # ------------------------------------------------------------------ computes

    def _compute_is_overdue(self):
        today = self.env['resource.calendar'].agency_today()
        for entry in self:
            entry.is_overdue = entry._overdue_on(today)

    def _search_is_overdue(self, operator, value):
        if operator not in ('=', '!='):
            raise UserError(_('Unsupported search on overdue materials.'))
        today = self.env['resource.calendar'].agency_today()
        # Normalized: the ORM puts a searched field's domain in place of one leaf.
        domain = ['&', '&', ('status', 'in', OWED_STATUSES), ('outcome', '=', 'pending'),
                  ('due_date', '<', today)]
        return domain if (operator == '=') == bool(value) else [('id', 'not in', self._search(
            domain))]

    # ------------------------------------------------------------------ constraints

    @api.constrains('status', 'material_id', 'line_id')
    def _check_status(self):
        for entry in self.sudo():
            material = entry.material_id
            if material.item_id != entry.line_id.item_id:
                raise ValidationError(_('"%s" is not a material of "%s".')
                                      % (material.name, entry.line_id.item_id.name))
            if entry.status == 'deficiency' and not material.allow_deficiency:
                raise ValidationError(
                    _('"%s" of "%s" is a key material: it cannot be missing at acceptance '
                      '(容缺受理).') % (material.name, entry.line_id.item_id.name))
            if entry.status == 'pledge' and not material.allow_pledge:
                raise ValidationError(
                    _('"%s" of "%s" cannot be replaced by a pledge (告知承诺).')
                    % (material.name, entry.line_id.item_id.name))

    @api.constrains('status', 'due_date', 'outcome', 'outcome_date', 'broken_reason')
    def _check_follow_up(self):
        for entry in self.sudo():
            line = entry.line_id
            names = (entry.material_id.name, line.item_id.name)
            if entry.status in OWED_STATUSES and not entry.due_date:
                raise ValidationError(_('"%s" of "%s": give the day it is due.') % names)
            if entry.due_date and line.date_accepted and entry.due_date < line.date_accepted:
                raise ValidationError(
                    _('"%s" of "%s": the due date (%s) cannot come before the acceptance (%s).')
                    % (names + (entry.due_date, line.date_accepted)))
            if entry.outcome not in OUTCOMES_OF_STATUS.get(entry.status, ('pending',)):
                raise ValidationError(
                    _('"%s" of "%s": "supplied" is the outcome of a missing (容缺) or pledged '
                      'material, "pledge kept" and "pledge broken" that of a pledge.') % names)
            if entry.outcome == 'broken' and not (entry.broken_reason or '').strip():
                raise ValidationError(_('"%s" of "%s": say why the pledge is broken.') % names)
            today = line._calendar().agency_today()
            if entry.outcome_date and entry.outcome_date > today:
                raise ValidationError(_('"%s" of "%s": %s is in the future.')
                                      % (names + (entry.outcome_date,)))

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if set(vals) & (SYSTEM_FIELDS - {'line_id', 'material_id'}):
            raise UserError(_('The reminders of a material are given by the daily cron.'))
        vals = self._with_defaults(vals)
        return super(AgencyCaseLineMaterial, self).create(vals)

    @api.multi
    def write(self, vals):
        if set(vals) & SYSTEM_FIELDS:
            raise UserError(_('A material of the checklist stays with its item; its reminders '
                              'are given by the daily cron.'))
        old = {entry.id: {name: entry[name] for name in TRACKED_FIELDS} for entry in self}
        if 'status' in vals or 'outcome' in vals:
            for entry in self:
                super(AgencyCaseLineMaterial, entry).write(entry._with_defaults(dict(vals)))
            res = True
        else:
            res = super(AgencyCaseLineMaterial, self).write(vals)
        self._post_changes(old)
        # Odoo checks the rules before a write only.
        self.check_access_rule('write')
        return res

    @api.multi
    def _with_defaults(self, vals):
        """The due date of a material newly owed (the catalog's working days after the
        acceptance, or after today before it) and the date of a new outcome."""
        entry = self[:1]
        status = vals.get('status', entry.status)
        line = entry.line_id or self.env['agency.case.line'].browse(vals.get('line_id'))
        material = entry.material_id or self.env['agency.item.material'].browse(
            vals.get('material_id'))
        if status in OWED_STATUSES and not vals.get('due_date') and \
                (status != entry.status or not entry.due_date):
            vals['due_date'] = line.sudo()._material_due_date(material.sudo(), status)
        if vals.get('outcome') and vals['outcome'] != 'pending' and not vals.get('outcome_date'):
            vals['outcome_date'] = line.sudo()._calendar().agency_today()
        if vals.get('outcome') == 'pending':
            vals.setdefault('outcome_date', False)
        return vals

    # ------------------------------------------------------------------ business

    @api.multi
    def _overdue_on(self, today):
        self.ensure_one()
        return (self.status in OWED_STATUSES and self.outcome == 'pending'
                and bool(self.due_date) and self.due_date < today)

    @api.multi
    def _post_changes(self, old):
        """Post the changes of the checklist in the chatter of each case, one message per
        case, in the name of the user who made them."""
        labels = {name: self._fields[name].get_description(self.env)['string']
                  for name in TRACKED_FIELDS}
        messages = {}
        for entry in self:
            changes = []
            for name in TRACKED_FIELDS:
                before, after = old[entry.id][name], entry[name]
                if before != after:
                    changes.append(html_escape('%s: %s → %s' % (
                        labels[name], entry._shown(name, before), entry._shown(name, after))))
            if changes:
                messages.setdefault(entry.line_id.case_id, []).append('<b>%s · %s</b><br/>%s' % (
                    html_escape(entry.line_id.item_id.name), html_escape(entry.material_id.name),
                    '<br/>'.join(changes)))
        author = self.env.user.partner_id.id
        for case, bodies in messages.items():
            case.sudo().message_post(body='<br/>'.join(bodies), subtype='mail.mt_note',
                                     author_id=author)

    @api.multi
    def _shown(self, name, value):
        if not value:
            return '-'
        if self._fields[name].type == 'selection':
            return self._agency_labels(name, self._agency_lang()).get(value, value)
        return value

    @api.model
    def _reminder_days(self):
        return int(self.env['ir.config_parameter'].sudo().get_param(
            PARAM_REMINDER_DAYS, DEFAULT_REMINDER_DAYS))

    @api.model
    def _cron_remind(self):
        """Daily: remind the case's agent and the line's liaison agents of the materials owed
        (容缺, 告知承诺) the configured working days before they are due, and again the day
        they are overdue; each reminder once. A fixed number of statements for the search,
        then one activity per recipient. Returns the entries reminded."""
        entries = self.sudo().search([
            ('status', 'in', OWED_STATUSES), ('outcome', '=', 'pending'),
            ('due_date', '!=', False), ('reminder_sent', '!=', 'overdue'),
            ('case_id.active', '=', True)])
        days = self._reminder_days()
        calendars, due = {}, {'soon': self.browse(), 'overdue': self.browse()}
        for entry in entries:
            calendar = entry.line_id._calendar()
            if calendar.id not in calendars:
                calendars[calendar.id] = (calendar._agency_snapshot(), calendar.agency_today())
            snapshot, today = calendars[calendar.id]
            kind = entry._reminder_due(snapshot, today, days)
            if kind:
                due[kind] |= entry
        for kind, reminded in due.items():
            if reminded:
                super(AgencyCaseLineMaterial, reminded).write({'reminder_sent': kind})
                self.env['agency.alert']._give_material_reminders(kind, reminded)
        return due['soon'] | due['overdue']

    @api.multi
    def _reminder_due(self, snapshot, today, days):
        """'overdue', 'soon' or False: the reminder this entry is due on ``today``."""
        self.ensure_one()
        if self._overdue_on(today):
            return 'overdue'
        if self.reminder_sent == 'none' and self.due_date >= today and \
                snapshot.between(fields.Date.from_string(today),
                                 fields.Date.from_string(self.due_date)) <= days:
            return 'soon'
        return False
