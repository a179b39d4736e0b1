from datetime import timedelta

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

LINE_STATES = [
    ('todo', 'To Declare'),
    ('declared', 'Declared'),
    ('accepted', 'Accepted'),
    ('correction', 'Under Correction'),
    ('done', 'Completed'),
    ('refused', 'Not Permitted'),
    ('withdrawn', 'Withdrawn'),
]
OPEN_LINE_STATES = ('todo', 'declared', 'accepted', 'correction')
CLOSED_LINE_STATES = ('done', 'refused', 'withdrawn')
# The time limit runs while accepted, and is paused while under correction (补正中).
CLOCK_STATES = ('accepted', 'correction')
TRANSITIONS = {
    'todo': ('declared', 'withdrawn'),
    'declared': ('todo', 'accepted', 'withdrawn'),
    'accepted': ('correction', 'done', 'refused', 'withdrawn'),
    'correction': ('accepted', 'refused', 'withdrawn'),
    'done': (),
    'refused': (),
    'withdrawn': (),
}
LIGHTS = [
    ('none', 'Not Running'),
    ('green', 'On Time'),
    ('yellow', 'Due Soon'),
    ('red', 'Overdue'),
]
LIGHT_RANK = {'none': 0, 'green': 1, 'yellow': 2, 'red': 3}
# Changes of these fields are posted in the chatter of the case.
TRACKED_FIELDS = ('state', 'department_id', 'date_accepted', 'deadline', 'planned_end',
                  'result_number', 'result_date')


