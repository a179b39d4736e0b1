"""Every printed form keeps its text: the PDFs of a case walked through its flow are
compared with the texts recorded in ``tests/data/report_texts/`` (whitespace removed, the
case's number and the records' ids replaced by placeholders).

A change that moves printing code but must not change a form runs against these texts.
A change that means to change a form records them again, then shows the difference in its
commit::

    IA_RECORD_REPORT_TEXTS=1 IA_KEEP_DB=1 scripts/test -k test_report_texts
"""
import os

from .common import today_is
from .forms_common import AgencyFormsCommon, flat

SERVICE_DAY = '2026-11-25'  # after every date of the cases below
TEXTS = os.path.join(os.path.dirname(__file__), 'data', 'report_texts')


class TestReportTexts(AgencyFormsCommon):

    @classmethod
    def setUpClass(cls):
        super(TestReportTexts, cls).setUpClass()
        with today_is(SERVICE_DAY):
            cls.case = cls._plan(cls._create_case())
            # The one-time notification prints the checklist as it stands.
            cls._mark(cls.case, cls.item_filing, 'received', 'pledge')
            cls._mark(cls.case, cls.item_land, 'deficiency')
            cls.completed = cls._close_lines(cls._plan(cls._create_case()))
            cls.completed._complete('2026-11-20', [
                {'name': '营业执照', 'kind': 'original'},
                {'name': '项目备案申请材料', 'kind': 'copy', 'copies': 2,
                 'received_by': '包经办', 'date_returned': '2026-11-19'}])
            cls.completed._record_evaluation('unsatisfied', comment='补正通知不够清楚',
                                             rater='乌云其其格', channel='paper',
                                             date='2026-11-23')
            cls.terminated = cls._create_case()
            cls.terminated._terminate('false_materials', note='土地权属证明与实际不符',
                                      date='2026-10-12',
                                      materials=[{'name': '营业执照', 'kind': 'copy'}])

    @classmethod
    def _mark(cls, case, item, *statuses):
        """Give the first materials of the item that allow them these statuses."""
        entries = case.line_ids.filtered(lambda line: line.item_id == item).material_ids
        for status in statuses:
            flag = {'deficiency': 'allow_deficiency', 'pledge': 'allow_pledge'}.get(status)
            entry = entries.filtered(lambda e: e.status == 'required' and (
                not flag or e.material_id[flag]))[:1]
            entry.write({'status': status})

    def _placeholders(self, text, record):
        """The text without what changes from one database to the next."""
        if record._name != 'agency.case':
            return text
        text = text.replace(record.name, '<CASE>')
        for line in record.line_ids:
            text = text.replace('〔2026〕%d号' % line.id, '〔2026〕<LINE>号')
        return text

    def assertSameText(self, name, xmlid, record):
        with today_is(SERVICE_DAY):
            text = self._placeholders(flat(self._render(xmlid, record)), record)
        path = os.path.join(TEXTS, name + '.txt')
        if os.environ.get('IA_RECORD_REPORT_TEXTS'):
            os.makedirs(TEXTS, exist_ok=True)
            with open(path, 'w', encoding='utf-8') as handle:
                handle.write(text + '\n')
        with open(path, encoding='utf-8') as handle:
            self.assertEqual(text, handle.read().rstrip('\n'), name)

    def test_flow_chart(self):
        self.assertSameText('annex2_flow_chart', 'investment_agency.report_case_flow', self.case)

    def test_application(self):
        self.assertSameText('annex3_application', 'investment_agency.report_case_application',
                            self.case)

    def test_authorization(self):
        self.assertSameText('annex4_authorization',
                            'investment_agency.report_case_authorization', self.case)

    def test_commitment(self):
        self.assertSameText('annex5_commitment', 'investment_agency.report_case_commitment',
                            self.case)

    def test_completion(self):
        self.assertSameText('annex6_completion', 'investment_agency.report_case_completion',
                            self.completed)

    def test_evaluation(self):
        self.assertSameText('annex7_evaluation', 'investment_agency.report_case_evaluation',
                            self.completed)

    def test_termination(self):
        self.assertSameText('annex8_termination', 'investment_agency.report_case_termination',
                            self.terminated)

    def test_notification(self):
        self.assertSameText('notification', 'investment_agency.report_case_notification',
                            self.case)

    def test_published_list(self):
        self.assertSameText('annex1_published_list', 'investment_agency.report_published_list',
                            self.region)
