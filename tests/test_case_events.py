import contextlib
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller

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
        self.assertEqual(rating.author_id, self.env.ref('investment_agency.partner_service'))
        # Asked once.
        self.case._ask_for_rating()
        self.assertEqual(len(self.messages('mt_case_rating')), 1)


class SmtpInbox(object):
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return '250 OK'

    def start(self):
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            self.port = sock.getsockname()[1]
        self.controller = Controller(self, hostname='127.0.0.1', port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


class TestEventMail(AgencyFormsCommon):
    """The applicant's e-mails: the events' mail templates in Chinese (bureau, case number,
    item, deadline, the portal link), delivered over a real SMTP exchange; the internal
    notes never leave; a mail server that does not answer never undoes the change."""

    def setUp(self):
        super(TestEventMail, self).setUp()
        self.inbox = SmtpInbox().start()
        self.addCleanup(self.inbox.stop)
        self.server = self.env['ir.mail_server'].create({
            'name': 'test', 'smtp_host': '127.0.0.1', 'smtp_port': self.inbox.port,
            'sequence': 0})
        self.portal_user.partner_id.write({'email': 'applicant@example.com', 'lang': 'zh_CN'})
        self.case = self._plan(self._create_case())
        self.case.message_subscribe(partner_ids=self.portal_user.partner_id.ids)
        self.line = self.case.line_ids[0]
        self.line.write({'state': 'declared', 'date_declared': '2026-09-10'})

    @contextlib.contextmanager
    def real_mail(self):
        """Odoo as it runs outside the tests: on a test thread it sends the e-mails of a
        message at once and skips the SMTP exchange; otherwise it queues them for after
        the commit (which a test never makes), and ``send`` talks to the server."""
        thread = threading.current_thread()
        testing, thread.testing = thread.testing, False
        try:
            yield
        finally:
            thread.testing = testing

    def event(self, **values):
        """Write ``values`` on the line and return the e-mails queued for the applicant."""
        before = self.mails_to_applicant()
        with self.real_mail():
            self.line.write(values)
        return self.mails_to_applicant() - before

    def send(self, mails):
        with self.real_mail():
            mails.send()

    def mails_to_applicant(self):
        return self.env['mail.mail'].search([
            ('recipient_ids', 'in', self.portal_user.partner_id.id),
            ('mail_message_id.res_id', '=', self.case.id)])

    def test_accepted_item_mailed_in_chinese(self):
        mails = self.event(state='accepted', date_accepted='2026-09-14')
        self.assertEqual(len(mails), 1, 'the event, not the internal note beside it')
        self.assertEqual(mails.state, 'outgoing')
        self.send(mails)
        self.assertEqual(mails.state, 'sent')
        (recipients, message), = self.inbox.messages
        self.assertEqual(recipients, ['applicant@example.com'])
        item = self.line.item_id.with_context(lang='zh_CN').name
        self.assertIn(self.case.name, message['Subject'])
        self.assertIn(item, message['Subject'])
        self.assertIn(self.region.bureau_name, message['Subject'])
        # What the system does is signed by the service, never by the administrator.
        self.assertIn('蒙速办·帮您办', message['From'])
        body = message.get_body(('html', 'plain')).get_content()
        self.assertIn('已于2026-09-14受理', body)
        self.assertIn(self.line.deadline, body)
        self.assertIn('/my/agency/cases/%d' % self.case.id, body)
        # In the service's frame: the bureau's heading, where to ask; not Odoo's.
        self.assertIn('%s“帮您办”代办帮办服务' % self.region.bureau_name, body)
        self.assertIn('请勿直接回复', body)
        self.assertNotIn('Odoo', body)
        # Nothing of the internal note beside it (every change, "before → after").
        note = self.case.message_ids.filtered(
            lambda msg: msg.subtype_id == self.env.ref('mail.mt_note'))[0]
        self.assertIn('→', note.body)
        self.assertNotIn('→', body)

    def test_correction_says_what_is_missing(self):
        self.line.write({'state': 'accepted', 'date_accepted': '2026-09-14'})
        self.send(self.event(state='correction', correction_note='补充用地红线图'))
        (_recipients, message), = self.inbox.messages
        self.assertIn('需补正', message['Subject'])
        self.assertIn('补充用地红线图', message.get_body(('html', 'plain')).get_content())

    def test_a_silent_mail_server_never_undoes_the_change(self):
        self.inbox.stop()
        mails = self.event(state='accepted', date_accepted='2026-09-14')
        self.assertTrue(mails)
        self.send(mails)  # no exception
        self.assertEqual(set(mails.mapped('state')), {'exception'})
        self.assertEqual(self.line.state, 'accepted')
        self.assertEqual(self.inbox.messages, [])