class AgencyCaseLine(models.Model):
    """One requested item of a case (事项办理): plan, acceptance, time limit, result."""
    _name = 'agency.case.line'
    _description = 'Case Item'
    _order = 'case_id, sequence, id'
    _rec_name = 'item_id'

    case_id = fields.Many2one('agency.case', string='Case', required=True, index=True,
                              ondelete='cascade')
    item_id = fields.Many2one('agency.item', string='Item', required=True, index=True,
                              ondelete='restrict')
    publication_id = fields.Many2one('agency.item.publication', string='Published Item',
                                     ondelete='restrict')
    department_id = fields.Many2one('agency.department', string='Department', required=True,
                                    index=True, ondelete='restrict')
    region_id = fields.Many2one(related='case_id.region_id', store=True, index=True, readonly=True)
    user_id = fields.Many2one(related='case_id.user_id', string='Agent', store=True, index=True,
                              readonly=True)
    project_id = fields.Many2one(related='case_id.project_id', store=True, readonly=True)
    phase_id = fields.Many2one(related='item_id.phase_id', store=True, index=True, readonly=True)
    item_type = fields.Selection(related='item_id.item_type', store=True, readonly=True)
    sequence = fields.Integer(string='Order', default=10)
    state = fields.Selection(LINE_STATES, required=True, default='todo', index=True)
    is_open = fields.Boolean(compute='_compute_is_open', store=True, index=True)
    planned_start = fields.Date()
    planned_end = fields.Date()
    date_declared = fields.Date(string='Declared On')
    date_accepted = fields.Date(string='Accepted On', index=True)
    committed_days = fields.Integer(string='Committed Limit', help='Working days.')
    statutory_days = fields.Integer(string='Statutory Limit', help='Working days.')
    paused_days = fields.Integer(string='Paused Working Days', readonly=True,
                                 help='Working days spent under correction (补正), not counted.')
    pause_start = fields.Date(string='Correction Since', readonly=True)
    deadline = fields.Date(compute='_compute_deadline', store=True, index=True,
                           help='Acceptance date plus the committed limit in working days, '
                                'moved by the days under correction.')
    light = fields.Selection(LIGHTS, compute='_compute_light', store=True, index=True)
    alerted_light = fields.Selection(LIGHTS, readonly=True, default='none',
                                     help='The worst light the agent was given an activity for.')
    escalation_level = fields.Integer(readonly=True, default=0,
                                      help='1: sent to the managers of the region; '
                                           '2: to those of the region above.')
    deficiency_used = fields.Boolean(string='Deficiency Acceptance',
                                     help='Accepted with non-key materials missing (容缺受理).')
    pledge_used = fields.Boolean(string='Notification Pledge',
                                 help='Approved on a written promise (告知承诺制).')
    result_number = fields.Char(string='Result Document No.')
    result_date = fields.Date(string='Result Date')
    date_closed = fields.Date(string='Closed On', readonly=True, index=True)
    working_days_used = fields.Integer(compute='_compute_working_days_used', store=True)
    days_saved = fields.Integer(string='Days Saved', compute='_compute_working_days_used',
                                store=True, help='Statutory limit minus the working days used.')
    on_time = fields.Boolean(compute='_compute_working_days_used', store=True, index=True)
    attachment_ids = fields.Many2many('ir.attachment', 'agency_case_line_attachment_rel',
                                      'line_id', 'attachment_id', string='Documents')
    note = fields.Text()

    # ------------------------------------------------------------------ computes

    @api.depends('state')
    def _compute_is_open(self):
        for line in self:
            line.is_open = line.state in OPEN_LINE_STATES

    @api.depends('date_accepted', 'committed_days', 'paused_days', 'pause_start', 'state')
    def _compute_deadline(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        counters = {}
        for line in self:
            if not line.date_accepted:
                line.deadline = False
                continue
            counter = line._counter(counters)
            extra = line.paused_days
            if line.state == 'correction' and line.pause_start:
                extra += max(counter.between(line.pause_start, today), 0)
            line.deadline = fields.Date.to_string(
                counter.add(line.date_accepted, line.committed_days + extra))

    @api.depends('deadline', 'state')
    def _compute_light(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        warning_days = self._warning_days()
        counters = {}
        for line in self:
            if line.state != 'accepted' or not line.deadline:
                line.light = 'none'
                continue
            threshold = line._counter(counters).add(today, warning_days)
            line.light = self._light_for(fields.Date.from_string(line.deadline), today, threshold)

    @api.depends('date_accepted', 'result_date', 'date_closed', 'paused_days', 'pause_start',
                 'state', 'statutory_days', 'deadline')
    def _compute_working_days_used(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        counters = {}
        for line in self:
            used = 0
            if line.date_accepted and line.state != 'withdrawn':
                counter = line._counter(counters)
                end = line.result_date or line.date_closed or today
                if line.state not in CLOSED_LINE_STATES:
                    end = today
                used = max(counter.between(line.date_accepted, end), 0) - line.paused_days
                if line.state == 'correction' and line.pause_start:
                    used -= max(counter.between(line.pause_start, today), 0)
                used = max(used, 0)
            line.working_days_used = used
            closed = line.state in ('done', 'refused')
            line.days_saved = line.statutory_days - used if closed else 0
            line.on_time = bool(closed and line.deadline and
                                (line.result_date or line.date_closed) <= line.deadline)

    # ------------------------------------------------------------------ constraints

    @api.constrains('deficiency_used', 'pledge_used', 'item_id')
    def _check_simplifications(self):
        for line in self.sudo():
            materials = line.item_id.material_ids
            if line.deficiency_used and not materials.filtered('allow_deficiency'):
                raise ValidationError(
                    _('"%s" allows no deficiency acceptance (容缺受理).') % line.item_id.name)
            if line.pledge_used and not materials.filtered('allow_pledge'):
                raise ValidationError(
                    _('"%s" allows no notification pledge (告知承诺).') % line.item_id.name)

    @api.constrains('date_declared', 'date_accepted', 'result_date')
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for line in self.sudo():
            if line.date_accepted and line.date_declared and line.date_accepted < line.date_declared:
                raise ValidationError(
                    _('"%s" cannot be accepted (%s) before it is declared (%s).')
                    % (line.item_id.name, line.date_accepted, line.date_declared))
            if line.result_date and line.date_accepted and line.result_date < line.date_accepted:
                raise ValidationError(
                    _('The result of "%s" (%s) cannot be dated before its acceptance (%s).')
                    % (line.item_id.name, line.result_date, line.date_accepted))
            for value in (line.date_declared, line.date_accepted, line.result_date):
                if value and value > today:
                    raise ValidationError(
                        _('"%s": %s is in the future.') % (line.item_id.name, value))

    @api.constrains('department_id', 'case_id')
    def _check_department(self):
        for line in self.sudo():
            if line.department_id.region_id != line.case_id.region_id:
                raise ValidationError(
                    _('Department %s does not belong to the region of case %s.')
                    % (line.department_id.name, line.case_id.name))

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if vals.get('state', 'todo') != 'todo' and not self.env.context.get('install_mode'):
            raise UserError(_('A new item of a plan starts as "to declare".'))
        return super(AgencyCaseLine, self).create(vals)

    @api.multi
    def write(self, vals):
        old = {line.id: {name: line[name] for name in TRACKED_FIELDS} for line in self}
        if 'state' in vals:
            for line in self:
                values = dict(vals, **line._prepare_state_values(vals['state'], vals))
                super(AgencyCaseLine, line).write(values)
            res = True
        else:
            res = super(AgencyCaseLine, self).write(vals)
        self._post_changes(old)
        if vals.get('state') in CLOSED_LINE_STATES:
            self._close_alerts()
        if vals.get('state') in ('declared', 'accepted'):
            self.mapped('case_id')._advance_to_declaration()
        return res

    @api.multi
    def unlink(self):
        started = self.filtered(lambda line: line.state != 'todo')
        if started and not self.env.context.get('agency_case_unlink'):
            raise UserError(_('Declared items stay in the plan: withdraw them instead.'))
        return super(AgencyCaseLine, self).unlink()

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_declare(self):
        return self.write({'state': 'declared'})

    @api.multi
    def action_accept(self):
        return self.write({'state': 'accepted'})

    @api.multi
    def action_request_correction(self):
        return self.write({'state': 'correction'})

    @api.multi
    def action_resume(self):
        return self.write({'state': 'accepted'})

    @api.multi
    def action_done(self):
        return self.write({'state': 'done'})

    @api.multi
    def action_refuse(self):
        return self.write({'state': 'refused'})

    @api.multi
    def action_withdraw(self):
        return self.write({'state': 'withdrawn'})

    @api.multi
    def action_open_case(self):
        self.ensure_one()
        return self.case_id.get_formview_action()

    # ------------------------------------------------------------------ business

    @api.multi
    def _counter(self, cache=None):
        """A working-day counter of the case's region calendar; ``cache`` keeps one per
        calendar across the lines of a loop."""
        self.ensure_one()
        calendar = self.case_id.region_id._get_calendar() or \
            self.env['resource.calendar'].agency_default_calendar()
        cache = {} if cache is None else cache
        if calendar.id not in cache:
            today = fields.Date.from_string(fields.Date.context_today(self))
            cache[calendar.id] = calendar._agency_counter(
                today - timedelta(days=400), today + timedelta(days=60))
        return cache[calendar.id]

    @api.model
    def _warning_days(self):
        return int(self.env['ir.config_parameter'].sudo().get_param(
            'investment_agency.warning_days', 3))

    @api.model
    def _escalation_days(self):
        return int(self.env['ir.config_parameter'].sudo().get_param(
            'investment_agency.escalation_days', 2))

    @staticmethod
    def _light_for(deadline, today, threshold):
        """Red when overdue, yellow when due by ``threshold``, else green."""
        if deadline < today:
            return 'red'
        if deadline <= threshold:
            return 'yellow'
        return 'green'

    @api.multi
    def _check_transition(self, old_state, new_state):
        self.ensure_one()
        if new_state != old_state and new_state not in TRANSITIONS[old_state]:
            states = dict(self._fields['state']._description_selection(self.env))
            raise UserError(
                _('"%s" cannot go from %s to %s.')
                % (self.item_id.name, states[old_state], states[new_state]))

    @api.multi
    def _prepare_state_values(self, new_state, vals):
        """The values that go with a change of state (dates, pause)."""
        self.ensure_one()
        self._check_transition(self.state, new_state)
        if new_state == self.state:
            return {}
        today = fields.Date.context_today(self)
        values = {}
        if new_state in ('declared', 'accepted') and not self.case_id.letters_signed:
            raise UserError(_('Case %s: the letters are not signed yet.') % self.case_id.name)
        if new_state == 'declared' and not (vals.get('date_declared') or self.date_declared):
            values['date_declared'] = today
        if new_state == 'accepted' and self.state == 'declared':
            if not self.project_id.has_valid_code():
                raise UserError(
                    _('Project "%s" has no valid project code: departments accept no item '
                      'without it.') % self.project_id.name)
            if not (vals.get('date_accepted') or self.date_accepted):
                values['date_accepted'] = today
        if new_state == 'correction':
            values['pause_start'] = vals.get('pause_start') or today
        if self.state == 'correction' and new_state != 'correction' and self.pause_start:
            paused = max(self._counter().between(self.pause_start, today), 0)
            values.update(paused_days=self.paused_days + paused, pause_start=False)
        if new_state == 'done' and not (vals.get('result_number') or self.result_number):
            raise UserError(_('Give the result document number of "%s" first.') % self.item_id.name)
        if new_state in CLOSED_LINE_STATES:
            values['date_closed'] = today
            if new_state in ('done', 'refused') and not (vals.get('result_date') or self.result_date):
                values['result_date'] = today
        return values

    @api.multi
    def _post_changes(self, old):
        """Post the changes of tracked fields in the chatter of each case."""
        labels = {name: self._fields[name].get_description(self.env)['string']
                  for name in TRACKED_FIELDS}
        messages = {}
        for line in self:
            changes = []
            for name in TRACKED_FIELDS:
                before, after = old[line.id][name], line[name]
                if before != after:
                    changes.append('%s: %s → %s' % (
                        labels[name], line._display_value(name, before),
                        line._display_value(name, after)))
            if changes:
                messages.setdefault(line.case_id, []).append(
                    '<b>%s</b><br/>%s' % (line.item_id.name, '<br/>'.join(changes)))
        # Posted by the user who made the change, also a liaison agent who may not write
        # the case itself.
        author = self.env.user.partner_id.id
        for case, bodies in messages.items():
            case.sudo().message_post(body='<br/>'.join(bodies), subtype='mail.mt_note',
                                     author_id=author)

    @api.multi
    def _display_value(self, name, value):
        field = self._fields[name]
        if not value:
            return '-'
        if field.type == 'selection':
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == 'many2one':
            return value.display_name
        return value

    @api.multi
    def _close_alerts(self):
        activities = self.env['mail.activity'].sudo().search([('agency_line_id', 'in', self.ids)])
        if activities:
            activities.action_feedback(feedback=_('The item is closed.'))

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_update_lights(self):
        """Daily: move deadlines of paused lines, recompute days used and lights, give
        activities on yellow and red and escalate red lines. A fixed number of queries,
        whatever the number of lines."""
        cr = self.env.cr
        today = fields.Date.from_string(fields.Date.context_today(self))
        warning_days = self._warning_days()
        escalation_days = self._escalation_days()
        default_calendar = self.env['resource.calendar'].agency_default_calendar()
        cr.execute("""
            SELECT l.id, l.case_id, l.state, l.date_accepted, COALESCE(l.committed_days, 0),
                   COALESCE(l.paused_days, 0), l.pause_start, l.deadline, l.light,
                   COALESCE(l.alerted_light, 'none'), COALESCE(l.escalation_level, 0),
                   COALESCE(l.working_days_used, 0),
                   c.user_id, c.region_id, c.name, r.calendar_id, i.name
              FROM agency_case_line l
              JOIN agency_case c ON c.id = l.case_id
              JOIN agency_region r ON r.id = c.region_id
              JOIN agency_item i ON i.id = l.item_id
             WHERE l.state IN %s AND l.date_accepted IS NOT NULL AND c.active
        """, (CLOCK_STATES,))
        to_date = fields.Date.from_string  # Odoo's cursor returns dates as strings
        rows = [row[:3] + (to_date(row[3]),) + row[4:6] + (to_date(row[6]), to_date(row[7])) +
                row[8:] for row in cr.fetchall()]
        if not rows:
            return 0
        start = min(row[3] for row in rows) - timedelta(days=1)
        counters = {}
        updates, alerts = [], []
        for (line_id, case_id, state, accepted, committed, paused, pause_start, deadline,
             light, alerted, level, used, user_id, region_id, case_name, calendar_id,
             item_name) in rows:
            calendar_id = calendar_id or default_calendar.id
            if calendar_id not in counters:
                counters[calendar_id] = self.env['resource.calendar'].browse(
                    calendar_id)._agency_counter(start, today + timedelta(days=400))
            counter = counters[calendar_id]
            current_pause = 0
            if state == 'correction' and pause_start:
                current_pause = max(counter.between(pause_start, today), 0)
            new_deadline = counter.add(accepted, committed + paused + current_pause)
            new_used = max(counter.between(accepted, today) - paused - current_pause, 0)
            new_light = 'none'
            if state == 'accepted':
                new_light = self._light_for(new_deadline, today,
                                            counter.add(today, warning_days))
            new_level = 0
            if new_light == 'red':
                new_level = 1
                if counter.between(new_deadline, today) >= escalation_days:
                    new_level = 2
                new_level = max(new_level, level or 0)
            # The agent gets an activity when the light gets worse than what he was told.
            # (an improved light lowers the mark, so that a new worsening alerts again).
            new_alerted = new_light
            if new_light in ('yellow', 'red') and \
                    LIGHT_RANK[new_light] > LIGHT_RANK.get(alerted or 'none', 0):
                alerts.append((new_light, line_id, case_id, case_name, item_name, user_id,
                               region_id, new_deadline))
            if (new_deadline, new_light, new_alerted, new_level, new_used) != \
                    (deadline, light, alerted, level, used):
                updates.append((line_id, new_deadline, new_light, new_alerted, new_level,
                                new_used))
            for step in range(level or 0, new_level):
                alerts.append(('escalation%d' % (step + 1), line_id, case_id, case_name,
                               item_name, user_id, region_id, new_deadline))
        if updates:
            execute_values(cr, """
                UPDATE agency_case_line l
                   SET deadline = v.deadline, light = v.light, alerted_light = v.alerted,
                       escalation_level = v.level, working_days_used = v.used,
                       write_date = (now() at time zone 'UTC')
                  FROM (VALUES %s) AS v(id, deadline, light, alerted, level, used)
                 WHERE l.id = v.id
            """, updates, template='(%s, %s::date, %s, %s, %s, %s)', page_size=len(updates))
            cr.execute("""
                UPDATE agency_case c
                   SET light = (ARRAY['none', 'green', 'yellow', 'red'])[sub.rank]
                  FROM (SELECT case_id,
                               MAX(CASE light WHEN 'red' THEN 4 WHEN 'yellow' THEN 3
                                              WHEN 'green' THEN 2 ELSE 1 END) AS rank
                          FROM agency_case_line WHERE case_id IN %s GROUP BY case_id) sub
                 WHERE c.id = sub.case_id
                   AND c.light IS DISTINCT FROM (ARRAY['none', 'green', 'yellow', 'red'])[sub.rank]
            """, (tuple(set(row[1] for row in rows)),))
        if alerts:
            self._create_alert_activities(alerts)
        self.invalidate_cache()
        self.env['agency.case'].invalidate_cache(['light'])
        return len(updates)

    @api.model
    def _alert_texts(self):
        """The summaries of the alerts and their note, in the language of the context."""
        summaries = {
            'yellow': _('Due soon: %s'),
            'red': _('Overdue: %s'),
            'escalation1': _('Overdue, escalated: %s'),
            'escalation2': _('Overdue, escalated to the region above: %s'),
        }
        return summaries, _('Deadline %s (case %s).')

    @api.model
    def _create_alert_activities(self, alerts):
        """Insert the activities of the alerts in one statement, skipping duplicates."""
        cr = self.env.cr
        cr.execute("""
            SELECT u.id, u.agency_region_id FROM res_users u
              JOIN res_groups_users_rel g ON g.uid = u.id
             WHERE g.gid = %s AND u.active AND u.agency_region_id IS NOT NULL
        """, (self.env.ref('investment_agency.group_manager').id,))
        managers = {}
        for user_id, region_id in cr.fetchall():
            managers.setdefault(region_id, []).append(user_id)
        cr.execute("SELECT id, parent_id FROM agency_region")
        parents = dict(cr.fetchall())

        def managers_from(region_id):
            while region_id:
                if managers.get(region_id):
                    return managers[region_id]
                region_id = parents.get(region_id)
            return []

        types = {
            'yellow': self.env.ref('investment_agency.activity_type_due_soon'),
            'red': self.env.ref('investment_agency.activity_type_overdue'),
            'escalation1': self.env.ref('investment_agency.activity_type_escalation'),
            'escalation2': self.env.ref('investment_agency.activity_type_escalation'),
        }
        model_id = self.env['ir.model']._get('agency.case').id
        uid = self.env.uid
        today = fields.Date.context_today(self)
        recipients = []
        for alert, line_id, case_id, case_name, item_name, agent_id, region_id, deadline in alerts:
            if alert in ('yellow', 'red'):
                users = [agent_id] if agent_id else managers_from(region_id)
            elif alert == 'escalation1':
                users = managers_from(region_id)
            else:
                users = managers_from(parents.get(region_id))
            for user_id in set(users):
                recipients.append((user_id, alert, line_id, case_id, case_name, item_name,
                                   deadline))
        if not recipients:
            return
        # Each activity in the language of the user who receives it.
        cr.execute("""
            SELECT u.id, p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id
             WHERE u.id IN %s
        """, (tuple(set(row[0] for row in recipients)),))
        langs = dict(cr.fetchall())
        texts = {}
        values = []
        for user_id, alert, line_id, case_id, case_name, item_name, deadline in recipients:
            lang = langs.get(user_id) or self.env.lang
            if lang not in texts:
                texts[lang] = self.with_context(lang=lang)._alert_texts()
            summaries, note = texts[lang]
            values.append((model_id, case_id, case_name, types[alert].id,
                           summaries[alert] % item_name, note % (deadline, case_name),
                           today, user_id, line_id, alert, uid, uid))
        execute_values(cr, """
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                       activity_type_id, summary, note, date_deadline, user_id,
                                       agency_line_id, agency_alert, create_uid, write_uid,
                                       create_date, write_date)
            SELECT v.model_id, 'agency.case', v.res_id, v.res_name, v.type_id, v.summary,
                   v.note, v.deadline, v.user_id, v.line_id, v.alert, v.uid, v.wuid,
                   now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (VALUES %s) AS v(model_id, res_id, res_name, type_id, summary, note,
                                   deadline, user_id, line_id, alert, uid, wuid)
             WHERE NOT EXISTS (SELECT 1 FROM mail_activity a
                                WHERE a.agency_line_id = v.line_id AND a.agency_alert = v.alert
                                  AND a.user_id = v.user_id)
        """, values, template='(%s, %s, %s, %s, %s, %s, %s::date, %s, %s, %s, %s, %s)',
            page_size=len(values))
        self.env['mail.activity'].invalidate_cache()
