"""A day at the hall, compressed: a bounded load generator for 127.0.0.1.

    loadtest.py [--url URL] [--clients 50] [--seconds 120] [--max-requests 50000]
                [--db DB] [--log FILE ...]
    loadtest.py --burst 100 --in-flight 25 [--url URL]

Clients play the users of a bureau against a database with the demo data:
- agents (agent, agent2, bt_agent) open the kanban of cases, read case forms and write
  the notes of item lines, each write with a value of its own;
- department liaison agents (liaison) do the same on their department's items;
- managers (manager, hhht_manager) open the dashboard and the analyses;
- the applicant (applicant) follows his cases on the portal;
- the 蒙速办 app and the 12345 hotline file applications through the intake API with
  new idempotency keys, retry some of them (one after another and two at once), reuse
  a key for another body (409 expected) and file for the same new enterprise through
  both channels at the same time.

At the end it reads back, as admin, what the database holds and counts:
- errors by kind: HTTP 5xx, unexpected statuses, JSON-RPC errors, wrong answers, and
  ERROR/CRITICAL/Traceback lines written meanwhile to the --log files;
- dropped: requests without an HTTP answer (refused, reset, closed, timed out);
- duplicates: an idempotency key answered with two case numbers, or more cases filed
  through the API than keys used;
- lost updates: an item line whose note is not the last acknowledged write (a write
  acknowledged before another began is superseded by it; writes in flight together may
  land in either order).
It ends with one line
    loadtest: <N> requests, <E> errors, <D> dropped, <U> duplicates, <L> lost updates, p95 <S> s
and exits 1 when E, D, U or L is not 0.
"""
import argparse
import collections
import itertools
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid

import requests

LOCAL_HOSTS = ('127.0.0.1', 'localhost')
API = '/api/bangninban/v1/applications'
DEMO_KEYS = {
    'app': 'bnb_app_DEMO0nly-mengsuban-app-key-2026',
    'hotline': 'bnb_hotline_DEMO0nly-12345-hotline-key-2026',
}
AGENTS = ('agent', 'agent2', 'bt_agent')
# Share of the clients per role (the rest are API channels).
ROLES = (('agent', 0.36), ('liaison', 0.08), ('manager', 0.12), ('applicant', 0.14),
         ('channel', 0.30))
LOG_ERROR = re.compile(r'^\S+ \S+ \d+ (ERROR|CRITICAL) |^Traceback ')
CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng):
    """A valid unified social credit code (GB 32100-2015) of a company of Inner Mongolia."""
    body = '9115' + '%02d' % rng.randint(1, 99) + '00' + ''.join(
        rng.choice(CREDIT_CHARS) for _i in range(9))
    total = sum(CREDIT_CHARS.index(char) * weight for char, weight in zip(body, CREDIT_WEIGHTS))
    return body + CREDIT_CHARS[(31 - total % 31) % 31]


def percentile(values, share):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


class Dropped(Exception):
    pass


class Stats(object):

    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0
        self.errors = collections.Counter()
        self.dropped = collections.Counter()
        self.expected = collections.Counter()
        self.times = collections.defaultdict(list)
        self.examples = {}

    def record(self, operation, seconds):
        with self.lock:
            self.count += 1
            self.times[operation].append(seconds)

    def error(self, kind, example=''):
        with self.lock:
            self.errors[kind] += 1
            self.examples.setdefault(kind, example[:300])

    def drop(self, kind, example=''):
        with self.lock:
            self.dropped[kind] += 1
            self.examples.setdefault('dropped: ' + kind, example[:300])

    def note(self, what):
        with self.lock:
            self.expected[what] += 1


class Run(object):
    """What every client shares: the budget, the statistics and what was written."""

    def __init__(self, args):
        self.args = args
        self.url = args.url.rstrip('/')
        self.stats = Stats()
        self.deadline = time.time() + args.seconds
        self.budget = itertools.count()
        self.tag = 'lt%s' % uuid.uuid4().hex[:8]
        self.lock = threading.Lock()
        # line id -> [(value, sent, acknowledged)], acknowledged None if no answer.
        self.writes = collections.defaultdict(list)
        # idempotency key -> set of case numbers answered
        self.keys = collections.defaultdict(set)
        self.sent_keys = set()
        self.replay_pool = collections.deque(maxlen=200)
        self.rng = random.Random()

    def more(self):
        return time.time() < self.deadline and next(self.budget) < self.args.max_requests


