"""The fixtures and helpers of the module's tests: users per group, regions,
departments, published lists, cases, the service clock, refusals, and HTTP sessions
that call the server as a role. tests/README.md tells which class builds what, which
helper serves which purpose, how to run one test and the rules the tests follow.
"""
import json
import os
import re
from contextlib import contextmanager
from unittest.mock import patch

from lxml import etree

from odoo import SUPERUSER_ID, api, fields
from odoo.addons.base.ir.ir_qweb.qweb import QWebException
from odoo.exceptions import UserError, ValidationError, except_orm
from odoo.tests import common as tests_common
from odoo.tests.common import HttpCase, SavepointCase

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

# Odoo's own refusals in English (the test users' language): by the access rights of
# the groups (ir.model.access), per operation, ...
NOT_ALLOWED = {
    'read': 'Sorry, you are not allowed to access this document.',
    'write': 'Sorry, you are not allowed to modify this document.',
    'create': 'Sorry, you are not allowed to create this kind of document.',
    'unlink': 'Sorry, you are not allowed to delete this document.',
}


def restricted(document_type, operation=None):
    """... and by a record rule (ir.rule) of Odoo's or of another module: the message up to
    the operation refused, or the whole message."""
    message = ('The requested operation cannot be completed due to security restrictions. '
               'Please contact your system administrator.\n\n(Document type: %s, '
               % document_type)
    return message + ('Operation: %s)' % operation if operation else '')


def verify_case(case, decision='eligible', reason=False):
    """The agent's verification of the case (接洽核实): the project's category checked and
    the decision, as the verification wizard records it."""
    case._record_verification({
        'verify_category': case.project_id.category, 'verify_decision': decision,
        'verify_document': '重点项目确定文件', 'verify_reason': reason})
    return case


def out_of_reach(label):
    """The module's refusal of a record out of the user's regions (or departments)."""
    return 'This %s is outside your reach: you work on the records of your region' % label


def message_of(error):
    """The message of an exception as the user reads it: an Odoo exception's message,
    the error under a QWeb rendering error, or the text of any other exception."""
    if isinstance(error, QWebException) and error.error is not None:
        error = error.error
    if isinstance(error, except_orm):
        return error.name
    return str(error)


# The service plan (代办帮办方案) an agent writes before the items of a case are declared.
SERVICE_PLAN = {
    'plan_goal': '45个工作日内取得全部审批结果',
    'plan_risks': '用地预审可能需要补正材料:提前与自然资源局沟通',
}


class RefusalAssertions(object):
    """Mixin of SavepointCase and HttpCase tests: a call refused with its message."""

    def assertRefused(self, function, error, *messages):
        """``function()`` raises ``error`` whose message contains each of ``messages``
        (at least one). The call runs in a savepoint, which undoes what it wrote before
        the refusal (a refused create has inserted its row already), as the rollback of
        the request would. Returns the exception."""
        self.assertTrue(messages, 'a refusal is asserted with its message')
        with self.assertRaises(error) as caught, self.cr.savepoint():
            function()
        text = message_of(caught.exception)
        for message in messages:
            self.assertIn(message, text)
        return caught.exception

    def assertInvalid(self, function, *messages):
        """``function()`` is refused by a constraint (ValidationError) saying ``messages``."""
        return self.assertRefused(function, ValidationError, *messages)


