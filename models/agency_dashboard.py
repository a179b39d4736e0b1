from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


REPORT_STATES = [
    ('missing', 'Not Started'),
    ('draft', 'Draft'),
    ('submitted', 'Submitted'),
]


# A screen opened like the settings (res.config.settings), not a wizard of an action.
class AgencyDashboard(models.TransientModel):  # pylint: disable=no-wizard-in-models
    """The manager's dashboard: one screen over a region and the regions below it.

    Opened like the settings (an inline form on a new record): every figure is a
    non-stored field computed from the region, counted with read_group or one query
    each, and the lists show at most ``_list_limit`` records (the buttons open them all).
    Records the user may not read are left out by the record rules.
    """
    _name = 'agency.dashboard'
    _description = 'Supervision Dashboard'
    _list_limit = 40

    def _default_region_id(self):
        return self.env.user.agency_region_id

    region_id = fields.Many2one(
        'agency.region', string='Region', required=True, default=_default_region_id,
        domain=lambda self: self.env['agency.region']._user_subtree_domain())
    period_id = fields.Many2one('date.range', string='Reporting Period',
                                compute='_compute_period')
    period_label = fields.Char(string='Current Period', compute='_compute_period')

    open_case_count = fields.Integer(string='Open Cases', compute='_compute_dashboard')
    unassigned_case_count = fields.Integer(string='Without Agent', compute='_compute_dashboard')
    waiting_case_count = fields.Integer(string='Waiting on Me', compute='_compute_dashboard')
    received_count = fields.Integer(string='Received', compute='_compute_dashboard',
                                    help='Cases received in the current period.')
    completed_count = fields.Integer(string='Completed', compute='_compute_dashboard',
                                     help='Cases completed in the current period.')
    terminated_count = fields.Integer(string='Terminated', compute='_compute_dashboard',
                                      help='Cases terminated in the current period.')
    red_line_count = fields.Integer(string='Red Items', compute='_compute_dashboard')
    yellow_line_count = fields.Integer(string='Yellow Items', compute='_compute_dashboard')
    unstaffed_department_count = fields.Integer(string='Departments without Agent',
                                                compute='_compute_dashboard')
    bad_rating_count = fields.Integer(string='Bad Ratings to Follow Up',
                                      compute='_compute_dashboard')
    followup_open_count = fields.Integer(string='Open Follow-ups', compute='_compute_dashboard')
    followup_overdue_count = fields.Integer(string='Overdue Follow-ups',
                                            compute='_compute_dashboard')
    followup_rectified_rate = fields.Float(
        string='Bad Ratings Rectified (%)', compute='_compute_dashboard', digits=(5, 1),
        help='Of the bad ratings given in the current period, the share whose follow-up is '
             'closed (rectified and reported back), in per cent.')
    report_state = fields.Selection(REPORT_STATES, string='Monthly Report',
                                    compute='_compute_dashboard')
    enquiry_open_count = fields.Integer(string='Open Enquiries', compute='_compute_dashboard',
                                        help='Enquiries not answered yet.')
    enquiry_period_count = fields.Integer(string='Enquiries', compute='_compute_dashboard',
                                          help='Enquiries asked in the current period.')

    red_line_ids = fields.Many2many('agency.case.line', string='Red Items of My Region',
                                    compute='_compute_dashboard')
    yellow_line_ids = fields.Many2many('agency.case.line', string='Yellow Items of My Region',
                                       compute='_compute_dashboard')
    waiting_case_ids = fields.Many2many(
        'agency.case', string='Cases Waiting on Me', compute='_compute_dashboard',
        help='Open cases without an agent, and cases with an activity for me.')
    workload_ids = fields.Many2many('agency.agent.workload', string="Agents' Workload",
                                    compute='_compute_dashboard')
    unstaffed_department_ids = fields.Many2many(
        'agency.department', string='Departments without Liaison Agent',
        compute='_compute_dashboard')
    bad_rating_case_ids = fields.Many2many(
        'agency.case', string='Bad Ratings', compute='_compute_dashboard',
        help='Cases rated unsatisfied or very unsatisfied whose follow-up is not done.')

    # ------------------------------------------------------------------ computes

    @api.depends('region_id')
    def _compute_period(self):
        period = self.env['date.range']._agency_current_period()
        for dashboard in self:
            dashboard.period_id = period
            dashboard.period_label = _('%s (%s to %s)') % (
                period.name, period.date_start, period.date_end)

    @api.depends('region_id')
    def _compute_dashboard(self):
        for dashboard in self:
            values = dashboard._dashboard_values() if dashboard.region_id else {}
            for name in self._dashboard_fields():
                dashboard[name] = values.get(name, False)

    # ------------------------------------------------------------------ constraints

    @api.constrains('region_id')
    def _check_region_id(self):
        for dashboard in self:
            if not dashboard.region_id._is_supervised_by(self.env.user):
                raise ValidationError(
                    _('You supervise %s and the regions below it only.')
                    % (self.env.user.agency_region_id.display_name or '-'))

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_open_red_lines(self):
        return self._action_lines(_('Red Items'), [('light', '=', 'red')])

    @api.multi
    def action_open_yellow_lines(self):
        return self._action_lines(_('Yellow Items'), [('light', '=', 'yellow')])

    @api.multi
    def action_open_open_cases(self):
        return self._action_cases(_('Open Cases'), [('is_closed', '=', False)])

    @api.multi
    def action_open_unassigned_cases(self):
        return self._action_cases(_('Cases without Agent'),
                                  [('is_closed', '=', False), ('user_id', '=', False)])

    @api.multi
    def action_open_waiting_cases(self):
        return self._action_cases(_('Cases Waiting on Me'), self._waiting_domain())

    @api.multi
    def action_open_received_cases(self):
        return self._action_cases(_('Cases Received'), self._period_domain('date_applied'))

    @api.multi
    def action_open_completed_cases(self):
        return self._action_cases(_('Cases Completed'), self._period_domain('date_done'))

    @api.multi
    def action_open_terminated_cases(self):
        return self._action_cases(_('Cases Terminated'), self._period_domain('date_terminated'))

    @api.multi
    def action_open_bad_ratings(self):
        return self._action_cases(_('Bad Ratings'), [('is_bad_rating', '=', True)])

    @api.multi
    def action_open_open_enquiries(self):
        return self._action_enquiries(_('Open Enquiries'), [('state', '=', 'open')])

    @api.multi
    def action_open_period_enquiries(self):
        return self._action_enquiries(_('Enquiries of the Period'),
                                      self._period_domain('date_asked'))

    @api.multi
    def action_open_workload(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _("Agents' Workload"),
            'res_model': 'agency.agent.workload',
            'view_mode': 'tree,pivot',
            'domain': [('region_id', 'child_of', self.region_id.id)],
        }

    @api.multi
    def action_open_unstaffed_departments(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_department').read()[0]
        action.update(name=_('Departments without Liaison Agent'), context={},
                      domain=[('region_id', 'child_of', self.region_id.id),
                              ('has_liaison', '=', False)])
        return action

    @api.multi
    def action_open_followups(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Open Follow-ups'),
            'res_model': 'agency.rating.followup',
            'view_mode': 'tree,form',
            'domain': [('region_id', 'child_of', self.region_id.id), ('state', '=', 'open')],
        }

    @api.multi
    def action_open_monthly_report(self):
        """This month's progress report of the region (created as a draft if missing,
        when the user is a manager of that region)."""
        self.ensure_one()
        Report = self.env['agency.monthly.report']
        report = Report.search([('region_id', '=', self.region_id.id),
                                ('period_id', '=', self.period_id.id)], limit=1)
        if not report:
            if self.region_id != self.env.user.agency_region_id and \
                    not self.env.user._is_superuser():
                raise UserError(_('%s has not started its progress report of %s yet.')
                                % (self.region_id.name, self.period_id.name))
            report = Report.create({'region_id': self.region_id.id,
                                    'period_id': self.period_id.id})
        return {
            'type': 'ir.actions.act_window',
            'name': report.name,
            'res_model': 'agency.monthly.report',
            'res_id': report.id,
            'view_mode': 'form',
        }

    @api.multi
    def action_export_ledger(self):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_ledger_export').read()[0]
        action['context'] = {'default_region_id': self.region_id.id}
        return action

    # ------------------------------------------------------------------ business

    @api.model
    def _dashboard_fields(self):
        return [name for name, field in self._fields.items()
                if field.compute == '_compute_dashboard']

    @api.multi
    def _region_domain(self, field='region_id'):
        self.ensure_one()
        return [(field, 'child_of', self.region_id.id)]

    @api.multi
    def _period_domain(self, date_field):
        return [(date_field, '>=', self.period_id.date_start),
                (date_field, '<=', self.period_id.date_end)]

    @api.multi
    def _waiting_domain(self):
        """Open cases that wait for the user: no agent yet, or an activity of his."""
        # Not ('activity_user_id', '=', uid): activity_ids is auto_join, its inner join
        # would drop the cases without activity from the '|'.
        activities = self.env['mail.activity'].search([
            ('res_model', '=', 'agency.case'), ('user_id', '=', self.env.uid)])
        return [('is_closed', '=', False), '|', ('user_id', '=', False),
                ('id', 'in', activities.mapped('res_id'))]

    @api.multi
    def _line_domain(self):
        """The open items counted in the region: those of its cases and those its
        departments handle (分级办理、上下联动: an item counts where it is handled and where
        its case is)."""
        self.ensure_one()
        return ['|'] + self._region_domain() + self._region_domain('handling_region_id') + \
            [('is_open', '=', True), ('case_active', '=', True)]

    @api.multi
    def _action_lines(self, name, domain):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case_line').read()[0]
        action.update(name=name, context={}, domain=self._line_domain() + domain)
        return action

    @api.multi
    def _action_cases(self, name, domain):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case').read()[0]
        action.update(name=name, context={}, view_mode='tree,kanban,form',
                      domain=self._region_domain() + domain)
        action['views'] = [(False, 'tree'), (False, 'kanban'), (False, 'form')]
        return action

    @api.multi
    def _action_enquiries(self, name, domain):
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_enquiry').read()[0]
        action.update(name=name, context={}, domain=self._region_domain() + domain)
        return action

    @api.multi
    def _dashboard_values(self):
        """Every figure and list of the dashboard, in a fixed number of queries."""
        self.ensure_one()
        # A transient model has no access rights in Odoo 11 (every user may create one):
        # the group is checked here, a rule cannot say it.
        if not self.env.user.has_group('investment_agency.group_manager'):
            raise AccessError(_('The supervision dashboard is for the managers.'))
        values = {}
        values.update(self._case_values())
        values.update(self._light_values())
        values.update(self._staffing_values())
        values.update(self._rating_values())
        values.update(self._enquiry_values())
        report = self.env['agency.monthly.report'].search(
            [('region_id', '=', self.region_id.id), ('period_id', '=', self.period_id.id)],
            limit=1)
        values['report_state'] = report.state or 'missing'
        return values

    @api.multi
    def _case_values(self):
        """Open cases (one query for the total and those without agent), the cases waiting
        on the user, and the cases received, completed and terminated in the period."""
        Case = self.env['agency.case']
        region = self._region_domain()
        groups = Case.read_group(region + [('is_closed', '=', False)], ['user_id'], ['user_id'])
        waiting = region + self._waiting_domain()
        values = {
            'open_case_count': sum(group['user_id_count'] for group in groups),
            'unassigned_case_count': sum(group['user_id_count'] for group in groups
                                         if not group['user_id']),
            'waiting_case_count': Case.search_count(waiting),
            'waiting_case_ids': Case.search(waiting, limit=self._list_limit,
                                            order='is_key_project desc, date_applied'),
        }
        for key, date_field in (('received_count', 'date_applied'),
                                ('completed_count', 'date_done'),
                                ('terminated_count', 'date_terminated')):
            values[key] = Case.search_count(region + self._period_domain(date_field))
        return values

    @api.multi
    def _light_values(self):
        """Red and yellow items: one count query and a list each."""
        Line = self.env['agency.case.line']
        lights = self._line_domain()
        groups = Line.read_group(lights + [('light', 'in', ('red', 'yellow'))],
                                 ['light'], ['light'])
        counts = {group['light']: group['light_count'] for group in groups}
        return {
            'red_line_count': counts.get('red', 0),
            'yellow_line_count': counts.get('yellow', 0),
            'red_line_ids': Line.search(lights + [('light', '=', 'red')],
                                        limit=self._list_limit, order='deadline, id'),
            'yellow_line_ids': Line.search(lights + [('light', '=', 'yellow')],
                                           limit=self._list_limit, order='deadline, id'),
        }

    @api.multi
    def _staffing_values(self):
        """The agents' workload and the departments without a liaison agent."""
        region = self._region_domain()
        departments = self.env['agency.department'].search(
            region + [('has_liaison', '=', False)])
        return {
            'workload_ids': self.env['agency.agent.workload'].search(region),
            'unstaffed_department_ids': departments,
            'unstaffed_department_count': len(departments),
        }

    @api.multi
    def _rating_values(self):
        """Bad ratings still to follow up (no follow-up yet, or one still open) and the
        open and overdue follow-ups."""
        bad_cases = self.env['agency.case'].search(
            self._region_domain() + [('is_bad_rating', '=', True)],
            order='rating_date desc, id desc')
        followups = self.env['agency.rating.followup'].search([('case_id', 'in', bad_cases.ids)])
        open_followups = followups.filtered(lambda followup: followup.state == 'open')
        followed = followups.mapped('case_id')
        pending = open_followups.mapped('case_id')
        bad_cases = bad_cases.filtered(lambda case: case in pending or case not in followed)
        today = self.env['resource.calendar'].agency_today()
        return {
            'followup_rectified_rate': self._rectified_rate(),
            'followup_open_count': len(open_followups),
            'followup_overdue_count': len(open_followups.filtered(
                lambda followup: followup.date_deadline and followup.date_deadline < today)),
            'bad_rating_count': len(bad_cases),
            'bad_rating_case_ids': bad_cases[:self._list_limit],
        }

    @api.multi
    def _rectified_rate(self):
        """差评整改率: the follow-ups of the bad ratings given in the period that are closed,
        in per cent of them all (one read_group); 0 when there is none."""
        groups = self.env['agency.rating.followup'].read_group(
            self._region_domain() + self._period_domain('rating_date'), ['state'], ['state'])
        counts = {group['state']: group['state_count'] for group in groups}
        total = sum(counts.values())
        return round(100.0 * counts.get('done', 0) / total, 1) if total else 0.0

    @api.multi
    def _enquiry_values(self):
        """The open enquiries (one read_group over the states) and those of the period."""
        Enquiry = self.env['agency.enquiry']
        region = self._region_domain()
        groups = Enquiry.read_group(region + [('state', '=', 'open')], ['state'], ['state'])
        return {
            'enquiry_open_count': sum(group['state_count'] for group in groups),
            'enquiry_period_count': Enquiry.search_count(
                region + self._period_domain('date_asked')),
        }