class Client(object):
    """One user: an HTTP session of its own."""

    def __init__(self, run, number, role):
        self.run = run
        self.number = number
        self.role = role
        self.rng = random.Random(number)
        self.http = requests.Session()
        self.http.headers['User-Agent'] = 'bangninban-loadtest'
        self.ids = itertools.count(1)

    # -------------------------------------------------------------- transport

    def request(self, operation, method, path, expect=(200,), **kwargs):
        kwargs.setdefault('timeout', self.run.args.timeout)
        started = time.time()
        try:
            response = self.http.request(method, self.run.url + path, **kwargs)
        except requests.Timeout as exc:
            self.run.stats.drop('timeout', '%s %s: %s' % (operation, path, exc))
            raise Dropped()
        except requests.ConnectionError as exc:
            self.run.stats.drop('connection', '%s %s: %s' % (operation, path, exc))
            raise Dropped()
        self.run.stats.record(operation, time.time() - started)
        if response.status_code >= 500:
            self.run.stats.error('http_%d' % response.status_code,
                                 '%s %s: %s' % (operation, path, response.text[:200]))
        elif response.status_code not in expect:
            self.run.stats.error('unexpected_%d' % response.status_code,
                                 '%s %s: %s' % (operation, path, response.text[:200]))
        return response

    def rpc(self, operation, path, params):
        response = self.request(operation, 'POST', path, json={
            'jsonrpc': '2.0', 'method': 'call', 'id': next(self.ids), 'params': params})
        if response.status_code != 200:
            return None
        try:
            body = response.json()
        except ValueError:
            self.run.stats.error('bad_json', '%s: %s' % (operation, response.text[:200]))
            return None
        if 'error' in body:
            data = body['error'].get('data') or {}
            self.run.stats.error('rpc_error', '%s: %s %s' % (
                operation, data.get('name'), data.get('message')))
            return None
        return body.get('result')

    def call(self, operation, model, method, args, kwargs=None):
        return self.rpc(operation, '/web/dataset/call_kw/%s/%s' % (model, method), {
            'model': model, 'method': method, 'args': args,
            'kwargs': dict(kwargs or {}, context={'lang': 'zh_CN', 'tz': 'Asia/Shanghai'})})

    def login(self, login):
        """As a browser does: the login form (its CSRF token), then the redirect."""
        page = self.request('login', 'GET', '/web/login')
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if not token:
            self.run.stats.error('login_failed', '%s: no login form' % login)
            return False
        # Odoo 11 answers a successful login with a page that moves the browser on.
        response = self.request('login', 'POST', '/web/login', expect=(200, 303),
                                allow_redirects=False, data={
                                    'login': login, 'password': login,
                                    'csrf_token': token.group(1)})
        if response.status_code != 303 and 'window.location' not in response.text:
            self.run.stats.error('login_failed', login)
            return False
        return True

    def think(self):
        time.sleep(self.rng.uniform(0.02, 0.25))

    # -------------------------------------------------------------- roles

    def play(self):
        try:
            if self.role != 'channel':
                login = {'agent': self.rng.choice(AGENTS), 'liaison': 'liaison',
                         'manager': self.rng.choice(('manager', 'hhht_manager')),
                         'applicant': 'applicant'}[self.role]
                while not self.login(login):
                    if not self.run.more():
                        return
                    self.think()
            step = getattr(self, 'step_' + self.role)
            while self.run.more():
                try:
                    step()
                except Dropped:
                    pass
                self.think()
        except Dropped:
            pass

    def step_agent(self):
        choice = self.rng.random()
        if choice < 0.3:
            self.call('kanban', 'agency.case', 'read_group',
                      [[['is_closed', '=', False]], ['stage_id'], ['stage_id']],
                      {'lazy': True})
            self.rpc('kanban', '/web/dataset/search_read', {
                'model': 'agency.case', 'domain': [['is_closed', '=', False]],
                'fields': ['name', 'project_id', 'stage_id', 'user_id', 'light',
                           'line_count', 'line_closed_count', 'activity_ids', 'color'],
                'limit': 80, 'sort': ''})
        elif choice < 0.6:
            cases = self.call('case_form', 'agency.case', 'search', [[]], {'limit': 40})
            if cases:
                case_id = self.rng.choice(cases)
                self.call('case_form', 'agency.case', 'read', [[case_id], [
                    'name', 'project_id', 'partner_id', 'region_id', 'channel', 'stage_id',
                    'user_id', 'item_ids', 'line_ids', 'date_applied', 'letters_signed',
                    'light', 'message_ids', 'activity_ids', 'description']])
                self.call('case_form', 'agency.case.line', 'search_read',
                          [[['case_id', '=', case_id]],
                           ['item_id', 'department_id', 'state', 'deadline', 'light', 'note']])
        else:
            self.update_line()

    def step_liaison(self):
        if self.rng.random() < 0.4:
            self.rpc('liaison_items', '/web/dataset/search_read', {
                'model': 'agency.case.line', 'domain': [['is_open', '=', True]],
                'fields': ['case_id', 'item_id', 'state', 'deadline', 'light'],
                'limit': 80, 'sort': ''})
        else:
            self.update_line()

    def update_line(self):
        if not hasattr(self, 'line_ids'):
            self.line_ids = self.call('item_update', 'agency.case.line', 'search',
                                      [[]], {'limit': 12, 'order': 'id'}) or []
        if not self.line_ids:
            return
        line_id = self.rng.choice(self.line_ids)
        value = '%s c%d #%d' % (self.run.tag, self.number, next(self.ids))
        sent = time.time()
        entry = [value, sent, None]
        with self.run.lock:
            self.run.writes[line_id].append(entry)
        result = self.call('item_update', 'agency.case.line', 'write',
                           [[line_id], {'note': value}])
        if result is True:
            entry[2] = time.time()

    def step_manager(self):
        choice = self.rng.random()
        if choice < 0.4:
            record_id = self.call('dashboard', 'agency.dashboard', 'create', [{}])
            if record_id:
                self.call('dashboard', 'agency.dashboard', 'read', [[record_id], [
                    'region_id', 'open_case_count', 'unassigned_case_count',
                    'waiting_case_count', 'red_line_count', 'yellow_line_count',
                    'red_line_ids', 'yellow_line_ids', 'waiting_case_ids', 'workload_ids',
                    'bad_rating_count', 'report_state']])
        elif choice < 0.7:
            self.call('case_analysis', 'agency.case.analysis', 'read_group',
                      [[], ['league_id', 'stage_id', 'case_count', 'completed_count',
                            'line_red_count'], ['league_id', 'stage_id']], {'lazy': False})
        else:
            self.call('line_analysis', 'agency.line.analysis', 'read_group',
                      [[], ['department_type_id', 'state', 'line_count', 'open_count',
                            'done_count'], ['department_type_id', 'state']], {'lazy': False})

    def step_applicant(self):
        response = self.request('portal', 'GET', '/my/agency/cases')
        ids = re.findall(r'/my/agency/cases/(\d+)', response.text)
        if ids:
            self.request('portal', 'GET', '/my/agency/cases/%s' % self.rng.choice(ids))

    # -------------------------------------------------------------- channels

    def application(self, code=None, name=None):
        rng = self.rng
        code = code or credit_code(rng)
        region, numbers = rng.choice(self.run.published)
        return {
            'enterprise_name': name or '内蒙古压测%s有限公司' % code[-6:],
            'credit_code': code,
            'legal_representative': '测试',
            'enterprise_address': '呼和浩特市赛罕区测试路%d号' % rng.randint(1, 999),
            'postcode': '010020',
            'phone': '0471-66%05d' % rng.randint(0, 99999),
            'contact_name': '经办人',
            'contact_phone': '139%08d' % rng.randint(0, 99999999),
            'project_name': '压测项目%d' % rng.randint(1, 10 ** 6),
            'project_address': '呼和浩特市',
            'total_investment': rng.randint(100, 50000),
            'funding_source': 'self',
            'land_nature': 'transferred',
            'category': 'attraction',
            'region_code': region,
            'item_numbers': rng.sample(numbers, min(len(numbers), rng.randint(1, 2))),
        }

    def post(self, channel, key, body, expect=(201,)):
        """File (or retry) an application; a 409 in_progress is retried as a client must."""
        for _attempt in range(20):
            response = self.request('api_post', 'POST', API, expect=expect + (409,), headers={
                'Authorization': 'Bearer %s' % DEMO_KEYS[channel],
                'Idempotency-Key': key, 'Content-Type': 'application/json'},
                data=json.dumps(body, ensure_ascii=False).encode('utf-8'))
            if response.status_code == 201:
                number = response.json().get('case_number')
                with self.run.lock:
                    self.run.keys[(channel, key)].add(number)
                if response.headers.get('Idempotent-Replayed'):
                    self.run.stats.note('replayed')
                return response
            if response.status_code == 409:
                code = (response.json().get('errors') or [{}])[0].get('code')
                if code == 'in_progress':
                    self.run.stats.note('in_progress (retried)')
                    time.sleep(0.2)
                    continue
                if 409 in expect:
                    self.run.stats.note('conflict (expected)')
                else:
                    self.run.stats.error('unexpected_409', response.text[:200])
            return response
        self.run.stats.error('in_progress_forever', key)
        return None

    def new_key(self, channel):
        key = '%s-%s-%d-%d' % (self.run.tag, channel, self.number, next(self.ids))
        with self.run.lock:
            self.run.sent_keys.add((channel, key))
        return key

    def step_channel(self):
        channel = self.rng.choice(('app', 'hotline'))
        choice = self.rng.random()
        if choice < 0.55:
            key, body = self.new_key(channel), self.application()
            if self.post(channel, key, body):
                self.run.replay_pool.append((channel, key, body))
        elif choice < 0.7 and self.run.replay_pool:
            # A retry of an earlier call: the same case comes back.
            channel, key, body = self.rng.choice(list(self.run.replay_pool))
            self.post(channel, key, body)
        elif choice < 0.8:
            # The same call sent twice at once (a client that timed out and retried).
            key, body = self.new_key(channel), self.application()
            twin = threading.Thread(target=self.twin, args=(channel, key, body))
            twin.start()
            self.post(channel, key, body)
            twin.join()
        elif choice < 0.87 and self.run.replay_pool:
            # A key reused for other data: refused with 409 conflict.
            channel, key, body = self.rng.choice(list(self.run.replay_pool))
            self.post(channel, key, dict(body, project_name=body['project_name'] + '二期'),
                      expect=(409,))
        elif choice < 0.95:
            # The same new enterprise through both channels at the same moment.
            code = credit_code(self.rng)
            name = '内蒙古并发%s有限公司' % code[-6:]
            other = 'hotline' if channel == 'app' else 'app'
            key2, body2 = self.new_key(other), self.application(code, name)
            twin = threading.Thread(target=self.twin, args=(other, key2, body2))
            twin.start()
            self.post(channel, self.new_key(channel), self.application(code, name))
            twin.join()
        else:
            self.request('api_status', 'GET', API + '/BNB-000000-2026-00000', expect=(404,),
                         headers={'Authorization': 'Bearer %s' % DEMO_KEYS[channel]})

    def twin(self, channel, key, body):
        clone = Client(self.run, self.number + 100000, 'channel')
        clone.rng = random.Random(self.rng.random())
        try:
            clone.post(channel, key, body)
        except Dropped:
            pass