class AgencyTestCommon(RefusalAssertions, SavepointCase):
    """Regions, departments and one user per group, created by the test itself."""

    @classmethod
    def setUpClass(cls):
        super(AgencyTestCommon, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        # The test database is installed with zh_CN only; the test users speak
        # en_US so that messages are compared untranslated.
        cls.env['res.lang'].load_lang('en_US')
        ref = cls.env.ref
        cls.group_liaison = ref('investment_agency.group_liaison')
        cls.group_agent = ref('investment_agency.group_agent')
        cls.group_manager = ref('investment_agency.group_manager')
        cls.group_catalog = ref('investment_agency.group_catalog_admin')
        cls.group_portal = ref('base.group_portal')
        cls.calendar = ref('investment_agency.calendar_agency')

        cls.region_nmg = ref('investment_agency.region_nmg')
        cls.region_hhht = ref('investment_agency.region_hohhot')
        cls.region_baotou = ref('investment_agency.region_baotou')
        # Leagues without demo data: for tests that need an empty published list.
        cls.region_chifeng = ref('investment_agency.region_chifeng')
        cls.region_wuhai = ref('investment_agency.region_wuhai')
        Region = cls.env['agency.region']
        cls.region_xincheng = Region.search([('code', '=', '150102')]) or Region.create({
            'name': '新城区', 'code': '150102', 'level': 'county',
            'parent_id': cls.region_hhht.id, 'bureau_name': '新城区政务服务局'})
        Region._create_missing_departments(cls.region_xincheng)

        Department = cls.env['agency.department']
        cls.dept_hhht_nr = Department.search([
            ('region_id', '=', cls.region_hhht.id),
            ('type_id', '=', ref('investment_agency.dept_type_natural_resources').id)])
        cls.dept_hhht_ndrc = Department.search([
            ('region_id', '=', cls.region_hhht.id),
            ('type_id', '=', ref('investment_agency.dept_type_ndrc').id)])
        cls.dept_baotou_nr = Department.search([
            ('region_id', '=', cls.region_baotou.id),
            ('type_id', '=', ref('investment_agency.dept_type_natural_resources').id)])

        cls.manager_nmg = cls._create_user('t_manager_nmg', cls.group_manager, cls.region_nmg)
        cls.manager_hhht = cls._create_user('t_manager_hhht', cls.group_manager, cls.region_hhht)
        cls.manager_baotou = cls._create_user('t_manager_baotou', cls.group_manager,
                                              cls.region_baotou)
        cls.agent_hhht = cls._create_user('t_agent_hhht', cls.group_agent, cls.region_hhht)
        cls.agent_hhht2 = cls._create_user('t_agent_hhht2', cls.group_agent, cls.region_hhht)
        cls.agent_baotou = cls._create_user('t_agent_baotou', cls.group_agent, cls.region_baotou)
        cls.agent_xincheng = cls._create_user('t_agent_xincheng', cls.group_agent,
                                              cls.region_xincheng)
        cls.liaison_hhht_nr = cls._create_user('t_liaison_hhht_nr', cls.group_liaison,
                                               cls.region_hhht)
        cls.liaison_hhht_nr.agency_department_ids = [(4, cls.dept_hhht_nr.id)]
        cls.catalog_admin = cls._create_user('t_catalog', cls.group_catalog, cls.region_nmg)
        cls.plain_user = cls._create_user('t_plain', cls.env.ref('base.group_user'), False)

    @classmethod
    def _create_user(cls, login, group, region, **values):
        vals = {
            'name': login,
            'login': login,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [group.id])],
            'agency_region_id': region and region.id,
            'lang': 'en_US',
            'tz': 'Asia/Shanghai',
        }
        vals.update(values)
        return cls.env['res.users'].create(vals)

    def list_actions(self, user, model, field):
        """The add and remove links of the list of ``field`` in the form of ``model``, as
        the web client gets it for ``user``: Odoo hides them (create/delete="false") from a
        user who may not create or delete records of the listed model, unless the view
        sets them."""
        view = self.env[model].sudo(user).fields_view_get(view_type='form')
        arch = etree.fromstring(view['fields'][field]['views']['tree']['arch'])
        return arch.get('create'), arch.get('delete')


@contextmanager
def clock_at(moment):
    """Set the server's clock to ``moment``, a UTC date and time ('2026-11-29 16:01:00'):
    ``fields.Datetime.now``, from which the module takes the service day (the date in
    Beijing) and every time stamp."""
    moment = moment if len(moment) > 10 else '%s 00:00:00' % moment
    with patch.object(fields.Datetime, 'now', staticmethod(lambda *args: moment)):
        yield


