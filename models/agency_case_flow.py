"""The steps of the Annex 2 flow a case goes through (申请受理, 接洽核实, 签订委托, 制定方案,
申报办理, 结果反馈, 归档返还, 办结, 回访评价; or 终止), and the gate of each step: whoever
writes the stage (stage bar, kanban, buttons, actions, RPC), ``_check_stage_gate`` decides
on the case's data and the values written with it."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .agency_case_line import CLOSED_LINE_STATES
from .agency_stage import FLOW_STEPS

# The steps in their order; a case goes through them one after another, and may be
# terminated from any open step.
STEP_ORDER = [step for step, _label in FLOW_STEPS]
MAIN_STEPS = [step for step in STEP_ORDER if step != 'terminated']
# The steps the agent enters himself (form buttons, stage bar); the others are entered by
# the case's actions: 归档返还 and 办结 by the completion wizard, 回访评价 by the rating.
MANUAL_STEPS = ('verify', 'sign', 'plan', 'declare', 'feedback')
# The dates of the steps, set as the case enters them (never by a client).
STEP_DATE_FIELDS = ('date_verify', 'date_sign', 'date_plan', 'date_declare', 'date_feedback',
                    'date_archive', 'date_evaluate')


class AgencyCaseFlow(models.AbstractModel):
    _name = 'agency.case.flow'
    _description = 'Agency Case: Flow Steps'

    # The date the case first entered each step (date_applied, date_done and
    # date_terminated are the case's and its closing's).
    date_verify = fields.Date(string='Contacted On', copy=False, readonly=True)
    date_sign = fields.Date(string='Signing Step On', copy=False, readonly=True)
    date_plan = fields.Date(string='Planned On', copy=False, readonly=True)
    date_declare = fields.Date(string='Declaration Started On', copy=False, readonly=True)
    date_feedback = fields.Date(string='Results Reported On', copy=False, readonly=True)
    date_archive = fields.Date(string='Archived On', copy=False, readonly=True)
    date_evaluate = fields.Date(string='Follow-up On', copy=False, readonly=True)

    @api.multi
    def action_next_step(self):
        """The agent's step forward (the buttons of the form): to the next step of the flow,
        through its gate, like a click on the stage bar."""
        for case in self:
            step = case._next_step()
            if step not in MANUAL_STEPS:
                raise UserError(_('Case %s: the next step (%s) is entered through its own '
                                  'action, not by this button.')
                                % (case.name, case._step_label(step)))
            case.write({'stage_id': case._stage_of(step).id})
        return True

    @api.multi
    def _check_stage_gate(self, stage, vals):
        """May the cases move to ``stage`` with the values ``vals`` written with it? The one
        place of the flow's rules, whoever writes (stage bar, kanban, buttons, actions, RPC):
        a case goes forward one step at a time, each step entered through its gate
        (``_check_enter_<step>``); it never goes back; it is terminated from any open step
        through the termination wizard; a closed case moves only from 办结 to 回访评价."""
        for case in self:
            if case.stage_id == stage:
                continue
            step = stage.flow_step
            if case.is_closed and not (case.flow_step == 'done' and step == 'evaluate'):
                raise UserError(_('Case %s is closed: its stage cannot change.') % case.name)
            # What the step needs first (its reason is the clearer one), then its place.
            getattr(case, '_check_enter_%s' % step)(vals)
            if step != 'terminated' and step != case.flow_step:
                if STEP_ORDER.index(step) < STEP_ORDER.index(case.flow_step):
                    raise UserError(
                        _('Case %s is at the step %s: a case does not go back to the step %s.')
                        % (case.name, case.stage_id.name, stage.name))
                following = case._next_step()
                if step != following:
                    raise UserError(
                        _('Case %s is at the step %s: it goes on to the step %s first, one '
                          'step at a time.')
                        % (case.name, case.stage_id.name, case._step_label(following)))

    def _vals_or_case(self, vals, name):
        return vals[name] if name in vals else self[name]

    @api.multi
    def _check_enter_apply(self, vals):
        raise UserError(_('Case %s: a case starts at the application step; it does not '
                          'return to it.') % self.name)

    @api.multi
    def _check_enter_verify(self, vals):
        if not self._vals_or_case(vals, 'user_id'):
            raise UserError(_('Case %s has no agent yet: assign an agent, who then contacts '
                              'the applicant.') % self.name)

    @api.multi
    def _check_enter_sign(self, vals):
        self._check_verified()
        self._check_letters_signed(vals)

    @api.multi
    def _check_letters_signed(self, vals):
        if not (self._vals_or_case(vals, 'date_authorization') and
                self._vals_or_case(vals, 'date_commitment')):
            raise UserError(
                _('Case %s: both the authorization letter and the commitment letter must '
                  'be signed first (dates on the Letters tab).') % self.name)

    @api.multi
    def _check_enter_plan(self, vals):
        self._check_verified()
        self._check_plan_made(vals)

    @api.multi
    def _check_plan_made(self, vals):
        """The letters signed and the plan made (the steps after the plan check no more the
        verification, which the case passed entering the signing step)."""
        self._check_letters_signed(vals)
        if not self.line_ids:
            raise UserError(_('Case %s has no declaration plan yet: generate it first.')
                            % self.name)

    @api.multi
    def _check_enter_declare(self, vals):
        self._check_plan_made(vals)
        self._check_service_plan()

    @api.multi
    def _check_enter_feedback(self, vals):
        self._check_plan_made(vals)
        open_lines = self.line_ids.filtered('is_open')
        if open_lines:
            raise UserError(
                _('Case %s: the results are reported once every item is closed; still open: '
                  '%s') % (self.name, ', '.join(open_lines.mapped('item_id.name'))))

    @api.multi
    def _check_enter_archive(self, vals):
        self._check_enter_feedback(vals)
        self._check_materials_returned()

    @api.multi
    def _check_enter_done(self, vals):
        if not vals.get('date_done'):
            raise UserError(_('A case is completed only through the completion wizard.'))
        self._check_materials_returned()
        self._check_can_complete()

    @api.multi
    def _check_enter_evaluate(self, vals):
        if not self._vals_or_case(vals, 'rating'):
            raise UserError(_('Case %s enters the follow-up and evaluation with the '
                              "applicant's rating (the Evaluate button).") % self.name)

    @api.multi
    def _check_enter_terminated(self, vals):
        if not all(vals.get(name) for name in ('termination_reason', 'date_terminated')):
            raise UserError(_('A case is terminated only through the termination '
                              'wizard, with a reason.'))
        self._check_materials_returned()
        if self.line_ids.filtered('is_open'):
            raise UserError(_('Case %s: withdraw its open items before terminating it.')
                            % self.name)

    @api.multi
    def _check_materials_returned(self):
        """Archived, completed or terminated once the materials handed back to the
        applicant are recorded, one record each (printed on Annexes 6 and 8)."""
        for case in self:
            if not case.returned_material_ids:
                raise UserError(_('Case %s: record the materials handed back to the applicant '
                                  '(at least one) before it is archived, completed or '
                                  'terminated.') % case.name)

    @api.multi
    def _check_can_archive(self):
        """A case with open items stays on the board: close or withdraw them first."""
        for case in self:
            open_lines = case.line_ids.filtered('is_open')
            if open_lines:
                raise UserError(
                    _('Case %s cannot be archived while these items are open: %s. Complete '
                      'or terminate the case first.')
                    % (case.name, ', '.join(open_lines.mapped('item_id.name'))))
        self._check_materials_settled()

    @api.multi
    def _check_can_complete(self):
        for case in self:
            open_lines = case.line_ids.filtered(lambda line: line.state not in CLOSED_LINE_STATES)
            if open_lines:
                raise UserError(
                    _('Case %s cannot be completed while these items are open: %s')
                    % (case.name, ', '.join(open_lines.mapped('item_id.name'))))
        self._check_materials_settled()

    @api.multi
    def _next_step(self):
        """The step that follows the case's step in the flow (False after the last)."""
        self.ensure_one()
        if self.flow_step not in MAIN_STEPS:
            return False
        index = MAIN_STEPS.index(self.flow_step) + 1
        return MAIN_STEPS[index] if index < len(MAIN_STEPS) else False

    @api.model
    def _stage_of(self, step):
        stage = self.env['agency.stage'].search([('flow_step', '=', step)], limit=1)
        if not stage:
            raise UserError(_('No case stage stands for the step %s.') % self._step_label(step))
        return stage

    @api.model
    def _step_label(self, step):
        stage = self.env['agency.stage'].search([('flow_step', '=', step)], limit=1)
        return stage.name or self.env['agency.stage']._agency_labels(
            'flow_step', self.env.lang).get(step, step or '')

    @api.multi
    def _automatic_step(self):
        """The step the case's data has reached by itself: an agent assigned (接洽核实),
        the project verified eligible and both letters signed (签订委托), the plan made
        (制定方案), an item declared (申报办理), every item closed (结果反馈)."""
        self.ensure_one()
        if not self.user_id:
            return 'apply'
        if not self.letters_signed:
            return 'verify'
        if self.flow_step in ('apply', 'verify') and self.verify_decision != 'eligible':
            return 'verify'
        if not self.line_ids:
            return 'sign'
        if all(line.state == 'todo' for line in self.line_ids):
            return 'plan'
        if self.line_ids.filtered('is_open'):
            return 'declare'
        return 'feedback'

    @api.multi
    def _advance(self):
        """Move each open case on, step by step, to the step its data has reached; every
        step passed is entered through its gate and dated."""
        for case in self.filtered(lambda case: not case.is_closed):
            target = STEP_ORDER.index(case._automatic_step())
            while case.flow_step in MAIN_STEPS and STEP_ORDER.index(case.flow_step) < target:
                case._enter_step(case._next_step())

    @api.multi
    def _enter_step(self, step, vals=None):
        """Move the case to the next step, ``step``, with ``vals`` (the action's values)."""
        self.ensure_one()
        self._write_case(dict(vals or {}, stage_id=self._stage_of(step).id))

    @api.multi
    def _set_step_dates(self):
        """The date each case entered its step, the first time it does."""
        for case in self:
            field = 'date_%s' % case.flow_step
            if field in STEP_DATE_FIELDS and not case[field]:
                case._write_case({field: case._today()})

    @api.multi
    def _step_date(self, step):
        """The date the case entered ``step`` (False if it has not)."""
        self.ensure_one()
        field = {'apply': 'date_applied'}.get(step, 'date_%s' % step)
        return self[field] if field in self._fields else False
