from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

# The procedures whose time the law does not count in a time limit (特别程序).
PROCEDURE_KINDS = [
    ('hearing', 'Hearing'),
    ('tender', 'Tendering'),
    ('auction', 'Auction'),
    ('inspection', 'Inspection'),
    ('testing', 'Testing'),
    ('quarantine', 'Quarantine'),
    ('appraisal', 'Appraisal'),
    ('expert_review', 'Expert Review'),
]
PROCEDURE_STATES = [
    ('requested', 'Requested'),
    ('approved', 'Approved'),
    ('refused', 'Refused'),
    ('done', 'Finished'),
]
# The longest procedure a request may announce, in working days (about a year).
MAX_PROCEDURE_DAYS = 250
COUNTED_STATES = ('approved', 'done')
# Written by the decision and the end of the procedure, never by a client.
DECISION_FIELDS = frozenset(['state', 'user_decided_id', 'date_decided', 'date_end'])


class AgencyLineProcedure(models.Model):
    """A special procedure of an item (听证, 招标, 拍卖, 检验, 检测, 检疫, 鉴定, 专家评审):
    its time is not counted in the time limit once a manager of the case's region has
    approved it. The department, which the time limit supervises, only asks."""
    _name = 'agency.line.procedure'
    _inherit = 'agency.line.scope.mixin'
    _description = 'Special Procedure of an Item'
    _order = 'id desc'

    case_id = fields.Many2one(related='line_id.case_id', store=True, index=True, readonly=True)
    region_id = fields.Many2one(related='line_id.region_id', store=True, index=True,
                                readonly=True)
    department_id = fields.Many2one(related='line_id.department_id', store=True, index=True,
                                    readonly=True)
    kind = fields.Selection(PROCEDURE_KINDS, required=True)
    reason = fields.Text(required=True)
    expected_days = fields.Integer(string='Expected Working Days', required=True)
    date_start = fields.Date(string='Starts On', required=True,
                             default=lambda self: self.env['resource.calendar'].agency_today())
    date_end = fields.Date(string='Finished On', readonly=True)
    state = fields.Selection(PROCEDURE_STATES, required=True, default='requested',
                             readonly=True, index=True)
    user_decided_id = fields.Many2one('res.users', string='Decided By', readonly=True)
    date_decided = fields.Date(string='Decided On', readonly=True)
    decision_note = fields.Text()
    counted_days = fields.Integer(
        string='Working Days Not Counted', compute='_compute_counted_days', store=True,
        compute_sudo=True,
        help='Approved: the expected working days, or those from the start to the end once '
             'finished; not counted in the time limit.')

    @api.depends('state', 'expected_days', 'date_start', 'date_end')
    def _compute_counted_days(self):
        for procedure in self:
            days = 0
            if procedure.state in COUNTED_STATES:
                days = procedure.expected_days
                if procedure.date_end:
                    days = max(procedure.line_id._calendar().agency_working_days_between(
                        procedure.date_start, procedure.date_end), 0)
            procedure.counted_days = days

    @api.constrains('expected_days', 'date_start', 'line_id')
    def _check_request(self):
        for procedure in self.sudo():
            line = procedure.line_id
            if not 0 < procedure.expected_days <= MAX_PROCEDURE_DAYS:
                raise ValidationError(
                    _('A special procedure takes from 1 to %d working days.') % MAX_PROCEDURE_DAYS)
            if line.state not in ('accepted', 'correction'):
                raise ValidationError(
                    _('"%s" is not being handled: a special procedure is asked while its time '
                      'limit runs.') % line.item_id.name)
            if procedure.date_start < line.date_accepted:
                raise ValidationError(
                    _('The special procedure cannot start (%s) before "%s" is accepted (%s).')
                    % (procedure.date_start, line.item_id.name, line.date_accepted))
            if procedure.date_start > line._calendar().agency_today():
                raise ValidationError(_('The special procedure cannot start in the future.'))

    @api.model
    def create(self, vals):
        if set(vals) & DECISION_FIELDS:
            raise UserError(_('A special procedure is requested first, then decided.'))
        procedure = super(AgencyLineProcedure, self).create(vals)
        procedure._post(_('Special procedure requested: %s, %s working days expected. '
                          'Reason: %s') % (procedure._kind_label(), procedure.expected_days,
                                           procedure.reason))
        return procedure

    @api.multi
    def write(self, vals):
        if set(vals) & DECISION_FIELDS:
            raise UserError(_('A special procedure is approved, refused or finished with its '
                              'buttons.'))
        # The request is what the manager decides on: it does not change afterwards.
        if set(vals) - {'decision_note'} and \
                self.filtered(lambda procedure: procedure.state != 'requested'):
            raise UserError(_('A decided special procedure cannot be changed.'))
        return super(AgencyLineProcedure, self).write(vals)

    @api.multi
    def _write_decision(self, vals):
        """The decision and the end, as superuser: the decider may not write the line."""
        return super(AgencyLineProcedure, self.sudo()).write(vals)

    @api.multi
    def unlink(self):
        if self.filtered(lambda procedure: procedure.state != 'requested'):
            raise UserError(_('A decided special procedure is kept.'))
        return super(AgencyLineProcedure, self).unlink()

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_approve(self):
        self._decide('approved')
        for procedure in self:
            procedure._post(_('Special procedure approved: %s, %s working days not counted.')
                            % (procedure._kind_label(), procedure.expected_days))
        return True

    @api.multi
    def action_refuse(self):
        if self.filtered(lambda procedure: not (procedure.decision_note or '').strip()):
            raise UserError(_('Write why the special procedure is refused.'))
        self._decide('refused')
        for procedure in self:
            procedure._post(_('Special procedure refused: %s. %s')
                            % (procedure._kind_label(), procedure.decision_note))
        return True

    @api.multi
    def action_finish(self):
        """The procedure is over today: the working days it took are not counted."""
        for procedure in self:
            if procedure.state != 'approved':
                raise UserError(_('Only an approved special procedure finishes.'))
            today = procedure.line_id._calendar().agency_today()
            procedure._write_decision({'state': 'done',
                                       'date_end': max(today, procedure.date_start)})
            procedure._post(_('Special procedure finished: %s, %s working days not counted.')
                            % (procedure._kind_label(), procedure.counted_days))
        return True

    # ------------------------------------------------------------------ business

    @api.multi
    def _decide(self, state):
        """Approve or refuse: a manager of the case's region or of a region above it.
        Checked here and not by a record rule: agents and liaison agents write requests,
        only the decision is the manager's."""
        user = self.env.user
        for procedure in self:
            if procedure.state != 'requested':
                raise UserError(_('The special procedure is decided already.'))
            region = procedure.sudo().region_id
            if not region._is_supervised_by(user) or not (
                    user._is_superuser() or user.has_group('investment_agency.group_manager')):
                raise AccessError(_('Only a manager of %s or of a region above it decides a '
                                    'special procedure.') % region.name)
            procedure._write_decision({
                'state': state, 'user_decided_id': user.id,
                'date_decided': procedure.line_id._calendar().agency_today()})

    @api.multi
    def _kind_label(self):
        self.ensure_one()
        return self._agency_labels('kind', self._agency_lang())[self.kind]

    @api.multi
    def _post(self, text):
        """Say it in the chatter of the case, on behalf of the user who acted."""
        self.ensure_one()
        self.case_id.sudo().message_post(
            body='<b>%s</b><br/>%s' % (html_escape(self.line_id.item_id.name), html_escape(text)),
            subtype='mail.mt_note', author_id=self.env.user.partner_id.id)
