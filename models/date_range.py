from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY

from odoo import api, fields, models

from .dates import to_date
from .supervision_common import PERIOD_END_DAY

# The first year of the service (the plan took effect in 2021).
FIRST_YEAR = 2021


class DateRangeType(models.Model):
    _inherit = 'date.range.type'

    @api.multi
    def _agency_generate_periods(self, year):
        """Create the twelve reporting periods (月报期间) of ``year`` that are missing, with
        date_range's own generator: the period of month M runs from the 26th of M-1 to the
        25th of M (the leagues report before the 25th, §三(二)), named after M (2026年1月).
        Returns the periods created."""
        self.ensure_one()
        Range = self.env['date.range']
        generator = self.env['date.range.generator'].create({
            'name_prefix': '%d-' % year,
            'type_id': self.id,
            'company_id': self.company_id.id,
            'date_start': '%d-12-%02d' % (year - 1, PERIOD_END_DAY + 1),
            'unit_of_time': MONTHLY,
            'duration_count': 1,
            'count': 12,
        })
        values = generator._compute_date_ranges()
        generator.unlink()
        existing = set(Range.with_context(active_test=False).search(
            [('type_id', '=', self.id)]).mapped('date_start'))
        created = Range
        for vals in values:
            if vals['date_start'] in existing:
                continue
            end = fields.Date.from_string(vals['date_end'])
            vals['name'] = '%d年%d月' % (end.year, end.month)
            created |= Range.create(vals)
        return created

    @api.model
    def _agency_cron_generate_periods(self):
        """Monthly: the reporting periods from the first year of the service to next year."""
        period_type = self.env.ref('investment_agency.date_range_type_reporting_period')
        today = fields.Date.from_string(self.env['resource.calendar'].agency_today())
        for year in range(FIRST_YEAR, today.year + 2):
            period_type._agency_generate_periods(year)


class DateRange(models.Model):
    _inherit = 'date.range'

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        """With ``agency_recent_first`` in the context (the period pickers of the module),
        the latest periods first: date_range orders them from the oldest."""
        if not self.env.context.get('agency_recent_first'):
            return super(DateRange, self).name_search(name, args=args, operator=operator,
                                                      limit=limit)
        domain = list(args or [])
        if name:
            domain.append(('name', operator, name))
        return self.search(domain, order='date_start desc', limit=limit).name_get()

    @api.model
    def _agency_period_of(self, day):
        """The reporting period (月报期间) that holds ``day`` (a date or a string); its year
        is generated when missing."""
        day = to_date(day)
        period_type = self.env.ref('investment_agency.date_range_type_reporting_period')
        value = fields.Date.to_string(day)
        domain = [('type_id', '=', period_type.id),
                  ('date_start', '<=', value), ('date_end', '>=', value)]
        period = self.sudo().search(domain, limit=1)
        if not period:
            year = (day + relativedelta(days=31 - PERIOD_END_DAY)).year
            period_type.sudo()._agency_generate_periods(year)
            period = self.sudo().search(domain, limit=1)
        return self.browse(period.id)

    @api.model
    def _agency_current_period(self):
        """The reporting period of the service day."""
        return self._agency_period_of(self.env['resource.calendar'].agency_today())

    @api.multi
    def _agency_previous(self):
        """The reporting period before this one."""
        self.ensure_one()
        return self._agency_period_of(
            fields.Date.from_string(self.date_start) - relativedelta(days=1))