class Admin(Client):
    """Reads what the database holds before and after the run."""

    def __init__(self, run):
        super(Admin, self).__init__(run, 0, 'admin')
        if not self.login(run.args.admin):
            raise SystemExit('loadtest: cannot log in as %s on %s' % (run.args.admin, run.url))

    def published(self):
        rows = self.call('setup', 'agency.item.publication', 'search_read', [
            [['state', '=', 'published']], ['region_id', 'item_id']]) or []
        regions = {row['region_id'][0] for row in rows}
        codes = {region['id']: region['code'] for region in self.call(
            'setup', 'agency.region', 'read', [sorted(regions), ['code']]) or []}
        numbers = {item['id']: item['number'] for item in self.call(
            'setup', 'agency.item', 'search_read', [[], ['number']]) or []}
        by_region = collections.defaultdict(list)
        for row in rows:
            by_region[codes[row['region_id'][0]]].append(numbers[row['item_id'][0]])
        return sorted((code, sorted(items)) for code, items in by_region.items())

    def lost_updates(self):
        lost = 0
        line_ids = sorted(self.run.writes)
        notes = {row['id']: row['note'] for row in self.call(
            'check', 'agency.case.line', 'read', [line_ids, ['note']]) or []}
        for line_id, writes in self.run.writes.items():
            acked = [write for write in writes if write[2]]
            if not acked:
                continue
            # Writes that may be the last: none began after they were acknowledged.
            last_begin = max(write[1] for write in writes)
            candidates = {write[0] for write in writes
                          if write[2] is None or write[2] >= last_begin}
            if notes.get(line_id) not in candidates:
                lost += 1
                self.run.stats.examples.setdefault(
                    'lost update', 'line %s holds %r, expected one of %r' % (
                        line_id, notes.get(line_id), sorted(candidates)))
        return lost

    def duplicates(self, started):
        # The same key answered with two case numbers.
        duplicates = sum(len(numbers) - 1 for numbers in self.run.keys.values() if numbers)
        # More cases filed through the API than keys used during the run.
        since = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(started - 1))
        cases = self.call('check', 'agency.case', 'search_count', [[
            ['channel', 'in', ['app', 'hotline']], ['create_date', '>=', since],
            '|', ['active', '=', True], ['active', '=', False]]]) or 0
        requests_ = self.call('check', 'agency.intake.request', 'search_read', [[
            ['idempotency_key', '=like', self.run.tag + '-%']], ['case_id']]) or []
        keyed = {row['case_id'][0] for row in requests_ if row['case_id']}
        extra = max(0, cases - len(keyed))
        if extra:
            self.run.stats.examples.setdefault(
                'duplicate cases', '%d API cases created, %d keys with a case' % (
                    cases, len(keyed)))
        return duplicates + extra


