from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class AgencyLedgerExport(models.TransientModel):
    """Export the work ledger (专项工作台账, §三(三)) of a region and a reporting period to
    XLSX (the report_xlsx action ``report_ledger_xlsx``): one row per case open at some
    time in the period, read with the user's own rights (a manager exports his region and
    the regions below only). A large ledger is made by a background job."""
    _name = 'agency.ledger.export'
    _description = 'Work Ledger Export'

    def _default_region_id(self):
        return self.env.user.agency_region_id

    def _default_date_range_id(self):
        return self.env['date.range']._agency_current_period()

    def _period_domain(self):
        """The reporting periods that have started (the pickers show the latest first)."""
        return [('type_id', '=',
                 self.env.ref('investment_agency.date_range_type_reporting_period').id),
                ('date_start', '<=', self.env['resource.calendar'].agency_today())]

    region_id = fields.Many2one(
        'agency.region', string='Region', required=True, default=_default_region_id,
        domain=lambda self: self.env['agency.region']._user_subtree_domain())
    include_subregions = fields.Boolean(string='Include the Regions Below', default=True)
    date_range_id = fields.Many2one('date.range', string='Reporting Period',
                                    default=_default_date_range_id,
                                    domain=lambda self: self._period_domain(),
                                    help='Fills the dates; change them for another span.')
    date_from = fields.Date(string='From', required=True,
                            default=lambda self: self._default_date_range_id().date_start)
    date_to = fields.Date(string='To', required=True,
                          default=lambda self: self._default_date_range_id().date_end,
                          help='The ledger lists the cases applied for by this day and not '
                               'closed before the first day. By default, the current '
                               'reporting period (26th to 25th).')
    case_count = fields.Integer(string='Cases', readonly=True)
    queued = fields.Boolean(string='Made in the Background', readonly=True)

    @api.onchange('date_range_id')
    def _onchange_date_range_id(self):
        if self.date_range_id:
            self.date_from = self.date_range_id.date_start
            self.date_to = self.date_range_id.date_end

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_('The period ends (%s) before it starts (%s).')
                                      % (wizard.date_to, wizard.date_from))

    @api.constrains('region_id')
    def _check_region_id(self):
        own = self.env.user.agency_region_id
        for wizard in self:
            if not wizard.region_id._is_supervised_by(self.env.user):
                raise ValidationError(_('You can export the ledger of %s and of the regions '
                                        'below it only.') % (own.name or '-'))

    @api.multi
    def action_export(self):
        """Print the ledger (XLSX); a ledger of more cases than the background threshold
        is made by a job that attaches it and tells the user in his inbox."""
        self.ensure_one()
        # A transient model has no access rights in Odoo 11 (every user may create one):
        # the group is checked here, a rule cannot say it.
        if not self.env.user.has_group('investment_agency.group_manager'):
            raise AccessError(_('Only the managers export the work ledger.'))
        count = self.env['agency.case'].search_count(self._ledger_domain())
        if not count:
            raise UserError(_('%s has no case in this period.') % self.region_id.name)
        self.case_count = count
        if count > self._background_threshold():
            self.env['agency.job']._enqueue_ledger(self)
            self.queued = True
            return {
                'type': 'ir.actions.act_window',
                'name': _('Export Work Ledger'),
                'res_model': self._name,
                'res_id': self.id,
                'view_mode': 'form',
                'target': 'new',
            }
        action = self.env.ref('investment_agency.report_ledger_xlsx').report_action(self)
        # The dialog closes once the download starts (static/src/js/agency_webclient.js).
        action['close_on_report_download'] = True
        return action

    @api.multi
    def action_export_ratings(self):
        """Print the ratings (好差评) given in the period in the region (XLSX), for upload
        to the 好差评 system."""
        self.ensure_one()
        if not self.env.user.has_group('investment_agency.group_manager'):
            raise AccessError(_('Only the managers export the ratings.'))
        if not self._rated_cases():
            raise UserError(_('%s has no rating in this period.') % self.region_id.name)
        action = self.env.ref('investment_agency.report_ratings_xlsx').report_action(self)
        action['close_on_report_download'] = True
        return action

    @api.multi
    def _rated_cases(self):
        """The cases rated in the period, with the user's rights, in the order rated."""
        self.ensure_one()
        operator = 'child_of' if self.include_subregions else '='
        return self.env['agency.case'].search([
            ('region_id', operator, self.region_id.id), ('rating', '!=', False),
            ('rating_date', '>=', self.date_from), ('rating_date', '<=', self.date_to),
        ], order='rating_date, id')

    @api.multi
    def _ratings_filename(self):
        self.ensure_one()
        return '%s“好差评”评价数据(%s至%s)' % (self.region_id.name, self.date_from, self.date_to)

    @api.model
    def _background_threshold(self):
        return int(self.env['ir.config_parameter'].sudo().get_param(
            'investment_agency.ledger_job_threshold', 500))

    @api.multi
    def _ledger_domain(self):
        self.ensure_one()
        operator = 'child_of' if self.include_subregions else '='
        return [('region_id', operator, self.region_id.id),
                ('date_applied', '<=', self.date_to),
                '|', ('date_closed', '=', False), ('date_closed', '>=', self.date_from)]

    @api.multi
    def _ledger_cases(self):
        """The cases of the ledger, with the user's rights."""
        return self.env['agency.case'].search(self._ledger_domain(),
                                              order='region_id, date_applied, id')

    @api.multi
    def _ledger_filename(self):
        self.ensure_one()
        return '%s“帮您办”专项工作台账(%s至%s)' % (
            self.region_id.name, self.date_from, self.date_to)
