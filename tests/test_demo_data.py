"""The demo cases tell a consistent story: each step entered after the one before, on
the days their letters and items say (a case enters 申报办理 the day its first item is
declared, 结果反馈 the day its last item closes)."""
from odoo.addons.investment_agency.models.agency_case_flow import MAIN_STEPS

from .common import AgencyTestCommon

FLOW_DATES = ('date_applied', 'date_verify', 'date_sign', 'date_plan', 'date_declare',
              'date_feedback', 'date_archive', 'date_done', 'date_evaluate')


class TestDemoData(AgencyTestCommon):

    def demo_cases(self):
        data = self.env['ir.model.data'].search([
            ('module', '=', 'investment_agency'), ('model', '=', 'agency.case'),
            ('name', '=like', 'case_%_demo')])
        return self.env['agency.case'].browse(data.mapped('res_id'))

    def test_step_dates_follow_the_flow_and_the_items(self):
        cases = self.demo_cases()
        self.assertGreaterEqual(len(cases), 7)
        for case in cases:
            dates = [case[name] for name in FLOW_DATES if case[name]]
            self.assertEqual(dates, sorted(dates), '%s: %s' % (case.name, dates))
            # Every step passed has its date.
            passed = MAIN_STEPS[:MAIN_STEPS.index(case.flow_step)] \
                if case.flow_step in MAIN_STEPS else []
            for step in passed:
                self.assertTrue(case._step_date(step), '%s: no date for %s' % (case.name, step))
            declared = [date for date in case.line_ids.mapped('date_declared') if date]
            if case.date_declare:
                self.assertEqual(case.date_declare, min(declared), case.name)
            if case.letters_signed and case.date_plan:
                self.assertLessEqual(max(case.date_authorization, case.date_commitment),
                                     case.date_plan, case.name)
            if case.date_feedback:
                closed = case.line_ids.mapped('date_closed')
                self.assertTrue(all(closed), case.name)
                self.assertEqual(case.date_feedback, max(closed), case.name)
