from odoo import api, fields, models

from ..models.agency_case_closing import RATING_CHANNELS, RATINGS
from ..models.resource_calendar import service_today


class AgencyCaseEvaluate(models.TransientModel):
    """Record the applicant's evaluation of a case (Annex 7, 好差评) and print the form."""
    _name = 'agency.case.evaluate'
    _inherit = 'agency.case.wizard'
    _description = 'Evaluate a Case'

    rating = fields.Selection(RATINGS, required=True,
                              help='The five levels of the national rating system (好差评); '
                                   'unsatisfied and very unsatisfied are followed up.')
    rating_comment = fields.Text(string='Opinions and Suggestions')
    rating_rater = fields.Char(string='Rated By', default=lambda self: self._default_rater())
    rating_channel = fields.Selection(RATING_CHANNELS, string='Channel', required=True,
                                      default='paper')
    rating_date = fields.Date(string='Rated On', required=True,
                              default=service_today)

    @api.model
    def _default_rater(self):
        case = self.env['agency.case'].browse(self._default_case_id())
        return case.project_id.contact_name if case else False

    @api.multi
    def action_evaluate(self):
        self.ensure_one()
        self.case_id._record_evaluation(self.rating, comment=self.rating_comment,
                                        rater=self.rating_rater, channel=self.rating_channel,
                                        date=self.rating_date)
        return {'type': 'ir.actions.act_window_close'}