# The instants around Beijing's midnight at which clock-sensitive tests run: the service
# day (Asia/Shanghai) and the UTC date differ from 16:00 to 24:00 UTC.
#   (UTC clock, service day)
CLOCK_INSTANTS = [
    ('2026-11-29 15:59:00', '2026-11-29'),  # 23:59 in Beijing
    ('2026-11-29 16:01:00', '2026-11-30'),  # 00:01 in Beijing, still the 29th in UTC
    ('2026-11-29 23:59:00', '2026-11-30'),  # 07:59 in Beijing
    ('2026-11-30 16:01:00', '2026-12-01'),  # 00:01 Asia/Shanghai on a new month
]


@contextmanager
def today_is(day):
    """Make ``day`` the service day: the clock at 10:00 in Beijing (02:00 UTC)."""
    with clock_at('%s 02:00:00' % day):
        yield


@contextmanager
def loading_data(env):
    """Create records as a data file does while Odoo loads the module (history for
    supervision, cases already at a later step): the flow's gates let data files load
    their records as they are."""
    with patch.object(env.registry, '_init', True):
        yield


def recompute(records, *names):
    """Recompute stored computed fields of ``records`` now (under the clock of a test),
    through the ORM's recomputation as a change of their dependencies would."""
    for name in names:
        records.env.add_todo(records._fields[name], records)
    records.recompute()


def queue_jobs(test):
    """For the rest of ``test``, jobs are queued (the tests' plugin otherwise makes
    queue_job run them at once, TEST_QUEUE_JOB_NO_DELAY): run them with run_job."""
    patcher = patch.dict(os.environ)
    patcher.start()
    os.environ.pop('TEST_QUEUE_JOB_NO_DELAY', None)
    test.addCleanup(patcher.stop)


def run_job(env, job_record):
    """Run a stored job as queue_job's RunJobController.runjob does, without its commits:
    started, performed, done; or postponed and pending again after a RetryableJobError
    (returns False then)."""
    job = Job.load(env, job_record.uuid)
    job.set_started()
    job.store()
    try:
        job.perform()
    except RetryableJobError as error:
        job.postpone(result=str(error), seconds=error.seconds)
        job.set_pending(reset_retry=False)
        job.store()
        return False
    job.set_done()
    job.store()
    return True


def service_today(env):
    """The service day, as the module sees it."""
    return env['resource.calendar'].agency_today()


def portal_apply_values(token, **changes):
    """The fields of the portal's application form (Annex 3), valid, with ``changes``."""
    values = {
        'csrf_token': token,
        'intake_token': 'form-%s' % token[:8],
        'region_code': '150400',
        'enterprise_name': '赤峰甲公司',
        'credit_code': '91150400MA0T2X6K3R',
        'legal_representative': '甲总',
        'enterprise_address': '赤峰市红山区一路1号',
        'postcode': '024000',
        'phone': '0476-8812345',
        'contact_name': '甲经办',
        'contact_phone': '13947612345',
        'project_name': '门户申请的新项目',
        'project_address': '赤峰市松山区',
        'project_code': '',
        'total_investment': '3200.5',
        'funding_source': 'loan',
        'land_nature': 'leased',
        'is_key_project': 'yes',
        'category': 'innovation',
        'main_use_scale': '研发中心',
        'approval_progress': '',
        'description': '',
        'item_numbers': ['2', '7'],
        'confirm': '1',
    }
    values.update(changes)
    return values


