from odoo import _, api, models


class AgencyCase(models.Model):
    """The declaration plan of a case on a timeline (OCA web_timeline)."""
    _inherit = 'agency.case'

    @api.multi
    def action_view_plan_timeline(self):
        """The item lines of the case on a timeline, by phase (or by department)."""
        self.ensure_one()
        action = self.env.ref('investment_agency.action_agency_case_plan_timeline').read()[0]
        action['name'] = _('Declaration Plan of %s') % self.name
        action['domain'] = [('case_id', '=', self.id), ('planned_start', '!=', False)]
        action['context'] = {'default_case_id': self.id}
        return action

    @api.multi
    def _update_plan_end(self):
        """The planned completion after a line of the plan moved (timeline)."""
        for case in self:
            ends = [end for end in case.line_ids.mapped('planned_end') if end]
            if not ends or not case.date_plan_start:
                continue
            planned_end = max(ends)
            calendar = case.region_id._get_calendar()
            plan_days = calendar.agency_working_days_between(case.date_plan_start, planned_end)
            # The plan's figures, set by the plan and not by a client (_write_case).
            case.sudo()._write_case({
                'date_planned_end': planned_end,
                'plan_days': plan_days,
                'plan_days_saved': case.sequential_days - plan_days,
            })
