"""Two nodes behind nginx (scripts/cluster.py), run for real.

The cluster serves a copy of the test database (``createdb -T``, taken while this
process holds no connection to it, and the filestore copied as hard links), with a
shared data_dir of its own; the test transaction of the other tests is never touched.
The tests run in the order of their names; the last one checks the scheduled actions
once every cron worker of both nodes has polled the database at least once (Odoo's cron
workers sleep 60 to 69 s before their first poll).
"""
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from datetime import datetime, timedelta

import psycopg2
import requests

import odoo
from odoo.modules.module import get_module_path

_logger = logging.getLogger(__name__)

LOG_ERROR = re.compile(r'^\S+ \S+ \d+ (ERROR|CRITICAL) |^Traceback ', re.M)
DUE_CRONS = ('ir_cron_case_lights', 'ir_cron_monthly_report_reminder')
# Every cron worker sleeps 60 + pid % 10 s before it polls for the first time.
CRON_POLL = 85


def pg(db):
    connection = psycopg2.connect(dbname=db)
    connection.autocommit = True
    return connection


def query(db, sql, params=None):
    connection = pg(db)
    try:
        cr = connection.cursor()
        cr.execute(sql, params)
        return cr.fetchall() if cr.description else None
    finally:
        connection.close()


class TestCluster(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = odoo.tools.config
        cls.module_path = get_module_path('investment_agency')
        cls.scripts = os.path.join(cls.module_path, 'scripts')
        sys.path.insert(0, cls.scripts)
        source = config['db_name']
        cls.db = '%s_cluster' % source
        cls.base = os.path.join(os.path.dirname(config['data_dir']), 'cluster-test')
        cls.data_dir = os.path.join(cls.base, 'data')
        cls.run_dir = os.path.join(cls.base, 'run')
        cls.tearDownCluster()
        os.makedirs(cls.run_dir)
        started = time.time()
        # No connection of ours may stay open on the template.
        odoo.sql_db.close_db(source)
        subprocess.run(['createdb', '-T', source, cls.db], check=True)
        shutil.copytree(os.path.join(config['data_dir'], 'filestore', source),
                        os.path.join(cls.data_dir, 'filestore', cls.db), copy_function=os.link)
        cls.crons = dict(query(cls.db, """
            SELECT d.name, c.id FROM ir_cron c JOIN ir_model_data d
                ON d.model = 'ir.cron' AND d.res_id = c.id AND d.module = 'investment_agency'
        """))
        # The daily actions due now; every other one tomorrow, not to run meanwhile.
        now = datetime.utcnow()
        query(cls.db, "UPDATE ir_cron SET nextcall = %s",
              (now + timedelta(days=1),))
        cls.due = {name: now - timedelta(minutes=5) for name in DUE_CRONS}
        for name, nextcall in cls.due.items():
            query(cls.db, "UPDATE ir_cron SET nextcall = %s, active = true WHERE id = %s",
                  (nextcall, cls.crons[name]))
        cls.started_utc = datetime.utcnow()
        cls.ready_file = os.path.join(cls.run_dir, 'ready.json')
        cls.cluster = subprocess.Popen([
            sys.executable, os.path.join(cls.scripts, 'cluster.py'),
            '--base-config', config.rcfile, '--db', cls.db, '--data-dir', cls.data_dir,
            '--run-dir', cls.run_dir, '--nodes', '2', '--workers', '2',
            '--ready-file', cls.ready_file],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(cls.base, 'cluster.err'), 'wb'))
        deadline = time.time() + 240
        while not os.path.exists(cls.ready_file):
            if cls.cluster.poll() is not None or time.time() > deadline:
                cls.stopCluster()
                with open(os.path.join(cls.base, 'cluster.err')) as handle:
                    raise RuntimeError('the cluster did not start:\n%s' % handle.read())
            time.sleep(0.5)
        cls.started = time.time()
        with open(cls.ready_file) as handle:
            cls.info = json.load(handle)
        cls.url = cls.info['url']
        _logger.info('cluster of %s ready in %.0f s at %s', cls.db, cls.started - started,
                     cls.url)

    @classmethod
    def stopCluster(cls):
        cluster = getattr(cls, 'cluster', None)
        if cluster and cluster.poll() is None:
            cluster.send_signal(signal.SIGTERM)
            cluster.wait(90)

    @classmethod
    def tearDownCluster(cls):
        for db in (cls.db, cls.db + '_restored'):
            subprocess.run(['dropdb', '--if-exists', db], check=True,
                           stderr=subprocess.DEVNULL)
        shutil.rmtree(cls.base, ignore_errors=True)

    @classmethod
    def tearDownClass(cls):
        cls.stopCluster()
        cls.tearDownCluster()
        sys.path.remove(cls.scripts)
        super().tearDownClass()

    # ---------------------------------------------------------------- helpers

    def log_errors(self):
        errors = []
        for path in self.info['logs']:
            with open(path, encoding='utf-8', errors='replace') as handle:
                errors += [line for line in handle if LOG_ERROR.search(line)]
        return errors

    def login(self, session, url, login):
        page = session.get(url + '/web/login', timeout=60)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = session.post(url + '/web/login', allow_redirects=False, timeout=60, data={
            'login': login, 'password': login, 'csrf_token': token})
        # Odoo 11 answers a successful login with a page that moves the browser on.
        self.assertIn("window.location = '/web'", response.text)

    def session_uid(self, session, url):
        response = session.post(url + '/web/session/get_session_info', timeout=60, json={
            'jsonrpc': '2.0', 'method': 'call', 'params': {}})
        return response.json().get('result', {}).get('uid')

    # ---------------------------------------------------------------- tests

    def test_1_health_on_every_node(self):
        for url in self.info['nodes'] + [self.url]:
            response = requests.get(url + '/api/bangninban/v1/health', timeout=30)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.json()['database'], 'ok')
        # The database manager is closed at the proxy.
        response = requests.get(self.url + '/web/database/manager', timeout=30)
        self.assertEqual(response.status_code, 403)

    def test_2_session_moves_between_nodes(self):
        """A session opened on node A is valid on node B and through nginx, whichever
        node nginx picks (the access log names the node of each request)."""
        node_a, node_b = self.info['nodes']
        session = requests.Session()
        self.login(session, node_a, 'agent')
        uid = self.session_uid(session, node_a)
        self.assertTrue(uid)
        self.assertEqual(self.session_uid(session, node_b), uid)
        with open(self.info['nginx_access_log']) as handle:
            handle.seek(0, 2)
            for _i in range(6):
                self.assertEqual(self.session_uid(session, self.url), uid)
            served = set(re.findall(r'get_session_info HTTP/1\.1" 200 .* upstream=(\S+)',
                                    handle.read()))
        self.assertEqual(served, {url.split('//')[1] for url in self.info['nodes']})

    def test_3_burst_of_applications(self):
        """100 API posts, 25 in flight, through nginx: 100 answers 201, none dropped,
        no error in the nodes' logs."""
        import loadtest
        statuses, dropped, seconds, stats = loadtest.burst(self.url, 100, 25)
        _logger.info('burst through nginx: %s, %d dropped, %.1f s', dict(statuses), dropped,
                     seconds)
        self.assertEqual(dropped, 0, stats.examples)
        self.assertEqual(dict(statuses), {201: 100}, stats.examples)
        self.assertEqual(self.log_errors(), [])

    def test_4_same_key_at_once(self):
        """Ten identical calls at once, spread over both nodes: one case, every answer
        names it (after retrying "in_progress"), no error logged."""
        import loadtest
        run = loadtest.Run(loadtest.argparse.Namespace(
            url=self.url, seconds=600, max_requests=1000, timeout=120, admin='admin'))
        run.published = loadtest.Admin(run).published()
        client = loadtest.Client(run, 1, 'channel')
        key, body = client.new_key('hotline'), client.application()
        answers = []
        threads = [threading.Thread(target=lambda: answers.append(
            loadtest.Client(run, 2, 'channel').post('hotline', key, body)))
            for _i in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([answer.status_code for answer in answers], [201] * 10)
        self.assertEqual(len(run.keys[('hotline', key)]), 1)
        self.assertEqual(query(self.db, """
            SELECT count(*) FROM agency_intake_request r JOIN agency_case c ON c.id = r.case_id
             WHERE r.idempotency_key = %s""", (key,)), [(1,)])
        self.assertEqual(dict(run.stats.errors), {})
        self.assertEqual(self.log_errors(), [])

    def test_5_backup_and_restore(self):
        """scripts/backup of the live database, scripts/restore into a new one: the same
        cases, lines and attachments, and the same bytes in the files."""
        restored = self.db + '_restored'
        outdir = tempfile.mkdtemp(dir=self.base)
        backup = subprocess.run([
            sys.executable, os.path.join(self.scripts, 'backup.py'), '-d', self.db,
            '--data-dir', self.data_dir, '-o', outdir],
            check=True, stdout=subprocess.PIPE, universal_newlines=True)
        archive = backup.stdout.strip().splitlines()[-1]
        self.assertRegex(os.path.basename(archive), r'^%s-\d{8}-\d{6}\.tar$' % self.db)
        subprocess.run([sys.executable, os.path.join(self.scripts, 'restore.py'), archive,
                        restored, '--data-dir', self.data_dir, '--drill'], check=True)
        counts = """SELECT (SELECT count(*) FROM agency_case),
                           (SELECT count(*) FROM agency_case_line),
                           (SELECT count(*) FROM ir_attachment),
                           (SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL)"""
        manifest = json.loads(subprocess.run(
            ['tar', '-xOf', archive, 'MANIFEST.json'], check=True,
            stdout=subprocess.PIPE).stdout.decode())
        original, copy = query(self.db, counts)[0], query(restored, counts)[0]
        # The cluster goes on filing applications: compare with the archive's moment.
        figures = manifest['counts']
        self.assertEqual(copy, (figures['cases'], figures['case_lines'],
                                figures['attachments'], copy[3]))
        self.assertGreater(figures['cases'], 0)
        self.assertGreaterEqual(original[0], copy[0])
        files = query(restored, """
            SELECT store_fname, file_size, checksum FROM ir_attachment
             WHERE store_fname IS NOT NULL ORDER BY file_size DESC NULLS LAST LIMIT 5""")
        self.assertTrue(files, 'the database has stored files')
        for store_fname, _size, _checksum in files:
            with open(os.path.join(self.data_dir, 'filestore', self.db, store_fname), 'rb') as a, \
                    open(os.path.join(self.data_dir, 'filestore', restored, store_fname),
                         'rb') as b:
                self.assertEqual(a.read(), b.read(), store_fname)
        # A drill copy runs no scheduled action.
        self.assertEqual(query(restored, "SELECT count(*) FROM ir_cron WHERE active"), [(0,)])
        # A restore never overwrites.
        again = subprocess.run([sys.executable, os.path.join(self.scripts, 'restore.py'),
                                archive, restored, '--data-dir', self.data_dir],
                               stderr=subprocess.PIPE, universal_newlines=True)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn('exists', again.stderr)

    def test_9_crons_run_once(self):
        """The daily actions due when the nodes started ran once, although four cron
        workers (two per node) polled for them; each moved to the next day."""
        deadline = self.started + CRON_POLL + 120
        while True:
            runs = dict(query(self.db, """
                SELECT cron_id, count(*) FROM agency_cron_run GROUP BY cron_id"""))
            done = all(runs.get(self.crons[name]) for name in DUE_CRONS)
            if done and time.time() > self.started + CRON_POLL:
                break
            self.assertLess(time.time(), deadline, 'the due actions did not run: %s' % runs)
            time.sleep(2)
        self.assertEqual({cron_id for cron_id in runs},
                         {self.crons[name] for name in DUE_CRONS})
        for name in DUE_CRONS:
            cron_id = self.crons[name]
            self.assertEqual(runs[cron_id], 1, name)
            state, _node = query(self.db, "SELECT state, node FROM agency_cron_run "
                                          "WHERE cron_id = %s", (cron_id,))[0]
            self.assertEqual(state, 'done', name)
            (nextcall,), = query(self.db, "SELECT nextcall FROM ir_cron WHERE id = %s",
                                 (cron_id,))
            # (In this process psycopg2 returns Odoo's datetime strings.)
            self.assertEqual(str(nextcall), str(self.due[name].replace(microsecond=0) +
                                                timedelta(days=1)), name)
        starts = sum(len(re.findall(r'Starting job `(%s)`' % '|'.join(
            re.escape(name) for name in self.cron_names()), open(path).read()))
            for path in self.info['logs'])
        self.assertEqual(starts, len(DUE_CRONS))
        # What they gave (reminders of the monthly report, alerts on items) is given once
        # per record, user and kind.
        self.assertEqual(query(self.db, """
            SELECT res_model, res_id, user_id, activity_type_id, count(*) FROM mail_activity
             WHERE create_date > %s
             GROUP BY 1, 2, 3, 4, summary HAVING count(*) > 1""", (self.started_utc,)), [])
        self.assertEqual(self.log_errors(), [])

    def cron_names(self):
        return [name for (name,) in query(self.db, "SELECT cron_name FROM ir_cron WHERE id IN %s",
                                          (tuple(self.crons[name] for name in DUE_CRONS),))]
