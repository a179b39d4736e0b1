from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

TRANSFER_STATES = [
    ('requested', 'Requested'),
    ('done', 'Transferred'),
    ('refused', 'Refused'),
]


class AgencyTransfer(models.Model):
    """A project handed to the bureau of another region, with its cases (上下联动).

    Asked by a manager of the project's region; carried out when a manager of the
    receiving region accepts it, or at once when the one who asks supervises both
    regions (the region above both). The cases keep their number and history; their
    items not yet declared are planned again with the receiving region's departments
    and limits, those under way stay with the department that handles them.
    """
    _name = 'agency.transfer'
    _description = 'Transfer to Another Region'
    _inherit = ['agency.chatter', 'mail.thread']
    _order = 'id desc'

    project_id = fields.Many2one('agency.project', string='Project', required=True, index=True,
                                 ondelete='cascade')
    region_from_id = fields.Many2one('agency.region', string='From', required=True, index=True,
                                     readonly=True, ondelete='restrict')
    region_to_id = fields.Many2one('agency.region', string='To', required=True, index=True,
                                   ondelete='restrict')
    reason = fields.Text(required=True)
    state = fields.Selection(TRANSFER_STATES, required=True, default='requested', readonly=True,
                             index=True, track_visibility='onchange')
    user_requested_id = fields.Many2one('res.users', string='Asked By', readonly=True,
                                        default=lambda self: self.env.user)
    user_decided_id = fields.Many2one('res.users', string='Decided By', readonly=True)
    date_decided = fields.Date(string='Decided On', readonly=True)
    decision_note = fields.Text()

    @api.constrains('region_from_id', 'region_to_id')
    def _check_regions(self):
        for transfer in self:
            if transfer.region_from_id == transfer.region_to_id:
                raise ValidationError(_('A project is transferred to another region.'))

    @api.model
    def create(self, vals):
        project = self.env['agency.project'].browse(vals.get('project_id'))
        # The one who asks may work on the project (his region or one above it).
        project.check_access_rule('write')
        vals.update(region_from_id=project.region_id.id, state='requested',
                    user_requested_id=self.env.uid)
        vals.pop('user_decided_id', None)
        vals.pop('date_decided', None)
        transfer = super(AgencyTransfer, self).create(vals)
        transfer._say(_('Transfer to %s asked: %s') % (transfer.region_to_id.name, transfer.reason))
        if transfer._may_decide(self.env.user):
            transfer.action_accept()
        else:
            transfer._ask_receiving_managers()
        return transfer

    @api.multi
    def write(self, vals):
        if set(vals) & {'project_id', 'region_from_id', 'region_to_id', 'reason', 'state',
                        'user_requested_id', 'user_decided_id', 'date_decided'}:
            raise UserError(_('A transfer is asked once, then accepted or refused.'))
        return super(AgencyTransfer, self).write(vals)

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_accept(self):
        for transfer in self:
            transfer._check_decider()
            transfer.project_id._transfer_to(transfer.region_to_id)
            transfer._decide('done')
        return True

    @api.multi
    def action_refuse(self):
        for transfer in self:
            transfer._check_decider()
            if not (transfer.decision_note or '').strip():
                raise UserError(_('Write why the transfer is refused.'))
            transfer._decide('refused')
            transfer._say(_('Transfer to %s refused: %s')
                          % (transfer.region_to_id.name, transfer.decision_note))
        return True

    # ------------------------------------------------------------------ business

    @api.multi
    def _may_decide(self, user):
        """A manager whose region is the receiving one or above it; the one who asked
        only if his region is above both (he supervises where the project goes too)."""
        self.ensure_one()
        if user._is_superuser():
            return True
        # Managers only: agents and liaison agents may read a transfer, not decide it (the
        # decision is a button on a record they may read, which no rule tells apart).
        return user.has_group('investment_agency.group_manager') and \
            self.region_to_id._is_supervised_by(user)

    @api.multi
    def _check_decider(self):
        self.ensure_one()
        if self.state != 'requested':
            raise UserError(_('The transfer is decided already.'))
        if not self._may_decide(self.env.user):
            raise AccessError(_('Only a manager of %s or of a region above it accepts or '
                                'refuses this transfer.') % self.region_to_id.name)

    @api.multi
    def _decide(self, state):  # pylint: disable=missing-return
        super(AgencyTransfer, self.sudo()).write({
            'state': state, 'user_decided_id': self.env.uid,
            'date_decided': self.env['resource.calendar'].agency_today()})

    @api.multi
    def _ask_receiving_managers(self):
        """An activity for the managers of the receiving region."""
        self.ensure_one()
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        for manager in self.region_to_id._get_managers():
            self.env['mail.activity'].sudo().create({
                'res_model_id': self.env['ir.model']._get(self._name).id,
                'res_id': self.id,
                'activity_type_id': activity_type.id,
                'summary': self.with_context(lang=manager.lang)._summary(),
                'date_deadline': self.env['resource.calendar'].agency_today(),
                'user_id': manager.id,
            })

    @api.multi
    def _summary(self):
        return _('Accept or refuse the transfer of project %s from %s') % (
            self.project_id.name, self.region_from_id.name)

    @api.multi
    def _say(self, text):
        """In the chatter of the transfer, of the project and of its cases."""
        self.ensure_one()
        body = plaintext2html(text)
        self.sudo().message_post(body=body, subtype='mail.mt_note')
        self.project_id.sudo().message_post(body=body, subtype='mail.mt_note',
                                            author_id=self.env.user.partner_id.id)
        for case in self.project_id.sudo().with_context(active_test=False).case_ids:
            case.message_post(body=body, subtype='mail.mt_note',
                              author_id=self.env.user.partner_id.id)
