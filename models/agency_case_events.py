from email.utils import formataddr

from odoo import api, models

# A line entering one of these states tells the case's followers, the applicant included:
# (mail template, public subtype) of the event (data/mail_template_data.xml,
# data/mail_message_subtype_data.xml).
ITEM_EVENTS = {
    'accepted': ('investment_agency.mail_template_item_accepted',
                 'investment_agency.mt_case_item_accepted'),
    'correction': ('investment_agency.mail_template_item_correction',
                   'investment_agency.mt_case_item_correction'),
    'done': ('investment_agency.mail_template_item_done',
             'investment_agency.mt_case_item_done'),
    'refused': ('investment_agency.mail_template_item_refused',
                'investment_agency.mt_case_item_refused'),
}
RATING_EVENT = ('investment_agency.mail_template_rating', 'investment_agency.mt_case_rating')
# The events of a case that the channels are told of (webhooks, SMS): _on_case_event.
CASE_EVENTS = [
    ('case.stage_changed', 'Stage Changed'),
    ('case.completed', 'Case Completed'),
    ('item.accepted', 'Item Accepted'),
    ('item.correction', 'Correction Requested'),
    ('item.done', 'Item Done'),
    ('item.refused', 'Item Refused'),
    ('case.rating_requested', 'Rating Requested'),
]


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
    def _on_case_event(self, event, line=None):
        """Hook called for each event of the case (``line``: the item it is about):
        ``case.stage_changed``, ``case.completed``, ``item.accepted``, ``item.correction``,
        ``item.done``, ``item.refused``, ``case.rating_requested``. The channels that
        are told of events (webhooks, SMS) extend it; the followers are told by the
        messages posted beside it."""
        return True

    @api.multi
    def _post_stage_events(self, old_stages):
        """The events of the cases whose stage changed (``old_stages``: case id → the
        stage before the write); the followers learn of it by tracking."""
        for case in self.filtered(lambda case: case.id in old_stages and
                                  case.stage_id != old_stages[case.id]):
            case._on_case_event(
                'case.completed' if case.flow_step == 'done' else 'case.stage_changed')

    @api.multi
    def _post_item_event(self, line):
        """Tell the case's followers what happened to ``line`` (its new state is one of
        ``ITEM_EVENTS``): the event's mail template, posted with its public subtype."""
        self.ensure_one()
        template, subtype = ITEM_EVENTS[line.state]
        # The templates are in Chinese: so are the names they are given.
        line = line.with_context(lang='zh_CN')
        result = line.result_number and '%s（%s）' % (line.result_number, line.result_date or '')
        self._post_event(template, subtype, {
            'agency_item': line.item_id.name,
            'agency_date': line.date_accepted or '',
            'agency_deadline': line.deadline or '',
            'agency_note': line.correction_note or '',
            'agency_result': result or '',
        }, self._agency_acting_author() or self._agency_system_author() or
            self.env.user.partner_id)
        self._on_case_event('item.%s' % line.state, line)

    @api.multi
    def _ask_for_rating(self):
        """Once a case is completed, ask its followers (the applicant) to rate the service
        (好差评), once, signed by the service."""
        Message = self.env['mail.message'].sudo()
        subtype = self.env.ref(RATING_EVENT[1])
        for case in self.filtered(lambda case: case.flow_step == 'done' and not case.rating):
            if not Message.search_count([('model', '=', case._name), ('res_id', '=', case.id),
                                         ('subtype_id', '=', subtype.id)]):
                case._post_event(RATING_EVENT[0], RATING_EVENT[1], {},
                                 self.env.ref('investment_agency.partner_service'))
                case._on_case_event('case.rating_requested')

    @api.multi
    def _agency_case_link(self):
        """The address of the case's page on the portal, for the applicant."""
        self.ensure_one()
        return '%s/my/agency/cases/%d' % (self._agency_base_url(), self.id)

    @api.multi
    def _post_event(self, template, subtype, values, author):
        """Post the mail template ``template`` (xml id) on the case with the public
        ``subtype``, signed by ``author`` (a partner), the event's ``values`` and the
        case's portal page in the context of its rendering, framed by the service's
        layout (not Odoo's "Sent by … using Odoo"). Odoo sends it by e-mail,
        after the transaction, to the followers who take that subtype; a mail server
        that does not answer leaves the e-mail in the queue (Settings / Technical /
        Emails) and never undoes the change."""
        self.ensure_one()
        url = self._agency_case_link()
        sender = author.email or self.env.user.company_id.email or 'noreply@localhost'
        region = self.sudo().region_id
        self.sudo().with_context(
            custom_layout='investment_agency.mail_template_layout_applicant',
            agency_bureau=region.bureau_name, agency_hotline=region.hotline,
            **dict(values, agency_url=url)).message_post_with_template(
            self.env.ref(template).id, subtype_id=self.env.ref(subtype).id,
            author_id=author.id, email_from=formataddr((author.name, sender)))
