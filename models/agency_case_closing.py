"""How a case closes: completed (办结, Annex 6) once every item is closed and the
materials are handed back, or terminated (终止, Annex 8) for a condition of the plan;
then signed off by the applicant online and rated (回访评价, Annex 7, the national
好差评 scale). Each closing prints its form and attaches it to the case."""
import base64
import re
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html
from odoo.tools.safe_eval import safe_eval

from .agency_stage import COMPLETED_STEPS
from .dates import to_date

# What separates the names of a list of materials written as text.
MATERIAL_SEPARATORS = r'[;；、\n]'
# The national 好差评 scale; Annex 7 prints the first, second and fourth levels.
RATINGS = [
    ('very_satisfied', 'Very Satisfied'),
    ('satisfied', 'Satisfied'),
    ('basic', 'Basically Satisfied'),
    ('unsatisfied', 'Unsatisfied'),
    ('very_unsatisfied', 'Very Unsatisfied'),
]
BAD_RATINGS = ('unsatisfied', 'very_unsatisfied')
RATING_CHANNELS = [
    ('paper', 'Paper Form'),
    ('online', 'Online Column'),
    ('app', 'Mengsuban App'),
    ('hotline', '12345 Hotline'),
    ('visit', 'Follow-up Visit'),
]
# Set by the closing actions only (never by a client).
CLOSING_FIELDS = ('date_done', 'date_terminated', 'termination_reason', 'termination_note')
RATING_FIELDS = ('rating', 'rating_date', 'rating_comment', 'rating_rater', 'rating_channel',
                 'followup_id')
SIGN_OFF_FIELDS = ('completion_confirmed_date', 'completion_confirmed_by')
TERMINATION_REASONS = [
    ('project_ineligible', 'The project is not eligible for the service'),
    ('item_ineligible', 'The item does not meet the conditions for handling'),
    ('false_materials', 'The materials are false'),
    ('violation', 'Other violations of laws or regulations'),
    ('applicant_request', 'The applicant withdraws the commission'),
    ('other', 'Other reason'),
]