class AgencyCaseCommon(AgencyTestCommon):
    """Adds a published list in 乌海市 (no demo data there), a project and helpers for cases."""

    @classmethod
    def setUpClass(cls):
        super(AgencyCaseCommon, cls).setUpClass()
        cls.region = cls.region_wuhai
        cls.manager_wuhai = cls._create_user('t_manager_wuhai', cls.group_manager, cls.region)
        cls.agent_wuhai = cls._create_user('t_agent_wuhai', cls.group_agent, cls.region)
        cls.agent_wuhai2 = cls._create_user('t_agent_wuhai2', cls.group_agent, cls.region)
        cls.item = {number: cls.env['agency.item'].search([('number', '=', number)])
                    for number in range(1, 23)}
        cls.publish(cls.region, [1, 2, 7, 8, 9, 10, 12, 14, 15, 16])
        cls.dept = {
            code: cls.env['agency.department'].search([
                ('region_id', '=', cls.region.id), ('type_id.code', '=', code)])
            for code in ('ndrc', 'natural_resources', 'housing', 'water')}
        cls.liaison_wuhai_nr = cls._create_user('t_liaison_wuhai_nr', cls.group_liaison, cls.region)
        cls.liaison_wuhai_nr.agency_department_ids = [(4, cls.dept['natural_resources'].id)]
        cls.company = cls.env['res.partner'].create({
            'name': '乌海市测试化工有限公司', 'is_company': True,
            'agency_credit_code': '91110000600037341L', 'agency_legal_representative': '测试人',
            'street': '乌海市海勃湾区测试路1号', 'zip': '016000', 'phone': '0473-3123456'})
        cls.project = cls.env['agency.project'].create({
            'name': '测试新材料项目', 'partner_id': cls.company.id,
            'code': '2026-150302-26-03-000001', 'region_id': cls.region.id,
            'address': '乌海市海勃湾区', 'total_investment': 5000,
            'contact_name': '经办人', 'contact_phone': '13904731234'})

    def count_queries(self, function):
        """Queries of ``function`` once the caches of rules and access rights are warm."""
        function()
        self.env.clear()
        before = self.env.cr.sql_log_count
        function()
        return self.env.cr.sql_log_count - before

    @contextmanager
    def recorded_statements(self):
        """The statements (query, parameters) the cursor runs within the block."""
        statements = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=None):
            statements.append((str(query), params))
            return execute(cr, query, params) if log_exceptions is None else \
                execute(cr, query, params, log_exceptions)
        with patch.object(type(self.env.cr), 'execute', spy):
            yield statements

    @classmethod
    def publish(cls, region, numbers, date='2026-01-05'):
        Publication = cls.env['agency.item.publication']
        for number in numbers:
            publication = Publication.create({
                'region_id': region.id, 'item_id': cls.item[number].id})
            cls.env['agency.publication.event'].create({
                'publication_id': publication.id, 'action': 'publish',
                'date_effective': date})._apply()

    def create_case(self, numbers=(2, 7, 15), user=None, **values):
        vals = {
            'project_id': self.project.id,
            'region_id': self.region.id,
            'channel': 'window',
            'date_applied': '2026-09-01',
            'item_ids': [(6, 0, [self.item[n].id for n in numbers])],
        }
        vals.update(SERVICE_PLAN)
        vals.update(values)
        Case = self.env['agency.case']
        if user:
            Case = Case.sudo(user)
        return Case.create(vals)

    def sign(self, case, date='2026-09-02'):
        """The case verified eligible (unless decided already), then both letters signed."""
        if not case.verify_decision:
            verify_case(case)
        case.write({'date_authorization': date, 'date_commitment': date,
                    'proxy_name': '代办人', 'proxy_id_number': '11010519491231002X',
                    'proxy_gender': 'female'})

    def stage(self, step):
        return self.env['agency.stage'].search([('flow_step', '=', step)], limit=1)

    def assertGate(self, function, *messages):
        """A gate of the flow refuses ``function()`` with a UserError saying ``messages``."""
        return self.assertRefused(function, UserError, *messages)

    def line(self, case, number):
        return case.line_ids.filtered(lambda line: line.item_id.number == number)

    def alerts(self, line):
        """The deadline alerts given for ``line``: sorted (kind, recipient's login)."""
        activities = self.env['mail.activity'].search([('agency_line_id', '=', line.id)])
        return sorted((a.agency_alert, a.user_id.login) for a in activities)

    def run_cron(self, day):
        """The daily lights cron on service day ``day``."""
        with today_is(day):
            self.env['agency.case.line']._cron_update_lights()
        self.env['agency.case.line'].invalidate_cache()
        self.env['agency.case'].invalidate_cache()


