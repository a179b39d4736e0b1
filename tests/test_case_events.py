from .forms_common import AgencyFormsCommon

PUBLIC = ('mt_case_stage', 'mt_case_item_accepted', 'mt_case_item_correction',
          'mt_case_item_done', 'mt_case_item_refused', 'mt_case_completed', 'mt_case_rating')


class TestCaseEvents(AgencyFormsCommon):
    """What a case tells its followers: the applicant (a portal user following his case)
    receives the public events — stage changes, each item accepted, asked for corrections,
    done or refused, the completion and the request for a rating — and never the internal
    notes; staff receive them as well."""

    def setUp(self):
        super(TestCaseEvents, self).setUp()
        self.case = self._create_case()
        self.case.message_subscribe(partner_ids=self.portal_user.partner_id.ids)
        self.applicant = self.portal_user.partner_id
        # What the case told before the applicant followed it is left out.
        self.before = self.case.message_ids[:1].id

    def subtype(self, name):
        return self.env.ref('investment_agency.%s' % name)

    def messages(self, name):
        return self.case.message_ids.filtered(
            lambda msg: msg.subtype_id == self.subtype(name) and msg.id > self.before)

    def told(self, partner, messages):
        """Those of ``messages`` that ``partner`` was notified of."""
        return self.env['mail.notification'].search([
            ('res_partner_id', '=', partner.id),
            ('mail_message_id', 'in', messages.ids)]).mapped('mail_message_id')

    def test_the_applicant_follows_the_public_subtypes_only(self):
        follower = self.case.message_follower_ids.filtered(
            lambda follower: follower.partner_id == self.applicant)
        self.assertEqual(set(follower.subtype_ids.ids) & {
            self.subtype(name).id for name in PUBLIC}, {self.subtype(name).id for name in PUBLIC})
        self.assertNotIn(self.env.ref('mail.mt_note'), follower.subtype_ids)
        for name in PUBLIC:
            self.assertFalse(self.subtype(name).internal, name)

    def test_items_accepted_corrected_done_refused(self):
        self._plan(self.case)
        first, second = self.case.line_ids[:2]
        first.write({'state': 'declared', 'date_declared': '2026-09-10'})
        first.write({'state': 'accepted', 'date_accepted': '2026-09-14'})
        accepted = self.messages('mt_case_item_accepted')
        self.assertEqual(len(accepted), 1)
        self.assertIn(first.item_id.name, accepted.body)
        self.assertIn(first.deadline, accepted.body)
        self.assertEqual(self.told(self.applicant, accepted), accepted)
        self.assertEqual(self.told(self.agent_cf.partner_id, accepted), accepted)
        # The internal note of the same change is for staff: the applicant is not told.
        notes = self.case.message_ids.filtered(
            lambda msg: msg.subtype_id == self.env.ref('mail.mt_note'))
        self.assertTrue(notes)
        self.assertFalse(self.told(self.applicant, notes))
        self.assertEqual(self.case.message_ids[0], notes[0], 'the note comes last')

        first.write({'state': 'correction', 'correction_note': '补充用地红线图'})
        correction = self.messages('mt_case_item_correction')
        self.assertIn('补充用地红线图', correction.body)
        self.assertEqual(self.told(self.applicant, correction), correction)
        first.write({'state': 'accepted'})
        self.assertEqual(len(self.messages('mt_case_item_accepted')), 2)
        first.write({'state': 'done', 'result_number': '赤审〔2026〕1号',
                     'result_date': '2026-11-18'})
        done = self.messages('mt_case_item_done')
        self.assertIn('赤审〔2026〕1号', done.body)
        self.assertEqual(self.told(self.applicant, done), done)

        second.write({'state': 'declared', 'date_declared': '2026-09-10'})
        second.write({'state': 'accepted', 'date_accepted': '2026-09-14'})
        second.write({'state': 'refused', 'result_number': '赤审〔2026〕2号',
                      'result_date': '2026-11-18'})
        refused = self.messages('mt_case_item_refused')
        self.assertIn(second.item_id.name, refused.body)
        self.assertEqual(self.told(self.applicant, refused), refused)
        # Declaring is the bureau's own work: no public message. Accepted twice (again after
        # the correction), asked for corrections, done; accepted, refused.
        self.assertEqual(len(self.case.message_ids.filtered(
            lambda msg: msg.subtype_id.id in [self.subtype(name).id for name in PUBLIC[1:5]])), 6)

    def test_stages_completion_and_rating(self):
        self._plan(self.case)
        stages = self.messages('mt_case_stage')
        self.assertTrue(stages, 'the plan moves the case on: its followers are told')
        self.assertEqual(self.told(self.applicant, stages), stages)
        self.assertTrue(stages[0].tracking_value_ids)
        self._close_lines(self.case)
        self._completed(self.case)
        self.assertEqual(self.case.flow_step, 'done')
        completed = self.messages('mt_case_completed')
        self.assertEqual(len(completed), 1)
        self.assertEqual(self.told(self.applicant, completed), completed)
        rating = self.messages('mt_case_rating')
        self.assertEqual(len(rating), 1)
        self.assertIn('/my/agency/cases/%d' % self.case.id, rating.body)
        self.assertIn(self.case.name, rating.body)
        self.assertEqual(self.told(self.applicant, rating), rating)
        # Asked once.
        self.case._ask_for_rating()
        self.assertEqual(len(self.messages('mt_case_rating')), 1)
