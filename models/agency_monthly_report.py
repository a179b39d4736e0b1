import base64
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import MAGIC_COLUMNS

from odoo.addons.queue_job.job import job

from .agency_job import RETRY_PATTERN, XLSX_MIMETYPE
from .resource_calendar import service_today
from .sql_copy import copy_rows
from .agency_case_closing import BAD_RATINGS
from .dates import to_date
from .supervision_common import PERIOD_END_DAY, REMINDER_DAY

REPORT_STATES = [
    ('draft', 'Draft'),
    ('submitted', 'Submitted'),
]
# Written by the submission only.
SUBMISSION_FIELDS = frozenset(['state', 'user_submitted_id', 'date_submitted'])
# §三(二): the leagues report to this office before the 25th of every month.
COORDINATION_OFFICE = '自治区推进政府职能转变和“放管服”改革协调小组办公室'
RATING_FIELDS = [
    ('very_satisfied', 'rating_very_satisfied_count'),
    ('satisfied', 'rating_satisfied_count'),
    ('basic', 'rating_basic_count'),
    ('unsatisfied', 'rating_unsatisfied_count'),
    ('very_unsatisfied', 'rating_very_unsatisfied_count'),
]
HANDLED_STATES = ('done', 'refused')


class AgencyMonthlyReport(models.Model):
    """The monthly progress report of a region (月度进展情况, §三(二)), period ending on the
    25th. Its figures cover the region and the regions below it; they are computed from
    the cases, can be updated while the report is a draft and are frozen when it is
    submitted. The region above reads the reports of the regions below."""
    _name = 'agency.monthly.report'
    _description = 'Monthly Progress Report'
    _inherit = ['agency.chatter', 'mail.thread', 'mail.activity.mixin']
    _order = 'date_start desc, region_id'
    _detail_limit = 50

    # ------------------------------------------------------------------ defaults

    def _default_period_id(self):
        return self.env['date.range']._agency_current_period()

    def _period_domain(self):
        """The reporting periods that have started (the pickers show the latest first)."""
        return [('type_id', '=',
                 self.env.ref('investment_agency.date_range_type_reporting_period').id),
                ('date_start', '<=', self.env['resource.calendar'].agency_today())]

    def _default_region_id(self):
        return self.env.user.agency_region_id

    # ------------------------------------------------------------------ fields

    name = fields.Char(compute='_compute_name', store=True)
    region_id = fields.Many2one('agency.region', string='Region', required=True, index=True,
                                ondelete='restrict', default=_default_region_id,
                                readonly=True, states={'draft': [('readonly', False)]},
                                track_visibility='onchange',
                                help='The figures include the regions below it.')
    period_id = fields.Many2one('date.range', string='Reporting Period', required=True,
                                index=True, ondelete='restrict', default=_default_period_id,
                                domain=lambda self: self._period_domain(), readonly=True,
                                states={'draft': [('readonly', False)]},
                                track_visibility='onchange',
                                help='From the 26th of the month before to the 25th of the '
                                     'month (Configuration / Reporting Periods).')
    month = fields.Char(compute='_compute_dates', store=True, index=True,
                        help='YYYY-MM of the end of the period.')
    date_start = fields.Date(string='Period Start', compute='_compute_dates', store=True)
    date_end = fields.Date(string='Period End', compute='_compute_dates', store=True)
    state = fields.Selection(REPORT_STATES, required=True, default='draft', index=True,
                             readonly=True, copy=False, track_visibility='onchange')
    user_submitted_id = fields.Many2one('res.users', string='Submitted By', readonly=True,
                                        copy=False, track_visibility='onchange')
    date_submitted = fields.Datetime(string='Submitted On', readonly=True, copy=False,
                                     track_visibility='onchange')
    date_computed = fields.Datetime(string='Figures Computed On', readonly=True, copy=False)
    date_as_of = fields.Date(string='Situation On', readonly=True, copy=False,
                             help='The day the cases in progress and the overdue items are '
                                  'counted: the end of the period, or the day the figures '
                                  'were computed if earlier.')
    date_reminded = fields.Date(string='Reminded On', readonly=True, copy=False)
    addressee = fields.Char(string='Reported To', compute='_compute_addressee')

    received_count = fields.Integer(string='Cases Received', readonly=True)
    completed_count = fields.Integer(string='Cases Completed', readonly=True)
    terminated_count = fields.Integer(string='Cases Terminated', readonly=True)
    in_progress_count = fields.Integer(string='Cases in Progress', readonly=True,
                                       help='At the end of the period.')
    key_project_count = fields.Integer(string='Key Projects Served', readonly=True)
    enquiry_count = fields.Integer(string='Enquiries', readonly=True,
                                   help='Enquiries (业务咨询) asked in the period.')
    enquiry_converted_count = fields.Integer(
        string='Enquiries Converted to Cases', readonly=True,
        help='Of the enquiries asked in the period, those that became cases.')
    lines_accepted_count = fields.Integer(string='Items Accepted', readonly=True)
    lines_handled_count = fields.Integer(string='Items Handled', readonly=True,
                                         help='Completed or not permitted in the period.')
    lines_done_count = fields.Integer(string='Items Completed', readonly=True)
    lines_refused_count = fields.Integer(string='Items Not Permitted', readonly=True)
    lines_on_time_count = fields.Integer(string='Items on Time', readonly=True)
    lines_late_count = fields.Integer(string='Items Late', readonly=True)
    on_time_rate = fields.Float(string='On-time Rate (%)', readonly=True, digits=(16, 1))
    working_days_used = fields.Integer(readonly=True)
    days_saved = fields.Integer(string='Working Days Saved', readonly=True,
                                help='Statutory limits minus the working days used, '
                                     'items handled in the period.')
    plan_days_saved = fields.Integer(string='Working Days Saved by Plans', readonly=True,
                                     help='Items handled in parallel rather than one after '
                                          'another, plans made in the period.')
    red_line_count = fields.Integer(string='Overdue Items', readonly=True)
    open_decision_count = fields.Integer(string='Open Meeting Decisions', readonly=True)
    rated_count = fields.Integer(string='Ratings', readonly=True)
    rating_very_satisfied_count = fields.Integer(string='Very Satisfied', readonly=True)
    rating_satisfied_count = fields.Integer(string='Satisfied', readonly=True)
    rating_basic_count = fields.Integer(string='Basically Satisfied', readonly=True)
    rating_unsatisfied_count = fields.Integer(string='Unsatisfied', readonly=True)
    rating_very_unsatisfied_count = fields.Integer(string='Very Unsatisfied', readonly=True)
    bad_rating_count = fields.Integer(string='Bad Ratings', readonly=True)
    bad_rating_rate = fields.Float(string='Bad Rating Rate (%)', readonly=True, digits=(16, 1))
    satisfaction_rate = fields.Float(string='Satisfaction Rate (%)', readonly=True,
                                     digits=(16, 1))

    summary = fields.Text(string='Work Carried Out', readonly=True,
                          states={'draft': [('readonly', False)]})
    problems = fields.Text(string='Problems Needing Coordination', readonly=True,
                           states={'draft': [('readonly', False)]})
    next_steps = fields.Text(readonly=True,
                             states={'draft': [('readonly', False)]})

    line_ids = fields.One2many('agency.monthly.report.line', 'report_id', string='Rows',
                               readonly=True)
    item_line_ids = fields.One2many('agency.monthly.report.line', 'report_id',
                                    string='Items Handled by Item', readonly=True,
                                    domain=[('line_type', '=', 'item')])
    project_line_ids = fields.One2many('agency.monthly.report.line', 'report_id',
                                       string='Key Projects', readonly=True,
                                       domain=[('line_type', '=', 'project')])
    issue_line_ids = fields.One2many('agency.monthly.report.line', 'report_id',
                                     string='Problems', readonly=True,
                                     domain=[('line_type', 'in', ('overdue', 'decision'))])
    child_report_ids = fields.Many2many('agency.monthly.report', string='Reports Below',
                                        compute='_compute_child_reports',
                                        help='The reports of the regions directly below, '
                                             'same month.')
    child_pending_region_ids = fields.Many2many('agency.region',
                                                string='Regions Below Not Submitted',
                                                compute='_compute_child_reports')

    _sql_constraints = [
        ('region_period_uniq', 'unique(region_id, period_id)',
         'A region has one progress report per reporting period.'),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends('region_id.name', 'period_id.name')
    def _compute_name(self):
        for report in self:
            if report.region_id and report.period_id:
                report.name = '%s%s“帮您办”工作进展情况' % (
                    report.region_id.name, report.period_id.name)
            else:
                report.name = '“帮您办”工作进展情况'

    @api.depends('period_id.date_start', 'period_id.date_end')
    def _compute_dates(self):
        for report in self:
            period = report.period_id
            report.date_start = period.date_start
            report.date_end = period.date_end
            report.month = period.date_end and period.date_end[:7]

    @api.depends('region_id')
    def _compute_addressee(self):
        for report in self:
            region = report.region_id
            if region.level in ('region', 'league') or not region.parent_id:
                report.addressee = COORDINATION_OFFICE
            else:
                report.addressee = region.parent_id.bureau_name

    @api.depends('region_id', 'period_id')
    def _compute_child_reports(self):
        children = self.mapped('region_id.child_ids')
        reports = self.search([('region_id', 'in', children.ids),
                               ('period_id', 'in', self.mapped('period_id').ids)])
        for report in self:
            below = report.region_id.child_ids
            mine = reports.filtered(
                lambda other: other.region_id in below and other.period_id == report.period_id)
            report.child_report_ids = mine
            report.child_pending_region_ids = below - mine.filtered(
                lambda other: other.state == 'submitted').mapped('region_id')

    # ------------------------------------------------------------------ constraints

    @api.constrains('period_id')
    def _check_period_id(self):
        today = service_today(self)
        period_type = self.env.ref('investment_agency.date_range_type_reporting_period')
        for report in self:
            if report.period_id.type_id != period_type:
                raise ValidationError(_('%s is not a reporting period (%s).')
                                      % (report.period_id.name, period_type.name))
            if report.date_start > today:
                raise ValidationError(
                    _('The period of %s has not started yet: it runs from %s to %s.')
                    % (report.period_id.name, report.date_start, report.date_end))

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if set(vals) & SUBMISSION_FIELDS and not self.pool._init:
            raise UserError(_('A progress report is created as a draft, then submitted.'))
        self.check_access_rights('create')
        region = self.env['agency.region'].browse(vals.get('region_id'))
        user = self.env.user
        if region and not user._is_superuser() and user.agency_region_id != region:
            raise AccessError(_('You write the progress reports of %s only.')
                              % (user.agency_region_id.name or '-'))
        report = super(AgencyMonthlyReport, self).create(vals)
        # The reports of all regions are computed by background jobs instead.
        if not self.env.context.get('agency_report_defer_figures'):
            report._update_figures()
        return report

    @api.multi
    def write(self, vals):
        if self.pool._init:  # data files load their records as they are
            return super(AgencyMonthlyReport, self).write(vals)
        if set(vals) & SUBMISSION_FIELDS:
            raise UserError(_('A progress report is submitted with its Submit button.'))
        if set(vals) & self._frozen_fields():
            self._check_draft()
        return super(AgencyMonthlyReport, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_draft()
        return super(AgencyMonthlyReport, self).unlink()

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_update_figures(self):
        """Compute the figures again from the cases (drafts only)."""
        self._check_draft()
        self._update_figures()
        return True

    @api.multi
    def action_submit(self):
        """Compute the figures one last time, freeze them and report to the region above."""
        for report in self:
            report._check_draft()
            report._check_submitter()
            report._update_figures()
            if not (report.summary or '').strip():
                raise UserError(_('Describe the work carried out in the month before '
                                  'submitting %s.') % report.name)
            if report.issue_line_ids and not (report.problems or '').strip():
                raise UserError(
                    _('%s lists %s overdue items and %s open meeting decisions: describe the '
                      'problems that need coordination before submitting.')
                    % (report.name, report.red_line_count, report.open_decision_count))
            super(AgencyMonthlyReport, report).write({
                'state': 'submitted',
                'user_submitted_id': self.env.uid,
                'date_submitted': fields.Datetime.now(),
            })
            report._close_reminders(_('Progress report submitted.'))
        return True

    @api.multi
    def action_export_xlsx(self):
        """The report as an XLSX workbook (report_xlsx action, also in the Print menu)."""
        return self.env.ref('investment_agency.report_monthly_report_xlsx').report_action(self)

    # ------------------------------------------------------------------ business

    @api.model
    def _frozen_fields(self):
        """The fields a submitted report keeps: all but the chatter's and the reminder's."""
        free = set(self.env['mail.thread']._fields) | \
            set(self.env['mail.activity.mixin']._fields) | \
            set(models.MAGIC_COLUMNS) | {'date_reminded', 'display_name', '__last_update'}
        return set(self._fields) - free

    @api.multi
    def _check_draft(self):
        submitted = self.filtered(lambda report: report.state == 'submitted')
        if submitted:
            raise UserError(_('%s is submitted: it can no longer change.')
                            % ', '.join(submitted.mapped('name')))

    @api.multi
    def _check_submitter(self):
        """Submitting writes the report: its access rights (managers) and its write rule
        (the report of the manager's own region) decide, as for any write."""
        self.check_access_rights('write')
        self.check_access_rule('write')

    @api.multi
    def _close_reminders(self, feedback):
        activity_type = self.env.ref('investment_agency.activity_type_monthly_report')
        activities = self.env['mail.activity'].sudo().search([
            ('res_model', '=', self._name), ('res_id', 'in', self.ids),
            ('activity_type_id', '=', activity_type.id)])
        if activities:
            activities.action_feedback(feedback=feedback)

    @api.multi
    def _update_figures(self):
        for report in self:
            values = report._prepare_figures()
            rows = values.pop('rows')
            report.write(values)
            report._replace_rows(rows)

    @api.multi
    def _replace_rows(self, rows):
        """Replace the rows of the draft report by ``rows`` (dicts of row values): one
        DELETE and one COPY, however many key projects the region has (created one by
        one, a whole region's thousands of rows took seconds; inserted as one statement's
        values, PostgreSQL took longer to read the statement than to insert them)."""
        self.ensure_one()
        self._check_draft()
        self.check_access_rule('write')
        Row = self.env['agency.monthly.report.line']
        Row.check_access_rights('create')
        columns = [name for name, field in Row._fields.items()
                   if field.store and field.column_type and name not in MAGIC_COLUMNS]
        self.env.cr.execute('DELETE FROM agency_monthly_report_line WHERE report_id = %s',
                            (self.id,))
        if rows:
            fixed = {'report_id': self.id,
                     'sequence': Row._fields['sequence'].default(Row)}
            booleans = {name for name in columns if Row._fields[name].type == 'boolean'}
            now = fields.Datetime.now()
            magic = [self.env.uid, now, self.env.uid, now]

            def values(row):
                # The ORM writes False as NULL for every type but booleans.
                return [value if value is not False or name in booleans else None
                        for name, value in ((name, row.get(name, fixed.get(name)))
                                            for name in columns)] + magic
            copy_rows(self.env.cr, Row._table,
                      columns + ['create_uid', 'create_date', 'write_uid', 'write_date'],
                      map(values, rows))
        self.invalidate_cache(['line_ids'], self.ids)

    @api.multi
    def _prepare_figures(self):
        """The figures of the period and the rows of the report, from the cases of the region
        and of the regions below (read as superuser: only managers of the region write the
        report, and they read that subtree anyway)."""
        self.ensure_one()
        today = service_today(self)
        as_of = min(self.date_end, today)
        Case = self.env['agency.case'].sudo()
        Line = self.env['agency.case.line'].sudo()
        # The region and the regions below it, found once for all the figures.
        regions = self._region_subtree()
        region = [('region_id', 'in', [record['id'] for record in regions])]
        values = self._case_figures(region, as_of)
        line_values, by_item = self._line_figures(region)
        values.update(line_values)
        values.update(self._rating_figures(region))
        values.update(self._enquiry_figures(region))

        rows = self._item_rows(by_item)
        key_domain = region + [
            ('is_key_project', '=', True), ('date_applied', '<=', as_of),
            '|', ('date_closed', '=', False), ('date_closed', '>=', self.date_start)]
        values['key_project_count'] = self._count_distinct(Case, key_domain, 'project_id')
        rows += self._project_rows(Case.search(key_domain, order='date_applied, id'))
        overdue = self._overdue_lines(Line, region, as_of, today)
        values['red_line_count'] = len(overdue)
        rows += self._overdue_rows(overdue, as_of)
        meetings = self.env['agency.meeting'].sudo().search(
            region + [('date_start', '<=', '%s 23:59:59' % as_of)])
        decisions = self.env['agency.meeting.decision'].sudo().search([
            ('meeting_id', 'in', meetings.ids), ('state', '=', 'open')],
            order='date_deadline, id')
        values['open_decision_count'] = len(decisions)
        rows += self._decision_rows(decisions)
        more = self._more_figures(regions, today)
        values.update(more, rows=rows + more.get('rows', []))
        return values

    @api.multi
    def _more_figures(self, regions, today):
        """Figures and rows added to the report's by other files (the circular's rankings),
        from the ``regions`` of ``_region_subtree`` and the service day ``today``."""
        return {}

    @api.multi
    def _region_subtree(self):
        """The region of the report and the regions below it, as dicts (id, name, parent_id,
        parent_left, parent_right): one search on the nested set and one read."""
        region = self.region_id.sudo()
        return region.search([('parent_left', '>=', region.parent_left),
                              ('parent_right', '<=', region.parent_right)]).read(
            ['name', 'parent_id', 'parent_left', 'parent_right'], load='_classic_write')

    @api.multi
    def _in_period(self, field):
        return [(field, '>=', self.date_start), (field, '<=', self.date_end)]

    @api.multi
    def _case_figures(self, region, as_of):
        """Cases received, completed, terminated in the period and in progress at its end;
        items accepted; working days saved by the plans made in the period."""
        Case = self.env['agency.case'].sudo()
        period = self._in_period
        groups = Case.read_group(region + period('date_plan'), ['plan_days_saved'], [])
        return {
            'date_computed': fields.Datetime.now(),
            'date_as_of': as_of,
            'received_count': Case.search_count(region + period('date_applied')),
            'completed_count': Case.search_count(region + period('date_done')),
            'terminated_count': Case.search_count(region + period('date_terminated')),
            'in_progress_count': Case.search_count(region + [
                ('date_applied', '<=', as_of),
                '|', ('date_closed', '=', False), ('date_closed', '>', as_of)]),
            'lines_accepted_count': self.env['agency.case.line'].sudo().search_count(
                region + period('date_accepted')),
            'plan_days_saved': groups and groups[0]['plan_days_saved'] or 0,
        }

    @api.multi
    def _line_figures(self, region):
        """The items handled in the period (done, refused, on time, working days used and
        saved), in total and per item: (values, {item id: [handled, on time, used, saved]})."""
        handled = region + [('state', 'in', HANDLED_STATES)] + self._in_period('date_closed')
        groups = self.env['agency.case.line'].sudo().read_group(
            handled, ['item_id', 'state', 'on_time', 'days_saved', 'working_days_used'],
            ['item_id', 'state', 'on_time'], lazy=False)
        values = dict.fromkeys(('lines_done_count', 'lines_refused_count', 'lines_on_time_count',
                                'working_days_used', 'days_saved'), 0)
        by_item = {}
        for group in groups:
            count = group['__count']
            values['lines_%s_count' % group['state']] += count
            if group['on_time']:
                values['lines_on_time_count'] += count
            values['working_days_used'] += group['working_days_used'] or 0
            values['days_saved'] += group['days_saved'] or 0
            stats = by_item.setdefault(group['item_id'][0], [0, 0, 0, 0])
            stats[0] += count
            stats[1] += count if group['on_time'] else 0
            stats[2] += group['working_days_used'] or 0
            stats[3] += group['days_saved'] or 0
        values['lines_handled_count'] = values['lines_done_count'] + values['lines_refused_count']
        values['lines_late_count'] = values['lines_handled_count'] - values['lines_on_time_count']
        values['on_time_rate'] = values['lines_handled_count'] and round(
            100.0 * values['lines_on_time_count'] / values['lines_handled_count'], 1) or 0.0
        return values, by_item

    @api.multi
    def _rating_figures(self, region):
        """The ratings given in the period, per level, and the rates of bad and good ones."""
        groups = self.env['agency.case'].sudo().read_group(
            region + self._in_period('rating_date') + [('rating', '!=', False)],
            ['rating'], ['rating'])
        ratings = {group['rating']: group['rating_count'] for group in groups}
        values = {field: ratings.get(rating, 0) for rating, field in RATING_FIELDS}
        rated = sum(ratings.values())
        bad = sum(ratings.get(rating, 0) for rating in BAD_RATINGS)
        good = ratings.get('very_satisfied', 0) + ratings.get('satisfied', 0)
        values.update(
            rated_count=rated,
            bad_rating_count=bad,
            bad_rating_rate=rated and round(100.0 * bad / rated, 1) or 0.0,
            satisfaction_rate=rated and round(100.0 * good / rated, 1) or 0.0,
        )
        return values

    @api.multi
    def _enquiry_figures(self, region):
        """The enquiries asked in the period and how many of them became cases."""
        groups = self.env['agency.enquiry'].sudo().read_group(
            region + self._in_period('date_asked'), ['state'], ['state'])
        counts = {group['state']: group['state_count'] for group in groups}
        return {
            'enquiry_count': sum(counts.values()),
            'enquiry_converted_count': counts.get('converted', 0),
        }

    @api.model
    def _overdue_lines(self, Line, region, as_of, today):
        return Line.search(region + self._overdue_domain(as_of, today), order='deadline, id')

    @api.model
    def _overdue_domain(self, as_of, today):
        """The items past their deadline on ``as_of``: the red lights when that is today,
        else the items accepted, not closed on that day and due before it."""
        if as_of >= today:
            return [('is_open', '=', True), ('light', '=', 'red')]
        return [('date_accepted', '<=', as_of), ('deadline', '<', as_of),
                ('state', '!=', 'withdrawn'),
                '|', ('date_closed', '=', False), ('date_closed', '>', as_of)]

    @api.model
    def _item_rows(self, by_item):
        items = self.env['agency.item'].sudo().browse(list(by_item)).sorted('number')
        rows = []
        for item in items:
            count, on_time, used, saved = by_item[item.id]
            rows.append({
                'line_type': 'item',
                'sequence': item.number,
                'name': item.name,
                'item_id': item.id,
                'handled_count': count,
                'on_time_count': on_time,
                'avg_days': round(float(used) / count, 1) if count else 0.0,
                'days_saved': saved,
                'statutory_days': item.statutory_days,
            })
        return rows

    @api.model
    def _project_rows(self, cases):
        """The status of the key projects' cases, in the order of ``cases``: one statement
        whatever the number of cases (a whole region has thousands)."""
        if not cases:
            return []
        self.env.cr.execute(PROJECT_ROWS_SQL, {'case_ids': cases.ids})
        records = {row[0]: row for row in self.env.cr.fetchall()}
        stages = {stage['id']: stage['name'] for stage in self.env['agency.stage'].sudo().browse(
            list(set(row[3] for row in records.values()))).read(['name'])}
        item_names = self._item_names(
            list(set(item_id for row in records.values() for item_id in row[9])))
        rows = []
        for sequence, case_id in enumerate(cases.ids, 1):
            (_id, number, project, stage_id, is_closed, light, closed, total, planned_end,
             red_items, open_count, yellow_count) = records[case_id]
            red = [item_names[item_id] for item_id in red_items]
            parts = []
            if is_closed:
                parts.append(stages[stage_id])
            elif open_count:
                parts.append('在办%d项' % open_count)
                if red:
                    parts.append('超期%d项(%s)' % (len(red), '、'.join(red)))
                if yellow_count:
                    parts.append('临近时限%d项' % yellow_count)
            elif not total:
                parts.append('尚未制定申报计划')
            rows.append({
                'line_type': 'project',
                'sequence': sequence,
                'name': project,
                'case_id': case_id,
                'case_number': number,
                'stage_name': stages[stage_id],
                'light': light,
                'items_closed': closed,
                'items_total': total,
                'date_planned_end': planned_end,
                'note': ','.join(parts),
            })
        return rows

    @api.model
    def _domain_sql(self, Model, domain):
        """(FROM, WHERE, parameters) of the records of ``domain`` that the user reads."""
        query = Model._where_calc(domain)
        Model._apply_ir_rules(query, 'read')
        from_clause, where_clause, params = query.get_sql()
        return from_clause, where_clause or 'TRUE', params

    @api.model
    def _count_distinct(self, Model, domain, column):
        """The number of distinct values of ``column`` among the records of ``domain``
        (a read_group would name each of them)."""
        from_clause, where_clause, params = self._domain_sql(Model, domain)
        self.env.cr.execute('SELECT count(DISTINCT "%s"."%s") FROM %s WHERE %s' % (
            Model._table, column, from_clause, where_clause), params)
        return self.env.cr.fetchone()[0]

    @api.model
    def _grouped(self, Model, domain, columns, sums=()):
        """[(values of ``columns``…, count, sums of ``sums``…)] of the records of ``domain``
        grouped by ``columns`` (columns of ``Model``'s table): one statement, without the
        display names a read_group would read."""
        from_clause, where_clause, params = self._domain_sql(Model, domain)
        names = ', '.join('"%s"."%s"' % (Model._table, column) for column in columns)
        totals = ''.join(', sum("%s"."%s")' % (Model._table, column) for column in sums)
        self.env.cr.execute('SELECT %s, count(*)%s FROM %s WHERE %s GROUP BY %s' % (
            names, totals, from_clause, where_clause, names), params)
        return self.env.cr.fetchall()

    @api.model
    def _overdue_rows(self, lines, as_of):
        """The overdue items, the longest overdue first, at most ``_detail_limit`` of them
        (the count of the report has them all)."""
        lines = lines[:self._detail_limit]
        # Ids, not names (the rows keep ids): the names needed are read once below.
        records = lines.read(['case_id', 'item_id', 'department_id', 'deadline', 'region_id'],
                             load='_classic_write')
        cases = {case['id']: case for case in lines.mapped('case_id').read(['name', 'project_id'])}
        item_names = self._item_names([line['item_id'] for line in records])
        regions = self.env['agency.region'].sudo().browse(
            list(set(line['region_id'] for line in records)))
        calendars = {region.id: region._get_calendar() for region in regions}
        snapshots = {calendar.id: calendar._agency_snapshot()
                     for calendar in set(calendars.values())}
        rows = []
        for sequence, line in enumerate(records, 1):
            snapshot = snapshots[calendars[line['region_id']].id]
            days = snapshot.between(line['deadline'], as_of)
            case = cases[line['case_id']]
            rows.append({
                'line_type': 'overdue',
                'sequence': sequence,
                'name': '%s:%s' % (case['project_id'][1], item_names[line['item_id']]),
                'case_id': line['case_id'],
                'case_number': case['name'],
                'item_id': line['item_id'],
                'department_id': line['department_id'],
                'light': 'red',
                'date_deadline': line['deadline'],
                'overdue_days': max(days, 0),
            })
        return rows

    @api.model
    def _item_names(self, item_ids):
        items = self.env['agency.item'].sudo().browse(list(set(item_ids)))
        return {item['id']: item['name'] for item in items.read(['name'])}

    @api.model
    def _decision_rows(self, decisions):
        return [{
            'line_type': 'decision',
            'sequence': sequence,
            'name': '%s:%s' % (decision.meeting_id.name, decision.name),
            'case_id': decision.case_id.id,
            'case_number': decision.case_id.name,
            'department_id': decision.department_id.id,
            'date_deadline': decision.date_deadline,
        } for sequence, decision in enumerate(decisions, 1)]

    # ------------------------------------------------------------------ jobs

    @api.model
    def _prepare_region_reports(self, regions, period):
        """The reports of ``regions`` for ``period``: the missing drafts are created, and
        every draft is computed and printed by a background job (one per region)."""
        Report = self.sudo()
        reports = Report.search([('region_id', 'in', regions.ids),
                                 ('period_id', '=', period.id)])
        for region in regions - reports.mapped('region_id'):
            reports |= Report.with_context(agency_report_defer_figures=True).create(
                {'region_id': region.id, 'period_id': period.id})
        for report in reports.filtered(lambda r: r.state == 'draft'):
            report.with_delay(
                description=_('Figures of %s') % report.name)._job_update_figures()
        return reports

    @api.model
    def action_prepare_all_regions(self):
        """Managers (menu action): the reports of the current period of the user's region
        and of every region below it that has a manager, computed in the background."""
        self.check_access_rights('create')  # the managers' (ir.model.access)
        user = self.env.user
        region = user.agency_region_id
        domain = [('groups_id', 'in', self.env.ref('investment_agency.group_manager').id),
                  ('agency_region_id', '!=', False), ('share', '=', False)]
        if not user._is_superuser():
            if not region:
                raise UserError(_('You have no region.'))
            domain.append(('agency_region_id', 'child_of', region.id))
        regions = self.env['res.users'].sudo().search(domain).mapped('agency_region_id')
        period = self.env['date.range']._agency_current_period()
        reports = self._prepare_region_reports(regions, period)
        action = self.env.ref('investment_agency.action_agency_monthly_report').read()[0]
        action['domain'] = [('id', 'in', reports.ids)]
        return action

    @job(default_channel='root.agency', retry_pattern=RETRY_PATTERN)
    @api.multi
    def _job_update_figures(self):
        """Compute the figures of a draft report and attach its PDF, its XLSX and its
        circular (the last ones only), with a note in its chatter."""
        self.ensure_one()
        if self.state != 'draft':
            return False
        self._update_figures()
        Attachment = self.env['ir.attachment'].sudo()
        Attachment.search([('res_model', '=', self._name), ('res_id', '=', self.id),
                           ('mimetype', 'in', ('application/pdf', XLSX_MIMETYPE))]).unlink()
        Job = self.env['agency.job']
        attachments = Attachment
        for xmlid, name, mimetype in (
                ('investment_agency.report_monthly_report', '%s.pdf' % self.name,
                 'application/pdf'),
                ('investment_agency.report_monthly_report_xlsx', '%s.xlsx' % self.name,
                 XLSX_MIMETYPE),
                ('investment_agency.report_monthly_circular', '%s.pdf' % self._circular_title(),
                 'application/pdf')):
            content = Job._render(self.env.ref(xmlid), self)
            attachments |= Attachment.create({
                'name': name, 'datas_fname': name, 'datas': base64.b64encode(content),
                'mimetype': mimetype, 'res_model': self._name, 'res_id': self.id})
        self.message_post(body=_('Figures computed; the report (PDF and XLSX) and its '
                                 'circular attached.'),
                          attachment_ids=attachments.ids, subtype='mail.mt_note')
        return attachments

    # ------------------------------------------------------------------ cron

    @api.model
    def _reminder_summary(self, period):
        """The summary of the reminder, in the language of the context."""
        return _('Submit the progress report of %s by the %sth') % (period.name, PERIOD_END_DAY)

    @api.model
    def _cron_remind_managers(self, today=None):
        """Daily: from the 20th, give the managers of each region whose report of the month
        is not submitted an activity on it (the draft is created if missing), once per
        region and month. Returns the number of activities given."""
        today = to_date(today or service_today(self))
        if today.day < REMINDER_DAY:
            return 0
        period = self.env['date.range']._agency_period_of(today)
        managers = self.env['res.users'].search([
            ('groups_id', 'in', self.env.ref('investment_agency.group_manager').id),
            ('agency_region_id', '!=', False), ('share', '=', False)])
        regions = managers.mapped('agency_region_id')
        reports = self._prepare_region_reports(regions, period)
        activity_type = self.env.ref('investment_agency.activity_type_monthly_report')
        model_id = self.env['ir.model']._get(self._name).id
        deadline = fields.Date.to_string(max(today, date(today.year, today.month, PERIOD_END_DAY)))
        given = 0
        for report in reports.filtered(lambda r: r.state == 'draft' and not r.date_reminded):
            for user in managers.filtered(lambda u: u.agency_region_id == report.region_id):
                self.env['mail.activity'].sudo().create({
                    'res_model_id': model_id,
                    'res_id': report.id,
                    'activity_type_id': activity_type.id,
                    'summary': self.with_context(lang=user.lang)._reminder_summary(period),
                    'date_deadline': deadline,
                    'user_id': user.id,
                })
                given += 1
            report.date_reminded = fields.Date.to_string(today)
        return given


# The key projects' cases of a report, with their open items' lights.
# Each case's open items counted in one pass (a LATERAL sub-select), not three.
PROJECT_ROWS_SQL = """
    SELECT c.id, c.name, p.name, c.stage_id, c.is_closed, c.light, c.line_closed_count,
           c.line_count, c.date_planned_end,
           COALESCE(l.red, '{}'), l.open, l.yellow
      FROM agency_case c
      JOIN agency_project p ON p.id = c.project_id
     CROSS JOIN LATERAL (
           SELECT array_agg(l.item_id ORDER BY l.sequence, l.id)
                      FILTER (WHERE l.light = 'red') AS red,
                  count(*) AS open,
                  count(*) FILTER (WHERE l.light = 'yellow') AS yellow
             FROM agency_case_line l
            WHERE l.case_id = c.id AND l.is_open) l
     WHERE c.id = ANY(%(case_ids)s)
"""