def scan_logs(paths, offsets, stats):
    """Count the ERROR/CRITICAL lines and tracebacks written to ``paths`` since ``offsets``.
    A query that failed on a serialization conflict and that Odoo retried (its "bad query"
    line, then "SERIALIZATION_FAILURE, retry" from the same process) is Odoo's concurrency
    control at work, not an error: it is counted apart."""
    found = 0
    for path in paths:
        with open(path, 'rb') as handle:
            handle.seek(offsets.get(path, 0))
            lines = handle.read().decode('utf-8', 'replace').splitlines()
        for index, line in enumerate(lines):
            if not LOG_ERROR.search(line):
                continue
            pid = line.split(' ')[2] if line.count(' ') > 2 else None
            # The retry line follows within a few lines (other processes write between).
            following = lines[index + 1:index + 12]
            if 'odoo.sql_db: bad query' in line and any(
                    'could not serialize access' in other for other in following) and any(
                    ' %s ' % pid in other and 'SERIALIZATION_FAILURE, retry' in other
                    for other in following):
                stats.note('serialization conflict (retried by Odoo)')
                continue
            found += 1
            stats.error('log_error', '%s: %s' % (os.path.basename(path), line.strip()))
    return found


def check_url(url):
    host = urllib.parse.urlparse(url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit('loadtest: only 127.0.0.1 (or localhost) may be loaded, not %s' % host)


def burst(url, count, in_flight, channel='app', timeout=120, admin='admin'):
    """``count`` new applications through the API, ``in_flight`` at a time.
    Returns (answers by status, dropped, seconds)."""
    from concurrent.futures import ThreadPoolExecutor
    check_url(url)
    args = argparse.Namespace(url=url, seconds=3600, max_requests=count * 10,
                              timeout=timeout, admin=admin)
    run = Run(args)
    run.published = Admin(run).published()
    statuses = collections.Counter()

    def one(number):
        client = Client(run, number, 'channel')
        key = client.new_key(channel)
        try:
            response = client.request('burst', 'POST', API, expect=(201,), headers={
                'Authorization': 'Bearer %s' % DEMO_KEYS[channel],
                'Idempotency-Key': key, 'Content-Type': 'application/json'},
                data=json.dumps(client.application(), ensure_ascii=False).encode('utf-8'))
            return response.status_code
        except Dropped:
            return 'dropped'

    started = time.time()
    with ThreadPoolExecutor(max_workers=in_flight) as pool:
        for status in pool.map(one, range(1, count + 1)):
            statuses[status] += 1
    return statuses, sum(run.stats.dropped.values()), time.time() - started, run.stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--url', default='http://127.0.0.1:8069')
    parser.add_argument('--clients', type=int, default=50)
    parser.add_argument('--seconds', type=float, default=120)
    parser.add_argument('--max-requests', type=int, default=50000)
    parser.add_argument('--timeout', type=float, default=120, help='per request, seconds')
    parser.add_argument('--admin', default='admin', help='login (= password) for the checks')
    parser.add_argument('--log', action='append', default=[],
                        help='an Odoo or nginx log to scan for errors (repeatable)')
    parser.add_argument('--seed', type=int)
    parser.add_argument('--burst', type=int, help='only post this many applications')
    parser.add_argument('--in-flight', type=int, default=25)
    args = parser.parse_args(argv)
    check_url(args.url)
    if not 1 <= args.clients <= 200:
        parser.error('--clients: 1 to 200')
    if not 0 < args.seconds <= 1800:
        parser.error('--seconds: at most 1800')
    if not 0 < args.max_requests <= 500000:
        parser.error('--max-requests: at most 500000')
    offsets = {path: os.path.getsize(path) for path in args.log}

    if args.burst:
        statuses, dropped, seconds, stats = burst(args.url, args.burst, args.in_flight,
                                                  timeout=args.timeout, admin=args.admin)
        log_errors = scan_logs(args.log, offsets, stats)
        answered = sum(n for status, n in statuses.items() if status != 'dropped')
        print('burst: %d posts, %d in flight, %d answers (%s), %d dropped, %d log errors, '
              '%.1f s' % (args.burst, args.in_flight, answered, ', '.join(
                  '%s: %d' % item for item in sorted(statuses.items(), key=str)),
                  dropped, log_errors, seconds))
        for kind, example in sorted(stats.examples.items()):
            print('  e.g. %s: %s' % (kind, example))
        return 0 if statuses.get(201) == args.burst and not log_errors else 1

    run = Run(args)
    random.seed(args.seed)
    admin = Admin(run)
    run.published = admin.published()
    if not run.published:
        raise SystemExit('loadtest: no region has a published list: use a demo database')
    roles = []
    for role, share in ROLES:
        roles += [role] * max(1, int(round(share * args.clients)))
    roles = (roles * 2)[:args.clients]
    clients = [Client(run, number, role) for number, role in enumerate(roles, 1)]
    print('loadtest: %d clients (%s) on %s for %d s, at most %d requests' % (
        len(clients), ', '.join('%s %d' % (role, roles.count(role)) for role, _s in ROLES),
        run.url, args.seconds, args.max_requests))
    sys.stdout.flush()
    started = time.time()
    run.deadline = started + args.seconds
    threads = [threading.Thread(target=client.play) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started

    stats = run.stats
    lost = admin.lost_updates()
    duplicates = admin.duplicates(started)
    scan_logs(args.log, offsets, stats)
    errors = sum(stats.errors.values())
    dropped = sum(stats.dropped.values())
    every = [t for times in stats.times.values() for t in times]

    print('\n%-16s %8s %8s %8s %8s %8s' % ('operation', 'requests', 'p50 s', 'p95 s',
                                           'p99 s', 'max s'))
    for operation in sorted(stats.times):
        times = stats.times[operation]
        print('%-16s %8d %8.3f %8.3f %8.3f %8.3f' % (
            operation, len(times), percentile(times, .5), percentile(times, .95),
            percentile(times, .99), max(times)))
    print('%-16s %8d %8.3f %8.3f %8.3f %8.3f' % (
        'all', len(every), percentile(every, .5), percentile(every, .95),
        percentile(every, .99), max(every or [0])))
    print('\n%.0f s, %.1f requests/s; keys used %d, expected answers: %s' % (
        elapsed, stats.count / max(elapsed, 1), len(run.sent_keys),
        ', '.join('%s %d' % item for item in sorted(stats.expected.items())) or 'none'))
    print('errors by kind: %s' % (', '.join('%s %d' % item for item in sorted(
        stats.errors.items())) or 'none'))
    print('dropped by kind: %s' % (', '.join('%s %d' % item for item in sorted(
        stats.dropped.items())) or 'none'))
    for kind, example in sorted(stats.examples.items()):
        print('  e.g. %s: %s' % (kind, example))
    print('loadtest: %d requests, %d errors, %d dropped, %d duplicates, %d lost updates, '
          'p95 %.2f s' % (stats.count, errors, dropped, duplicates, lost,
                          percentile(every, .95)))
    return 1 if errors or dropped or duplicates or lost else 0


if __name__ == '__main__':
    sys.exit(main())
