"""The enquiry register (业务咨询, 首问负责, §二(三) and §一(二)3): questions that
enterprises ask at the window, on the phone or through the 12345 hotline and that
do not (yet) become cases. The agent who is asked first stays responsible for the
answer (首问负责人); an enquiry becomes a case with one click."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from .agency_case import CHANNELS
from .code_checks import check_phone

ENQUIRY_STATES = [
    ('open', 'To Answer'),
    ('answered', 'Answered'),
    ('converted', 'Converted to Case'),
    ('closed', 'Closed'),
]
# Set by the enquiry's actions (answer, close, convert), never written directly.
PROTECTED_FIELDS = frozenset(['name', 'state', 'case_id', 'followup_activity_id'])
# The states from which an enquiry may still be answered, closed or converted.
ACTIVE_STATES = ('open', 'answered')


class AgencyEnquiry(models.Model):
    """An enquiry (业务咨询) answered by the bureau, with its first-asked agent."""
    _name = 'agency.enquiry'
    _description = 'Enquiry'
    _inherit = ['agency.chatter', 'agency.name', 'mail.thread', 'mail.activity.mixin']
    _order = 'date_asked desc, id desc'

    # ------------------------------------------------------------------ defaults

    def _default_region_id(self):
        return self.env.user.agency_region_id

    def _default_date_asked(self):
        region = self.env.user.agency_region_id
        calendar = region._get_calendar() if region else self.env['resource.calendar']
        return calendar.agency_today()

    # ------------------------------------------------------------------ fields

    name = fields.Char(string='Enquiry Number', required=True, readonly=True, copy=False,
                       default='/', index=True)
    date_asked = fields.Date(required=True, index=True,
                             default=_default_date_asked, track_visibility='onchange')
    region_id = fields.Many2one('agency.region', string='Region', required=True, index=True,
                                ondelete='restrict', default=_default_region_id,
                                domain=[('in_user_scope', '=', True)],
                                track_visibility='onchange')
    asker_name = fields.Char(string='Person Asking', required=True)
    phone = fields.Char()
    partner_id = fields.Many2one('res.partner', string='Enterprise', index=True,
                                 ondelete='restrict', domain=[('is_company', '=', True)],
                                 help='The registered enterprise, if the enquirer gave one.')
    enterprise_name = fields.Char(help='As the enquirer gave it (the registered name when an '
                                       'enterprise is chosen).')
    project_id = fields.Many2one('agency.project', string='Project', index=True,
                                 ondelete='restrict',
                                 help='The investment project asked about; needed to convert '
                                      'the enquiry into a case.')
    channel = fields.Selection(CHANNELS, required=True, default='window', index=True,
                               track_visibility='onchange')
    question = fields.Text(required=True)
    answer = fields.Text()
    state = fields.Selection(ENQUIRY_STATES, string='Status', required=True, default='open',
                             index=True, readonly=True, copy=False,
                             track_visibility='onchange')
    user_id = fields.Many2one(
        'res.users', string='First-Asked Agent', required=True, index=True,
        default=lambda self: self.env.user, track_visibility='onchange',
        domain="[('agency_assignable_region_id', '=', region_id)]",
        help='首问负责人: the agent who was asked first and stays responsible for the answer. '
             'Only a manager changes him.')
    date_followup = fields.Date(string='Follow-up Date', track_visibility='onchange',
                                help='The first-asked agent gets an activity on that day.')
    followup_activity_id = fields.Many2one('mail.activity', string='Follow-up Activity',
                                           readonly=True, copy=False, ondelete='set null')
    case_id = fields.Many2one('agency.case', string='Case', readonly=True, index=True,
                              copy=False, ondelete='restrict', track_visibility='onchange',
                              help='The case this enquiry became.')

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'The enquiry number must be unique.'),
    ]

    # ------------------------------------------------------------------ constraints

    @api.constrains('phone', 'date_asked', 'date_followup', 'state', 'answer', 'user_id',
                    'region_id', 'partner_id', 'project_id')
    def _check_enquiry(self):
        """Every problem of the enquiry in one message, not one per save."""
        self._agency_check_all(['_check_phone', '_check_followup_date', '_check_answer',
                                '_check_agent', '_check_project'])

    def _check_phone(self):
        for enquiry in self:
            if enquiry.phone and check_phone(enquiry.phone):
                raise ValidationError(
                    _('"%s" is not a valid phone number: a mobile number of 11 digits or a '
                      'landline with its area code (e.g. 0471-6666666).') % enquiry.phone)

    def _check_followup_date(self):
        for enquiry in self:
            if enquiry.date_followup and enquiry.date_followup < enquiry.date_asked:
                raise ValidationError(
                    _('The follow-up date of enquiry %s (%s) cannot be before the date it '
                      'was asked (%s).') % (enquiry.name, enquiry.date_followup,
                                            enquiry.date_asked))

    def _check_answer(self):
        for enquiry in self:
            if enquiry.state == 'answered' and not (enquiry.answer or '').strip():
                raise ValidationError(
                    _('Enquiry %s cannot be marked answered without its answer.')
                    % enquiry.name)

    def _check_agent(self):
        for enquiry in self:
            agent = enquiry.user_id
            if not (agent.active and not agent.share and
                    agent.has_group('investment_agency.group_agent') and
                    agent.agency_region_id and
                    enquiry.region_id._is_within(agent.agency_region_id)):
                raise ValidationError(
                    _('%s is not an agent working in %s: he cannot be the first-asked agent '
                      'of the enquiry.') % (agent.name, enquiry.region_id.name))

    def _check_project(self):
        for enquiry in self.filtered('project_id'):
            if enquiry.partner_id and enquiry.project_id.partner_id != enquiry.partner_id:
                raise ValidationError(
                    _('Project "%s" belongs to another enterprise than the enquiry\'s (%s).')
                    % (enquiry.project_id.name, enquiry.partner_id.name))

    # ------------------------------------------------------------------ onchanges

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        if self.partner_id:
            self.enterprise_name = self.partner_id.name
            if self.project_id.partner_id != self.partner_id:
                self.project_id = False

    @api.onchange('project_id')
    def _onchange_project_id(self):
        if self.project_id:
            self.partner_id = self.project_id.partner_id
            self.enterprise_name = self.project_id.partner_id.name

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if not self.pool._init:
            self.check_access_rights('create')
            self._check_protected_fields(vals, creating=True)
            self._check_can_set_agent(vals.get('user_id', self.env.uid))
            self._check_in_reach(vals)
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].sudo().with_context(
                ir_sequence_date=vals.get('date_asked')).next_by_code('agency.enquiry') or '/'
        self._fill_enterprise_name(vals)
        enquiry = super(AgencyEnquiry, self.with_context(mail_create_nolog=True)).create(vals)
        enquiry.message_subscribe_users(enquiry.user_id.ids)
        enquiry._sync_followup_activities()
        return enquiry

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        # super().write is called by _write_enquiry, which the actions call too.
        if not self.pool._init:
            self.check_access_rights('write')
            self._check_protected_fields(vals)
            if 'user_id' in vals and self.filtered(
                    lambda enquiry: enquiry.user_id.id != vals['user_id']):
                self._check_can_set_agent(vals['user_id'], changing=True)
            self._check_in_reach(vals)
        return self._write_enquiry(vals)

    @api.multi
    def _write_enquiry(self, vals):
        """Write the enquiry once the caller may set these values (the public ``write``
        for what a user writes, the actions for the state and the case)."""
        self._fill_enterprise_name(vals)
        res = super(AgencyEnquiry, self).write(vals)
        # Odoo checks the rules before a write only: check them after it too.
        self.check_access_rule('write')
        if vals.get('user_id'):
            self.message_subscribe_users([vals['user_id']])
        if {'user_id', 'date_followup', 'state'} & set(vals):
            self._sync_followup_activities()
        return res

    @api.multi
    def unlink(self):
        converted = self.filtered('case_id')
        if converted:
            raise UserError(_('Enquiry %s became a case: it cannot be deleted.')
                            % ', '.join(converted.mapped('name')))
        return super(AgencyEnquiry, self).unlink()

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_mark_answered(self):
        self._check_may_act()
        self._write_enquiry({'state': 'answered'})
        return True

    @api.multi
    def action_close(self):
        self._check_may_act()
        self._write_enquiry({'state': 'closed'})
        return True

    @api.multi
    def action_reopen(self):
        self.check_access_rights('write')
        closed = self.filtered(lambda enquiry: enquiry.state == 'closed')
        if closed != self:
            raise UserError(_('Only closed enquiries can be reopened.'))
        self._write_enquiry({'state': 'open'})
        return True

    @api.multi
    def action_convert_to_case(self):
        """Open the case of the enquiry's project, the first-asked agent as its agent."""
        self.ensure_one()
        self._check_may_act()
        if not self.project_id:
            raise UserError(_('Choose the investment project of enquiry %s (register it first '
                              'if it is new) before converting it into a case.') % self.name)
        case = self.env['agency.case'].create(self._prepare_case_values())
        self._write_enquiry({'state': 'converted', 'case_id': case.id})
        self.message_post(body=plaintext2html(_('Converted into case %s.') % case.name),
                          subtype='mail.mt_note')
        case.message_post(
            body=plaintext2html(_('Opened from enquiry %s of %s (first-asked agent: %s).')
                                % (self.name, self.date_asked, self.user_id.name)),
            subtype='mail.mt_note')
        return case.get_formview_action()

    @api.multi
    def action_open_case(self):
        self.ensure_one()
        return self.case_id.get_formview_action()

    # ------------------------------------------------------------------ business

    @api.multi
    def _prepare_case_values(self):
        """The values of the case the enquiry becomes (``agency.case.create`` numbers it,
        checks its project, region and agent, and starts it at the first step)."""
        self.ensure_one()
        request = [_('Enquiry %s: %s') % (self.name, self.question)]
        if self.answer:
            request.append(_('Answer given: %s') % self.answer)
        return {
            'project_id': self.project_id.id,
            'region_id': self.project_id.region_id.id,
            'channel': self.channel,
            'user_id': self.user_id.id,
            'legal_representative': self.project_id.partner_id.agency_legal_representative,
            'description': '\n'.join(request),
        }

    @api.multi
    def _check_may_act(self):
        """The actions write the enquiry: its rights and rules decide; an enquiry that
        became a case or was closed is done."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        for enquiry in self:
            if enquiry.case_id:
                raise UserError(_('Enquiry %s was converted into case %s already.')
                                % (enquiry.name, enquiry.case_id.name))
            if enquiry.state not in ACTIVE_STATES:
                raise UserError(_('Enquiry %s is closed: reopen it first.') % enquiry.name)

    @api.model
    def _check_protected_fields(self, vals, creating=False):
        protected = set(vals) & PROTECTED_FIELDS
        if creating:
            if vals.get('name', '/') == '/':
                protected.discard('name')  # the number comes from the sequence
            if vals.get('state', 'open') == 'open':
                protected.discard('state')
        if protected:
            labels = sorted(self._agency_field_label(name) for name in protected)
            raise UserError(_('These values are set by the actions of the enquiry (the '
                              'buttons), not written directly: %s.') % ', '.join(labels))

    @api.model
    def _check_can_set_agent(self, user_id, changing=False):
        """The first-asked agent is who registers the enquiry; a manager names another.
        Checked here: a record rule cannot tell a change of agent from another write."""
        user = self.env.user
        if user._is_superuser() or user.has_group('investment_agency.group_manager'):
            return
        if changing or user_id != user.id:
            raise AccessError(_('Only a manager can change the first-asked agent of an '
                                'enquiry.'))

    @api.model
    def _check_in_reach(self, vals):
        """The enterprise and the project of an enquiry are records the user may read (a
        link to another region's would show him their names)."""
        for field in ('partner_id', 'project_id'):
            if vals.get(field):
                self.env[self._fields[field].comodel_name].browse(vals[field]) \
                    .check_access_rule('read')

    @api.model
    def _fill_enterprise_name(self, vals):
        if vals.get('partner_id') and not vals.get('enterprise_name'):
            vals['enterprise_name'] = self.env['res.partner'].sudo().browse(
                vals['partner_id']).name

    @api.multi
    def _sync_followup_activities(self):
        """One activity per active enquiry with a follow-up date, for its first-asked
        agent on that date: moved when the date or the agent changes, marked done when
        the enquiry is converted or closed. No query per enquiry: the activities are the
        enquiries' own ``followup_activity_id``."""
        wanted = self.filtered(lambda enquiry: enquiry.date_followup and
                               enquiry.state in ACTIVE_STATES)
        done = (self - wanted).mapped('followup_activity_id')
        if done:
            done.sudo().action_feedback(feedback=_('The enquiry is settled.'))
        for enquiry in wanted.filtered('followup_activity_id'):
            activity = enquiry.followup_activity_id.sudo()
            if (activity.date_deadline, activity.user_id) != (enquiry.date_followup,
                                                              enquiry.user_id):
                activity.write({'date_deadline': enquiry.date_followup,
                                'user_id': enquiry.user_id.id})
        for enquiry in wanted.filtered(lambda enquiry: not enquiry.followup_activity_id):
            enquiry._schedule_followup()

    @api.multi
    def _schedule_followup(self):
        """The first-asked agent's follow-up activity, in his language."""
        self.ensure_one()
        agent = self.user_id
        this = self.with_context(lang=agent.lang)
        activity = self.env['mail.activity'].sudo().create({
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'res_id': self.id,
            'activity_type_id': self.env.ref(
                'investment_agency.activity_type_enquiry_followup').id,
            'summary': this._followup_summary(),
            'date_deadline': self.date_followup,
            'user_id': agent.id,
        })
        super(AgencyEnquiry, self.sudo()).write({'followup_activity_id': activity.id})
        return activity

    @api.multi
    def _followup_summary(self):
        """The summary of the follow-up activity, in the language of the context."""
        self.ensure_one()
        return _('Follow up enquiry %s of %s') % (
            self.name, self.enterprise_name or self.asker_name)
