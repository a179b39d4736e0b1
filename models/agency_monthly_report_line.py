from odoo import api, fields, models

from .agency_case_line import LIGHTS

LINE_TYPES = [
    ('item', 'Items Handled'),
    ('project', 'Key Project'),
    ('overdue', 'Overdue Item'),
    ('decision', 'Open Meeting Decision'),
    ('region', 'Sub-region Ranked'),
    ('department', 'Department Ranked'),
]


class AgencyMonthlyReportLine(models.Model):
    """A frozen row of a monthly progress report: the figures of an item, the status of a
    key project, or a problem needing coordination (an overdue item or an open decision
    of a joint review meeting)."""
    _name = 'agency.monthly.report.line'
    _description = 'Monthly Report Row'
    _order = 'report_id, line_type desc, sequence, id'

    report_id = fields.Many2one('agency.monthly.report', string='Report', required=True,
                                index=True, ondelete='cascade')
    line_type = fields.Selection(LINE_TYPES, string='Type', required=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Description', required=True)
    case_id = fields.Many2one('agency.case', string='Case', ondelete='set null')
    case_number = fields.Char()
    item_id = fields.Many2one('agency.item', string='Item', ondelete='set null')
    department_id = fields.Many2one('agency.department', string='Department',
                                    ondelete='set null')
    stage_name = fields.Char(string='Stage')
    light = fields.Selection(LIGHTS)
    handled_count = fields.Integer(string='Items Handled')
    on_time_count = fields.Integer(string='On Time')
    avg_days = fields.Float(string='Average Working Days', digits=(16, 1))
    days_saved = fields.Integer(string='Working Days Saved')
    statutory_days = fields.Integer(string='Statutory Limit')
    items_closed = fields.Integer()
    items_total = fields.Integer(string='Items')
    date_planned_end = fields.Date(string='Planned Completion')
    date_deadline = fields.Date(string='Deadline')
    overdue_days = fields.Integer(string='Working Days Overdue')
    note = fields.Char(string='Progress')
    # The circular's rankings (agency_monthly_report_ranking.py).
    region_id = fields.Many2one('agency.region', string='Region', ondelete='set null')
    rank = fields.Integer()
    on_time_rate = fields.Float(string='On-time Rate (%)', digits=(16, 1))
    avg_days_saved = fields.Float(string='Average Working Days Saved', digits=(16, 1))
    overdue_count = fields.Integer(string='Overdue Items')
    rated_count = fields.Integer(string='Ratings')
    satisfaction_rate = fields.Float(string='Satisfaction Rate (%)', digits=(16, 1))
    bad_rating_count = fields.Integer(string='Bad Ratings')
    rectified_count = fields.Integer(string='Bad Ratings Rectified')
    rectified_rate = fields.Float(string='Bad Ratings Rectified (%)', digits=(16, 1))

    @api.model
    def create(self, vals):
        report = self.env['agency.monthly.report'].browse(vals.get('report_id'))
        report._check_draft()
        return super(AgencyMonthlyReportLine, self).create(vals)

    @api.multi
    def write(self, vals):
        self.mapped('report_id')._check_draft()
        return super(AgencyMonthlyReportLine, self).write(vals)

    @api.multi
    def unlink(self):
        self.mapped('report_id')._check_draft()
        return super(AgencyMonthlyReportLine, self).unlink()
