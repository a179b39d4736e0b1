"""The declaration plan of a case (项目申报计划, 二(五)): one line per requested item, each
planned from the phases of the catalog (items of a phase in parallel, unless an item runs
alone or follows another), and the plan's figures: planned completion, working days
planned, one after another, and saved by handling items in parallel (统筹压减)."""
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import html_escape

from .agency_case_verification import UNVERIFIED_STEPS
from .dates import to_date
from .resource_calendar import service_today

# Set by the plan's generation only (never by a client).
PLAN_FIELDS = ('date_planned_end', 'plan_days', 'sequential_days', 'plan_days_saved')


class AgencyCasePlanning(models.AbstractModel):
    _name = 'agency.case.planning'
    _description = 'Agency Case: Declaration Plan'

    # 代办帮办方案 (二(五)): what the service achieves, the joint reviews it foresees, its
    # risks; the items with their agent and liaison are the declaration plan's lines.
    plan_goal = fields.Text(string='Service Goal', copy=False, track_visibility='onchange',
                            help='What the service achieves for the project, and by when.')
    plan_meetings = fields.Text(string='Meetings Foreseen', copy=False,
                                track_visibility='onchange',
                                help='The joint reviews (会商联审) and coordination meetings the '
                                     'plan foresees; those scheduled are listed from Meetings.')
    plan_risks = fields.Text(string='Risks and Responses', copy=False,
                             track_visibility='onchange',
                             help='What could delay the project, and what the agent does then.')
    service_plan = fields.Html(string='Further Measures', help='代办帮办方案: other measures.')
    date_plan_start = fields.Date(string='Plan Starts On', copy=False)
    date_planned_end = fields.Date(string='Planned Completion', copy=False, readonly=True,
                                   track_visibility='onchange')
    plan_days = fields.Integer(string='Planned Working Days', copy=False, readonly=True,
                               help='Working days from the start of the plan to its completion, '
                                    'items of a phase handled in parallel.')
    sequential_days = fields.Integer(string='Working Days One After Another', copy=False,
                                     readonly=True)
    plan_days_saved = fields.Integer(string='Working Days Saved by the Plan', copy=False,
                                     readonly=True,
                                     help='统筹压减: one after another minus the plan.')
    is_overdue = fields.Boolean(string='Overdue Case', compute='_compute_due',
                                search='_search_overdue',
                                help='An item is overdue, or the planned completion has passed.')
    is_due_this_week = fields.Boolean(string='Due This Week', compute='_compute_due',
                                      search='_search_due_this_week',
                                      help='The planned completion falls in this week.')

    @api.multi
    def action_generate_plan(self):
        """Create a line per requested item and schedule them (declaration plan)."""
        for case in self:
            case._check_can_plan()
            case._sync_lines()
            case._schedule_lines()
            case._advance()
        return True

    @api.multi
    def _check_service_plan(self):
        """The service plan is made before the items are declared (申报办理)."""
        env = self.with_context(lang=self._agency_lang()).env  # the language of _()
        for case in self:
            missing = [case._fields[name].get_description(env)['string']
                       for name in ('plan_goal', 'plan_risks') if not (case[name] or '').strip()]
            if missing:
                raise UserError(
                    _('Case %s: the service plan is made before the items are declared; fill '
                      'in on its tab: %s.') % (case.name, '、'.join(missing)))

    @api.multi
    def _check_can_plan(self):
        self.ensure_one()
        if self.is_closed:
            raise UserError(_('Case %s is closed.') % self.name)
        if self.flow_step in UNVERIFIED_STEPS:
            self._check_verified()
        if not self.letters_signed:
            raise UserError(
                _('Case %s: both the authorization letter and the commitment letter must be '
                  'signed before the plan is made.') % self.name)
        if not self.item_ids:
            raise UserError(_('Case %s requests no item.') % self.name)

    @api.multi
    def _post_item_change(self, old_items):
        self.ensure_one()
        added, removed = self.item_ids - old_items, old_items - self.item_ids
        parts = []
        if added:
            parts.append(_('Items requested: %s') % ', '.join(added.mapped('name')))
        if removed:
            parts.append(_('Items no longer requested: %s') % ', '.join(removed.mapped('name')))
        self.message_post(body='<br/>'.join(html_escape(part) for part in parts),
                          subtype='mail.mt_note')

    @api.multi
    def _sync_lines(self):
        """One line per requested item; drop lines of items no longer requested if not started."""
        self.ensure_one()
        Line = self.env['agency.case.line']
        publications = self.env['agency.item.publication'].search([
            ('region_id', '=', self.region_id.id), ('item_id', 'in', self.item_ids.ids),
            ('state', '=', 'published')])
        by_item = {pub.item_id: pub for pub in publications}
        existing = self.line_ids.mapped('item_id')
        for item in self.item_ids - existing:
            publication = by_item[item]
            department = publication.department_id or publication._find_department(
                self.region_id, item)
            if not department:
                raise UserError(
                    _('%s has no department to handle "%s": add it in the catalog first.')
                    % (self.region_id.name, item.name))
            Line.create({
                'case_id': self.id,
                'item_id': item.id,
                'department_id': department.id,
                'liaison_user_id': department.liaison_user_ids[:1].id,
            })
        dropped = self.line_ids.filtered(lambda line: line.item_id not in self.item_ids)
        started = dropped.filtered(lambda line: line.state != 'todo')
        if started:
            raise UserError(
                _('These items are already declared and stay in the plan (withdraw them '
                  'instead): %s') % ', '.join(started.mapped('item_id.name')))
        dropped.unlink()

    @api.multi
    def _schedule_lines(self, start=None):
        """Plan each line's dates: items of a phase run in parallel, unless the item is not
        parallel or must follow another item; a phase starts when the earlier ones end."""
        self.ensure_one()
        calendar = self.region_id._get_calendar()
        start = fields.Date.from_string(start or self.date_plan_start or calendar.agency_today())
        lines = self.line_ids.sorted(lambda l: (l.phase_id.sequence, l.item_id.number))
        end_of = {}  # item -> planned end date
        phase_start = start
        order = 0
        for phase in lines.mapped('phase_id').sorted('sequence'):
            phase_lines = lines.filtered(lambda l: l.phase_id == phase)
            phase_end = phase_start
            pending = list(phase_lines)
            serial_end = None
            while pending:
                ready = [line for line in pending
                         if all(pred in end_of or pred not in phase_lines.mapped('item_id')
                                for pred in line.item_id.predecessor_ids)]
                if not ready:  # the catalog forbids cycles; never loop forever
                    ready = pending[:1]
                # Parallel items first, then the items that must run alone.
                ready.sort(key=lambda l: (not l.item_id.parallel, l.item_id.number))
                for line in ready:
                    line_start = phase_start
                    for pred in line.item_id.predecessor_ids:
                        if pred in end_of:
                            line_start = max(line_start, end_of[pred])
                    if not line.item_id.parallel:
                        line_start = max(line_start, serial_end or phase_end)
                    line_end = calendar.agency_add_working_days(line_start, line.committed_days)
                    if not line.item_id.parallel:
                        serial_end = line_end
                    end_of[line.item_id] = line_end
                    phase_end = max(phase_end, line_end)
                    order += 1
                    line.write({
                        'sequence': order,
                        'planned_start': fields.Date.to_string(line_start),
                        'planned_end': fields.Date.to_string(line_end),
                    })
                    pending.remove(line)
            phase_start = phase_end
        planned_end = max(end_of.values()) if end_of else start
        self._write_plan_figures(start, planned_end)

    @api.multi
    def _write_plan_figures(self, start=None, planned_end=None):
        """The plan's figures from its start and end (by default, those of its lines'
        planned dates): planned completion, working days planned, the working days the
        items would take one after another and those saved by parallel handling."""
        for case in self:
            calendar = case.region_id._get_calendar()
            starts = [day for day in case.line_ids.mapped('planned_start') if day]
            ends = [day for day in case.line_ids.mapped('planned_end') if day]
            first = start or (min(starts) if starts else case._today())
            last = planned_end or (max(ends) if ends else first)
            plan_days = calendar.agency_working_days_between(first, last)
            sequential = sum(case.line_ids.mapped('committed_days'))
            case._write_case({
                'date_plan_start': fields.Date.to_string(to_date(first)),
                'date_planned_end': fields.Date.to_string(to_date(last)),
                'plan_days': plan_days,
                'sequential_days': sequential,
                'plan_days_saved': sequential - plan_days,
            })

    # ---- overdue and due this week: the filters of the board and the dashboard

    @api.model
    def _week_of_today(self):
        """(today, Monday, Sunday) of the service's week, as date strings."""
        today = fields.Date.from_string(service_today(self))
        monday = today - timedelta(days=today.weekday())
        return tuple(fields.Date.to_string(day)
                     for day in (today, monday, monday + timedelta(days=6)))

    def _compute_due(self):
        today, monday, sunday = self._week_of_today()
        for case in self:
            end = case.date_planned_end
            case.is_overdue = not case.is_closed and (
                case.light == 'red' or bool(end and end < today))
            case.is_due_this_week = not case.is_closed and bool(end and monday <= end <= sunday)

    @api.model
    def _search_flag(self, domain, operator, value):
        """The domain of a searchable flag, or its negation, in the normal form that a
        field's search method must return."""
        domain = expression.normalize_domain(domain)
        return domain if (operator == '=') == bool(value) else ['!'] + domain

    def _search_overdue(self, operator, value):
        today = self._week_of_today()[0]
        domain = [('is_closed', '=', False), '|', ('light', '=', 'red'),
                  ('date_planned_end', '<', today)]
        return self._search_flag(domain, operator, value)

    def _search_due_this_week(self, operator, value):
        _today, monday, sunday = self._week_of_today()
        domain = [('is_closed', '=', False), ('date_planned_end', '>=', monday),
                  ('date_planned_end', '<=', sunday)]
        return self._search_flag(domain, operator, value)
