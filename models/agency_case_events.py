from odoo import _, api, models
from odoo.tools import html_escape

# A line entering one of these states tells the case's followers, the applicant included,
# through the public subtype of the event (data/mail_message_subtype_data.xml).
ITEM_EVENT_SUBTYPES = {
    'accepted': 'investment_agency.mt_case_item_accepted',
    'correction': 'investment_agency.mt_case_item_correction',
    'done': 'investment_agency.mt_case_item_done',
    'refused': 'investment_agency.mt_case_item_refused',
}
RATING_SUBTYPE = 'investment_agency.mt_case_rating'


class AgencyCaseEvents(models.AbstractModel):
    """What a case tells its followers, the way Odoo's own apps do (maintenance's
    ``mt_req_status``): its stage changes and completion by tracking, what happens to its
    items and the request for a rating by messages of public subtypes. The applicant,
    who follows his case, receives those; staff read the internal notes beside them."""
    _name = 'agency.case.events'
    _description = 'Events of an Agency Case'

    @api.multi
    def _track_subtype(self, init_values):
        self.ensure_one()
        if 'stage_id' in init_values:
            if self.flow_step == 'done':
                return 'investment_agency.mt_case_completed'
            return 'investment_agency.mt_case_stage'
        return super(AgencyCaseEvents, self)._track_subtype(init_values)

    @api.multi
    def _post_item_event(self, line):
        """Tell the case's followers what happened to ``line`` (its new state is one of
        ``ITEM_EVENT_SUBTYPES``), in the database's words."""
        self.ensure_one()
        line = line.with_context(lang=self._agency_lang())
        values = {'item': line.item_id.name, 'date': line.date_accepted or '-',
                  'deadline': line.deadline or '-', 'note': line.correction_note or '-',
                  'number': line.result_number or '-', 'result_date': line.result_date or '-'}
        body = {
            'accepted': _('%(item)s was accepted on %(date)s; it is due by %(deadline)s.'),
            'correction': _('%(item)s needs corrections: %(note)s'),
            'done': _('%(item)s is done: result %(number)s of %(result_date)s.'),
            'refused': _('%(item)s is not permitted (decision %(number)s of '
                         '%(result_date)s).'),
        }[line.state] % values
        self.sudo().message_post(body=html_escape(body),
                                 subtype=ITEM_EVENT_SUBTYPES[line.state],
                                 author_id=self.env.user.partner_id.id)

    @api.multi
    def _ask_for_rating(self):
        """Once a case is completed, ask its followers (the applicant) to rate the service
        (好差评), once, with the link to the case's page."""
        Message = self.env['mail.message'].sudo()
        subtype = self.env.ref(RATING_SUBTYPE)
        for case in self.filtered(lambda case: case.flow_step == 'done' and not case.rating):
            if Message.search_count([('model', '=', case._name), ('res_id', '=', case.id),
                                     ('subtype_id', '=', subtype.id)]):
                continue
            url = '%s/my/agency/cases/%d' % (self.env['ir.config_parameter'].sudo().get_param(
                'web.base.url', '').rstrip('/'), case.id)
            body = case.with_context(lang=case._agency_lang())._rating_request_text()
            case.sudo().message_post(
                body='%s <a href="%s">%s</a>' % (html_escape(body), html_escape(url),
                                                 html_escape(url)),
                subtype=RATING_SUBTYPE)

    @api.multi
    def _rating_request_text(self):
        self.ensure_one()
        return _('Case %s is completed. Please rate our service (very satisfied, satisfied, '
                 'basically satisfied, unsatisfied or very unsatisfied) on its page:') \
            % self.name