class AgencyCaseClosing(models.AbstractModel):
    _name = 'agency.case.closing'
    _description = 'Agency Case: Closing and Rating'

    # Completion (Annex 6) and termination (Annex 8), set by their wizards.
    date_done = fields.Date(string='Completed On', copy=False, readonly=True, index=True)
    date_terminated = fields.Date(string='Terminated On', copy=False, readonly=True, index=True)
    date_closed = fields.Date(string='Closed On', compute='_compute_date_closed', store=True,
                              index=True)
    returned_material_ids = fields.One2many(
        'agency.case.returned.material', 'case_id', string='Materials Returned', copy=False,
        help='The materials handed back to the applicant (移交资料清单 of Annexes 6 and 8).')
    termination_reason = fields.Selection(TERMINATION_REASONS,
                                          copy=False, track_visibility='onchange')
    termination_note = fields.Text(string='Termination Details', copy=False)

    # The rating (Annex 7, 好差评), by the evaluation wizard or online, and its follow-up.
    rating = fields.Selection(RATINGS, copy=False, index=True,
                              track_visibility='onchange')
    rating_date = fields.Date(string='Rated On', copy=False, index=True)
    rating_comment = fields.Text(string='Opinions and Suggestions', copy=False)
    # 好差评: the rater is kept from the agents rated (评价人信息保密); managers read it.
    rating_rater = fields.Char(string='Rated By', copy=False,
                               groups='investment_agency.group_manager')
    rating_channel = fields.Selection(RATING_CHANNELS, copy=False)
    is_bad_rating = fields.Boolean(string='Bad Rating', compute='_compute_is_bad_rating',
                                   store=True, index=True,
                                   help='Unsatisfied or very unsatisfied (差评): followed up.')

    # The applicant's sign-off of the completion on the portal.
    completion_confirmed_date = fields.Date(
        string='Completion Confirmed On', copy=False, readonly=True, track_visibility='onchange',
        help='The day the applicant signed off the completion (办结单, Annex 6) online.')
    completion_confirmed_by = fields.Many2one(
        'res.partner', copy=False, readonly=True,
        ondelete='restrict', help='The contact of the enterprise who signed off the completion.')
    followup_id = fields.Many2one('agency.rating.followup', string='Rating Follow-up',
                                  readonly=True, copy=False, index=True, ondelete='set null')
    followup_state = fields.Selection(related='followup_id.state', string='Follow-up State',
                                      store=True, readonly=True)

    @api.depends('rating')
    def _compute_is_bad_rating(self):
        for case in self:
            case.is_bad_rating = case.rating in BAD_RATINGS

    @api.depends('date_done', 'date_terminated')
    def _compute_date_closed(self):
        for case in self:
            case.date_closed = case.date_done or case.date_terminated

    @api.multi
    def _can_confirm_completion(self):
        """The applicant signs off the completion (办结单) once every item is closed and the
        results are reported: from the archiving step (资料移交, which the form states) to
        the completion. The agent's completion and the rating may come before or after."""
        self.ensure_one()
        return (self.flow_step in ('archive', 'evaluate', 'done')
                and not self.completion_confirmed_date
                and bool(self.line_ids) and all(not line.is_open for line in self.line_ids))

    @api.multi
    def _confirm_completion(self, partner, date=False):
        """Record the applicant's sign-off of the completion (Annex 6), once."""
        self.ensure_one()
        if self.completion_confirmed_date:
            raise UserError(_('Case %s: the completion is confirmed already.') % self.name)
        if self.flow_step not in ('archive', 'evaluate', 'done'):
            raise UserError(_('Case %s: the completion is confirmed once the materials are '
                              'handed back.') % self.name)
        self._check_can_complete()
        if not self.line_ids:
            raise UserError(_('Case %s has no declaration plan yet.') % self.name)
        date = date or self._today()
        self._write_case({'completion_confirmed_date': date,
                          'completion_confirmed_by': partner.id})
        self.message_post(body=plaintext2html(
            _('%s confirmed the completion of the service online.') % partner.name),
            subtype='mail.mt_note')
        return True

    @api.multi
    def _can_rate(self):
        self.ensure_one()
        return self.flow_step in COMPLETED_STEPS and not self.rating

    @api.multi
    def _check_closing_date(self, date):
        """A completion, termination or rating date (today when empty): not before the
        application, not in the future. Returns it as a date string."""
        self.ensure_one()
        today = self._today()
        date = fields.Date.to_string(to_date(date)) if date else today
        if date > today:
            raise UserError(_('Case %s: the date %s is in the future.') % (self.name, date))
        if date < self.date_applied:
            raise UserError(_('Case %s: the date %s is before the application date %s.')
                            % (self.name, date, self.date_applied))
        return date

    @api.multi
    def _add_returned_materials(self, materials, date):
        """Record the materials handed back (a list of values: name, kind, copies,
        date_returned, received_by, note); the day returned is ``date`` and the receiver
        the project's contact person unless given. At least one is needed, recorded now or
        before."""
        self.ensure_one()
        self.check_access_rights('write')  # the case's closing: its own refusal first
        self.check_access_rule('write')
        if isinstance(materials, str):  # a script's list in words: 营业执照原件;备案证明原件
            materials = [{'name': name.strip()}
                         for name in re.split(MATERIAL_SEPARATORS, materials) if name.strip()]
        for values in materials or []:
            self.env['agency.case.returned.material'].create(dict(
                values, case_id=self.id,
                date_returned=values.get('date_returned') or date,
                received_by=(values.get('received_by') or '').strip() or
                self.project_id.contact_name))
        self._check_materials_returned()

    @api.multi
    def _complete(self, date=False, materials=None):
        """Complete the case (办结): every item closed, materials handed back; moves it to
        the completion stage and attaches the completion form (Annex 6)."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(_('Case %s is closed already.') % self.name)
        if not self.line_ids:
            raise UserError(_('Case %s has no declaration plan yet.') % self.name)
        self._check_can_complete()
        date = self._check_closing_date(date)
        last_result = max([d for d in self.line_ids.mapped('result_date') if d] or [date])
        if date < last_result:
            raise UserError(_('Case %s cannot be completed on %s, before the result of its last '
                              'item (%s).') % (self.name, date, last_result))
        self._add_returned_materials(materials, date)
        # The case passes 结果反馈 (if its data has not moved it there yet), 归档返还 with
        # the materials handed back, then 办结; the gates check that every item is closed.
        self._advance()
        if self.flow_step != 'archive':
            self._enter_step('archive', {'date_archive': self.date_archive or date})
        self._enter_step('done', {'date_done': date})
        if self.rating:  # rated before the completion (cases of the former flow)
            self._enter_step('evaluate', {'date_evaluate': self.date_evaluate or date})
        return self._attach_form('investment_agency.report_case_completion')

    @api.multi
    def _terminate(self, reason, note=False, date=False, materials=None):
        """Terminate the case (终止) for one of the conditions of the plan: withdraws the open
        items, moves it to the termination stage and attaches the termination form (Annex 8)."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(_('Case %s is closed: it cannot be terminated.') % self.name)
        if reason not in dict(self._fields['termination_reason'].selection):
            raise UserError(_('Case %s: choose the reason of the termination.') % self.name)
        note = (note or '').strip()
        if reason == 'other' and not note:
            raise UserError(_('Case %s: describe the reason of the termination.') % self.name)
        date = self._check_closing_date(date)
        self._add_returned_materials(materials, date)
        stage = self.env['agency.stage'].search([('flow_step', '=', 'terminated')], limit=1)
        if not stage:
            raise UserError(_('No case stage stands for the termination step.'))
        open_lines = self.line_ids.filtered('is_open')
        if open_lines:
            open_lines.write({'state': 'withdrawn'})
        self._write_case({
            'stage_id': stage.id,
            'date_terminated': date,
            'termination_reason': reason,
            'termination_note': note or False,
        })
        return self._attach_form('investment_agency.report_case_termination')

    @api.multi
    def _record_evaluation(self, rating, comment=False, rater=False, channel='online',
                           date=False):
        """Record the applicant's rating of the service (Annex 7, national 好差评 scale), once.

        Allowed once the case is completed (办结); moves it to the follow-up and evaluation
        step (回访评价). Attaches the evaluation form. A bad rating (不满意, 非常不满意)
        opens a follow-up for the region's manager; returns it, or an empty recordset.
        """
        self.ensure_one()
        if self.flow_step not in COMPLETED_STEPS:
            raise UserError(_('Case %s is rated once it is completed.') % self.name)
        if self.rating:
            raise UserError(_('Case %s is rated already: a rating cannot be changed.')
                            % self.name)
        if rating not in dict(RATINGS):
            raise UserError(_('Case %s: choose a rating.') % self.name)
        if channel not in dict(RATING_CHANNELS):
            raise UserError(_('Case %s: choose the channel of the rating.') % self.name)
        date = self._check_closing_date(date)
        self._write_case({
            'rating': rating,
            'rating_date': date,
            'rating_comment': (comment or '').strip() or False,
            'rating_channel': channel,
        })
        # The agent recording a paper form at the window writes the rater, never reads it.
        self.sudo()._write_case({
            'rating_rater': (rater or '').strip() or self.sudo().project_id.contact_name})
        if self.flow_step == 'done':
            self._enter_step('evaluate', {'date_evaluate': self.date_evaluate or date})
        followup = self.env['agency.rating.followup']
        if rating in BAD_RATINGS:
            followup = followup._create_for_case(self)
        self._attach_form('investment_agency.report_case_evaluation')
        return followup

    @api.multi
    def _attach_form(self, report_xmlid):
        """Print a form of the case, attach the PDF to it and say so in the chatter."""
        self.ensure_one()
        report = self.env.ref(report_xmlid)
        pdf, _format = report.render_qweb_pdf(self.ids)
        name = '%s.pdf' % safe_eval(report.print_report_name, {'object': self, 'time': time})
        attachment = self.env['ir.attachment'].create({
            'name': name,
            'datas_fname': name,
            'datas': base64.b64encode(pdf),
            'res_model': self._name,
            'res_id': self.id,
            'mimetype': 'application/pdf',
        })
        self.message_post(body=plaintext2html(_('%s printed and attached.') % report.name),
                          attachment_ids=attachment.ids, subtype='mail.mt_note')
        return attachment
