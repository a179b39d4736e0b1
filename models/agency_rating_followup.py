from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from .agency_case_closing import RATINGS
from .resource_calendar import service_today

FOLLOWUP_STATES = [
    ('open', 'Open'),
    ('done', 'Closed'),
]
# Working days the manager has to contact the rater, fix and report back (好差评 整改).
FOLLOWUP_WORKING_DAYS = 15
# 核实: is what the rating says true? A true one is rectified (整改), an unfounded one
# is shown so by the evidence; both are reported back to the rater.
VERIFICATIONS = [
    ('genuine', 'Genuine'),
    ('unfounded', 'Unfounded'),
]
# The rater's answer to the result, once.
RATER_RESPONSES = [
    ('confirmed', 'Confirmed'),
    ('disputed', 'Disputed'),
]
# The rater's own answer: written by _record_rater_response alone, never by a client.
RATER_FIELDS = frozenset(['rater_response', 'rater_response_date', 'rater_response_note'])
RESULT_EVENT = ('investment_agency.mail_template_rating_result',
                'investment_agency.mt_case_rating_result')


class AgencyRatingFollowup(models.Model):
    """The follow-up of a bad rating (差评回访整改): the manager of the region contacts
    the rater, has the problem fixed and records the result within 15 working days."""
    _name = 'agency.rating.followup'
    _description = 'Bad Rating Follow-up'
    _inherit = ['agency.chatter', 'mail.thread', 'mail.activity.mixin']
    _order = 'state desc, date_deadline, id desc'

    # ------------------------------------------------------------------ fields

    name = fields.Char(string='Reference', compute='_compute_name', store=True)
    case_id = fields.Many2one('agency.case', string='Case', required=True, readonly=True,
                              index=True, ondelete='restrict')
    region_id = fields.Many2one(related='case_id.region_id', store=True, index=True,
                                readonly=True)
    project_id = fields.Many2one(related='case_id.project_id', store=True, readonly=True)
    partner_id = fields.Many2one(related='case_id.partner_id', store=True, readonly=True)
    agent_id = fields.Many2one(related='case_id.user_id', string='Agent', store=True,
                               readonly=True)
    rating = fields.Selection(RATINGS, required=True, readonly=True, index=True)
    rating_date = fields.Date(string='Rated On', required=True, readonly=True)
    rating_comment = fields.Text(related='case_id.rating_comment', readonly=True)
    rating_rater = fields.Char(related='case_id.rating_rater', readonly=True,
                               groups='investment_agency.group_manager')
    user_id = fields.Many2one('res.users', string='Responsible Manager', index=True,
                              track_visibility='onchange')
    date_deadline = fields.Date(string='Deadline', required=True, readonly=True, index=True,
                                help='15 working days after the rating, by the calendar of the '
                                     'region.')
    state = fields.Selection(FOLLOWUP_STATES, required=True, default='open', index=True,
                             readonly=True, track_visibility='onchange')
    date_contact = fields.Date(string='Rater Contacted On', track_visibility='onchange')
    contact_note = fields.Text(string='Contact Record',
                               help='Who was contacted, how, and what the rater said.')
    verification = fields.Selection(
        VERIFICATIONS, string='Verified As', track_visibility='onchange',
        help='Genuine: the problem is real and is rectified. Unfounded: the evidence shows '
             'it is not; the rater is told why.')
    verification_note = fields.Text(
        string='Evidence', help='What the verification rests on (attach the files in the '
                                'chatter).')
    measures = fields.Text(string='Measures Taken', help='What was fixed (整改措施).')
    result = fields.Text(help='The result reported back to the rater.')
    date_closed = fields.Date(string='Closed On', readonly=True, index=True,
                              track_visibility='onchange')
    rater_response = fields.Selection(
        RATER_RESPONSES, string="Rater's Answer", readonly=True, track_visibility='onchange',
        help='The rater confirms the result or disputes it, once, on the portal.')
    rater_response_date = fields.Date(string='Answered On', readonly=True)
    rater_response_note = fields.Text(string="Rater's Words", readonly=True)
    activity_id = fields.Many2one('mail.activity', string='Activity', readonly=True,
                                  ondelete='set null', copy=False)
    is_overdue = fields.Boolean(string='Overdue', compute='_compute_is_overdue',
                                search='_search_is_overdue',
                                help='Open after its deadline, or closed after it.')

    _sql_constraints = [
        ('case_uniq', 'unique(case_id)', 'A case has one follow-up of its rating.'),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends('case_id.name')
    def _compute_name(self):
        for followup in self:
            followup.name = followup.case_id.name

    @api.depends('state', 'date_deadline', 'date_closed')
    def _compute_is_overdue(self):
        today = service_today(self)
        for followup in self:
            end = followup.date_closed if followup.state == 'done' else today
            followup.is_overdue = bool(followup.date_deadline and end and
                                       end > followup.date_deadline)

    def _search_is_overdue(self, operator, value):
        if operator not in ('=', '!=') or not isinstance(value, bool):
            raise UserError(_('Unsupported search on the overdue flag.'))
        today = service_today(self)
        # A closed follow-up compares two of its columns: done in SQL.
        self.env.cr.execute("""
            SELECT id FROM agency_rating_followup
             WHERE (state = 'open' AND date_deadline < %s)
                OR (state = 'done' AND date_closed > date_deadline)
        """, (today,))
        ids = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == '=') == value
        return [('id', 'in' if positive else 'not in', ids)]

    # ------------------------------------------------------------------ constraints

    @api.constrains('date_contact', 'rating_date', 'date_closed')
    def _check_dates(self):
        today = service_today(self)
        for followup in self:
            if followup.date_contact and followup.date_contact < followup.rating_date:
                raise ValidationError(
                    _('The rater of case %s cannot be contacted (%s) before the rating (%s).')
                    % (followup.case_id.name, followup.date_contact, followup.rating_date))
            if followup.date_contact and followup.date_contact > today:
                raise ValidationError(
                    _('The contact date of case %s (%s) is in the future.')
                    % (followup.case_id.name, followup.date_contact))

    # ------------------------------------------------------------------ CRUD

    @api.multi
    def write(self, vals):
        if set(vals) & RATER_FIELDS and not self.pool._init:
            raise UserError(_("The rater's answer is given by the rater on the portal, not "
                              "written."))
        return super(AgencyRatingFollowup, self).write(vals)

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        # Never deleted: no super() to call.
        raise UserError(_('The follow-up of a bad rating is kept: it cannot be deleted.'))

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_close(self):
        """Close the follow-up: the rater was contacted, the problem fixed, the result known."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        today = service_today(self)
        for followup in self:
            if followup.state != 'open':
                raise UserError(_('The follow-up of case %s is closed already.')
                                % followup.case_id.name)
            missing = [followup._fields[name].get_description(self.env)['string']
                       for name in followup._closing_fields()
                       if not (followup[name] and str(followup[name]).strip())]
            if missing:
                raise UserError(
                    _('The follow-up of case %s cannot be closed without: %s.')
                    % (followup.case_id.name, ', '.join(missing)))
            followup.write({'state': 'done', 'date_closed': today})
            if followup.activity_id:
                followup.activity_id.action_feedback(feedback=followup.result)
            followup.case_id.message_post(
                body=plaintext2html(_('The follow-up of the bad rating is closed: %s')
                                    % followup.result),
                subtype='mail.mt_note')
            followup._report_to_rater()
        return True

    @api.multi
    def _closing_fields(self):
        """What a follow-up needs to be closed: the contact, the verification and its
        evidence, the measures of a genuine problem, the result told to the rater."""
        self.ensure_one()
        names = ['date_contact', 'verification', 'verification_note', 'measures', 'result']
        if self.verification == 'unfounded':
            names.remove('measures')
        return names

    @api.multi
    def _report_to_rater(self):
        """Tell the rater (the case's followers: the applicant) the result, by the mail
        template of the event, signed by the service; he confirms or disputes it on the
        portal."""
        self.ensure_one()
        verifications = self._agency_labels('verification')
        self.case_id._post_event(RESULT_EVENT[0], RESULT_EVENT[1], {
            'agency_result': self.result,
            'agency_note': self.measures or '',
            'agency_verification': verifications.get(self.verification, ''),
        }, self.env.ref('investment_agency.partner_service'))

    @api.multi
    def _record_rater_response(self, response, note=False):
        """The rater's answer to the result (on the portal), once: confirmed, or disputed,
        which puts the follow-up before the managers of the region above."""
        self.ensure_one()
        if self.state != 'done':
            raise UserError(_('The follow-up of case %s is not closed yet: there is no '
                              'result to answer.') % self.case_id.name)
        if self.rater_response:
            raise UserError(_('The result of the follow-up of case %s was answered already.')
                            % self.case_id.name)
        if response not in dict(RATER_RESPONSES):
            raise UserError(_('Confirm the result or dispute it.'))
        note = (note or '').strip()
        if response == 'disputed' and not note:
            raise UserError(_('Say what you dispute in the result.'))
        followup = self.sudo()
        super(AgencyRatingFollowup, followup).write({
            'rater_response': response, 'rater_response_note': note or False,
            'rater_response_date': service_today(self)})
        if response == 'disputed':
            followup._escalate_dispute()
        return True

    @api.multi
    def _escalate_dispute(self):
        """A disputed result goes to the managers of the region above (of the case's own
        region at the top), each with an activity to review it."""
        self.ensure_one()
        region = self.case_id.region_id
        managers = (region.parent_id or region).sudo()._get_managers()
        for manager in managers:
            followup = self.with_context(lang=manager.lang)
            self.env['mail.activity'].sudo().create({
                'res_model_id': self.env['ir.model']._get(self._name).id,
                'res_id': self.id,
                'activity_type_id': self.env.ref(
                    'investment_agency.activity_type_rating_followup').id,
                'summary': followup._dispute_summary(),
                'note': plaintext2html(self.rater_response_note or ''),
                'date_deadline': service_today(self),
                'user_id': manager.id,
            })

    @api.multi
    def _dispute_summary(self):
        return _('The rater disputes the result of the follow-up of case %s') % self.case_id.name

    @api.multi
    def action_open_case(self):
        self.ensure_one()
        return self.case_id.get_formview_action()

    # ------------------------------------------------------------------ business

    @api.model
    def _create_for_case(self, case):
        """Open the follow-up of the bad rating of ``case``, give its manager an activity.

        Created as superuser: the rating may come from the applicant online, and
        agents only read follow-ups. Returned in the caller's environment. ``case`` is a
        record or an id (demo data).
        """
        if not isinstance(case, models.BaseModel):
            case = self.env['agency.case'].browse(case)
        Followup = self.sudo()
        rating_date = case.rating_date or service_today(self)
        calendar = case.region_id._get_calendar()
        deadline = calendar.agency_add_working_days(rating_date, FOLLOWUP_WORKING_DAYS)
        manager = self._followup_manager(case)
        followup = Followup.create({
            'case_id': case.id,
            'rating': case.rating,
            'rating_date': rating_date,
            'date_deadline': fields.Date.to_string(deadline),
            'user_id': manager.id,
        })
        case.sudo()._write_case({'followup_id': followup.id})
        if manager:
            followup.message_subscribe_users(manager.ids)
            followup.activity_id = followup._schedule_activity(manager)
        return followup.with_env(self.env)

    @api.model
    def _followup_manager(self, case):
        """The manager who answers for the rating: the first manager of the case's region,
        or of the nearest region above it."""
        managers = case.region_id.sudo()._get_managers()
        return managers.sorted('id')[:1]

    @api.multi
    def _schedule_activity(self, user):
        """The manager's activity, in his language."""
        self.ensure_one()
        self = self.with_context(lang=user.lang)
        activity_type = self.env.ref('investment_agency.activity_type_rating_followup')
        ratings = self._agency_labels('rating', user.lang)
        return self.env['mail.activity'].sudo().create({
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'res_id': self.id,
            'activity_type_id': activity_type.id,
            'summary': _('Follow up the bad rating of case %s') % self.case_id.name,
            'note': plaintext2html(
                _('Rating: %s. Contact the rater, fix the problem and record the result by %s.')
                % (ratings.get(self.rating, self.rating), self.date_deadline)),
            'date_deadline': self.date_deadline,
            'user_id': user.id,
        })
