from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResourceCalendarWorkday(models.Model):
    """A make-up working day (调休上班): a weekend day that is worked."""
    _name = 'resource.calendar.workday'
    _description = 'Make-up Working Day'
    _order = 'date desc'

    name = fields.Char(string='Reason', required=True, translate=True)
    date = fields.Date(required=True, index=True)
    calendar_id = fields.Many2one(
        'resource.calendar', string='Working Calendar', required=True, ondelete='cascade',
        default=lambda self: self.env['resource.calendar'].agency_default_calendar())

    _sql_constraints = [
        ('date_calendar_uniq', 'unique(calendar_id, date)',
         'This day is already a make-up working day of this calendar.'),
    ]

    @api.constrains('date', 'calendar_id')
    def _check_date(self):
        for workday in self:
            day = fields.Date.from_string(workday.date)
            if day.weekday() in workday.calendar_id._agency_weekdays():
                raise ValidationError(
                    _('%s is already a working day of the calendar: only a weekend day '
                      'can be a make-up working day.') % workday.date)