class AgencyHttpCase(RefusalAssertions, HttpCase):
    """An HttpCase whose ``self.env`` works in the cursor that the HTTP server uses in
    test mode: requests see what the test creates, and everything is rolled back
    when the test ends (Odoo 11's HttpCase gives the test another transaction)."""

    def setUp(self):
        super(AgencyHttpCase, self).setUp()
        own_cr, own_env = self.cr, self.env
        self.cr = self.registry.test_cr
        self.env = api.Environment(self.cr, SUPERUSER_ID, {'no_reset_password': True})

        def restore():
            self.env.clear()
            self.cr, self.env = own_cr, own_env
        self.addCleanup(restore)

    def sync(self):
        """Hand the records created so far to the server. A request that fails rolls the
        test cursor back to its last "commit"; on the test cursor commit() only moves
        that savepoint (nothing is committed: the test's transaction is rolled back at
        its end)."""
        self.env['agency.case'].recompute()
        # Only moves the test cursor's savepoint (see the docstring): the server needs the data.
        self.cr.commit()  # pylint: disable=invalid-commit

    def refresh(self):
        """Forget cached values: the server changed records in the same transaction."""
        self.env.cache.invalidate()

    # Frontend pages of a user whose language is not the database's (en_US on zh_CN)
    # are served under /en_US/: Odoo redirects there otherwise.
    lang_prefix = ''

    def url(self, path):
        if path.startswith(('/my', '/bangninban')):
            path = self.lang_prefix + path
        return 'http://%s:%s%s' % (tests_common.HOST, tests_common.PORT, path)

    def get(self, path, **kwargs):
        kwargs.setdefault('timeout', 60)
        kwargs.setdefault('allow_redirects', False)
        return self.opener.get(self.url(path), **kwargs)

    def post(self, path, **kwargs):
        kwargs.setdefault('timeout', 60)
        kwargs.setdefault('allow_redirects', False)
        return self.opener.post(self.url(path), **kwargs)

    def login(self, user):
        """Open a session as ``user`` (its password is its login)."""
        self.sync()
        self.opener.cookies.clear()
        self.session = tests_common.odoo.http.root.session_store.new()
        self.session.db = tests_common.get_db_name()
        tests_common.odoo.http.root.session_store.save(self.session)
        self.opener.cookies['session_id'] = self.session.sid
        self.authenticate(user.login, user.login)
        default = self.env['ir.default'].get('res.partner', 'lang') or 'en_US'
        self.lang_prefix = '/%s' % user.lang if user.lang != default else ''

    def web_context(self, context=None):
        """The context the web client sends (the user's language and time zone), plus
        the caller's."""
        user = self.env['res.users'].browse(self.session.uid) if self.session.uid else None
        return dict({'lang': user.lang, 'tz': user.tz, 'uid': user.id} if user else {},
                    **(context or {}))

    def json_rpc(self, path, params, raw=None):
        """Post a JSON-RPC call to ``path`` as the logged-in user. Returns (result, error):
        error is None or the error's data (name, message) as the client gets it. ``raw``
        sends that body as it is."""
        body = raw if raw is not None else json.dumps({
            'jsonrpc': '2.0', 'method': 'call', 'id': 1, 'params': params})
        response = self.opener.post(self.url(path), data=body, timeout=60,
                                    headers={'Content-Type': 'application/json'})
        self.refresh()
        if response.status_code != 200:
            return None, {'status': response.status_code, 'message': response.text}
        answer = response.json()
        if 'error' in answer:
            return None, answer['error']['data']
        return answer['result'], None

    def call_kw(self, model, method, args=(), kwargs=None, context=None, raw=None):
        """Call ``model.method`` over JSON-RPC (/web/dataset/call_kw) as the logged-in
        user, the way a browser or a script does, with any context: see json_rpc."""
        kwargs = dict(kwargs or {}, context=self.web_context(context))
        return self.json_rpc('/web/dataset/call_kw/%s/%s' % (model, method), {
            'model': model, 'method': method, 'args': list(args), 'kwargs': kwargs}, raw=raw)

    def resequence(self, model, ids, offset=0):
        """Reorder records of ``model`` as the drag handle of a list does
        (/web/dataset/resequence): the sequence of ``ids`` becomes offset, offset + 1…"""
        return self.json_rpc('/web/dataset/resequence', {
            'model': model, 'ids': list(ids), 'field': 'sequence', 'offset': offset,
            'context': self.web_context()})

    def assertRpcFailure(self, failure, error, message):
        """``failure`` (from json_rpc) is an error whose class name ends with ``error``
        (AccessError, UserError, ValidationError) and whose message contains ``message``."""
        self.assertIsNotNone(failure, 'the call was not refused')
        self.assertTrue(failure.get('name', '').endswith(error), failure)
        self.assertIn(message, failure.get('message', ''))
        return failure

    def assertRpcRefused(self, model, method, args=(), kwargs=None, context=None,
                         error=None, message=None):
        """The call ``model.method`` is refused with ``error`` and ``message`` (both
        required: see assertRpcFailure)."""
        self.assertTrue(error and message, 'a refusal is asserted with its class and message')
        result, failure = self.call_kw(model, method, args, kwargs, context)
        self.assertIsNotNone(failure, '%s.%s(%r) was not refused: %r'
                             % (model, method, args, result))
        return self.assertRpcFailure(failure, error, message)

    def csrf_token(self, path):
        """The CSRF token of the form of a page."""
        response = self.get(path)
        self.assertEqual(response.status_code, 200, (path, response.headers.get('Location')))
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, 'the page %s has a form with a CSRF token' % path)
        return match.group(1)

    def create_user(self, login, groups, region=False, **values):
        vals = {
            'name': login,
            'login': login,
            'password': login,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, groups.ids)],
            'agency_region_id': region and region.id,
            'lang': 'en_US',
            'tz': 'Asia/Shanghai',
        }
        vals.update(values)
        return self.env['res.users'].create(vals)

    def publish(self, region, items):
        """Publish ``items`` in ``region`` today."""
        Publication = self.env['agency.item.publication']
        events = self.env['agency.publication.event']
        for item in items:
            publication = Publication.search([('region_id', '=', region.id),
                                              ('item_id', '=', item.id)]) or \
                Publication.create({'region_id': region.id, 'item_id': item.id})
            events |= events.create({
                'publication_id': publication.id,
                'action': 'publish',
                'date_effective': service_today(self.env),
            })
        events._apply()

    def set_up_chifeng_list(self):
        """The list of 赤峰 used by the online channel: items 2 and 7 published, item 1
        only a draft (it cannot be requested); applicants see English messages."""
        self.env['res.lang'].load_lang('en_US')
        ref = self.env.ref
        self.region = ref('investment_agency.region_chifeng')
        self.item_filing = ref('investment_agency.item_enterprise_filing')        # 2
        self.item_land = ref('investment_agency.item_land_preexamination')        # 7
        self.item_approval = ref('investment_agency.item_enterprise_approval')    # 1
        self.publish(self.region, self.item_filing | self.item_land)
        self.env['agency.item.publication'].create({'region_id': self.region.id,
                                                    'item_id': self.item_approval.id})
# ---- end of the online channel test helpers
