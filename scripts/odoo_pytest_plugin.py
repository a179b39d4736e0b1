"""pytest plugin for the module's tests (loaded by scripts/test with -p).

It cannot be a ``tests/conftest.py``: pytest would import that file as the
top-level package ``investment_agency.tests.conftest``, outside ``odoo.addons``,
and Odoo refuses model classes imported that way.

- Odoo 11's ``odoo.tests.common`` read the HTTP port at import time: point
  ``HOST``/``PORT`` at the configured server.
- Serve HTTP in a thread for the whole session (``HttpCase``, phantomjs, PDF
  reports: wkhtmltopdf fetches the CSS from ``report.url``).
- Run the background jobs of queue_job at once (``TEST_QUEUE_JOB_NO_DELAY``).
- Let reports render real PDFs under test (Odoo 11 renders HTML instead unless
  ``test_report_directory`` is set), and build the report asset bundles once,
  committed, so that wkhtmltopdf can fetch them while a test transaction runs;
  the frontend bundles as well, so that portal tests do not compile them each.
- Under ``IA_FAKETIME`` (scripts/test runs pytest with libfaketime's offset), file
  times follow the moved clock: libfaketime cannot move them with glibc 2.33 or
  later, and the session timeout compares a session file's time with the clock.
  Child processes run on the real clock.
- Under pytest-xdist (``scripts/test`` runs the suite in ``IA_TEST_WORKERS``
  processes), each worker tests its own copy of the test database,
  ``<database>_<worker>`` (made by ``scripts/test`` with ``createdb -T``, the
  filestore linked), and serves HTTP on a port of its own.
"""
import os
import socket
import time

from cluster import free_port

# Background jobs (OCA queue_job) run at once, in the request or test that queues them:
# queue_job's own switch for tests. tests/test_jobs.py lifts it to queue real jobs.
os.environ.setdefault('TEST_QUEUE_JOB_NO_DELAY', '1')


def _faketime_offset(value):
    """Seconds of a relative libfaketime offset such as ``+19h`` or ``-30m``."""
    units = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'y': 365 * 86400}
    if not value or value[0] not in '+-':
        return 0
    number, unit = (value[1:-1], value[-1]) if value[-1] in units else (value[1:], 's')
    return (1 if value[0] == '+' else -1) * float(number) * units[unit]


def _file_times_follow_the_clock(offset):
    real_getmtime, real_utime = os.path.getmtime, os.utime

    def getmtime(path):
        return real_getmtime(path) + offset

    def utime(path, times=None, **kwargs):
        if times is not None:
            times = tuple(value - offset for value in times)
        return real_utime(path, times, **kwargs)
    os.path.getmtime, os.utime = getmtime, utime


if os.environ.get('LD_PRELOAD', '').find('faketime') >= 0:
    _file_times_follow_the_clock(_faketime_offset(os.environ.get('FAKETIME', '')))
    # Only this process runs on the moved clock; its children (wkhtmltopdf, phantomjs,
    # pg_dump, the cluster's nodes, whose prefork server libfaketime stalls) on the real one.
    for name in ('LD_PRELOAD', 'FAKETIME'):
        os.environ.pop(name, None)

import odoo  # noqa: E402 (after the switch, which is read when a job is queued)
import odoo.tests.common  # noqa: E402
import pytest  # noqa: E402

# The name of this pytest-xdist worker (gw0, gw1, ...), None in a single process.
WORKER = os.environ.get('PYTEST_XDIST_WORKER')
# Handed out first to the workers (pytest-xdist gives a class to the first idle worker,
# in the order of collection): the files that wait most on other processes (the cluster
# and its cron workers' first poll, the browser tours), then the longest ones, so that
# the last classes to run are short ones and the workers finish together.
FIRST = ('test_cluster.py', 'test_case_flow_tour.py', 'test_case_wizards.py',
         'test_reports.py', 'test_case_lights.py', 'test_portal.py', 'test_flow_steps.py',
         'test_blank_forms.py', 'test_portal_tour.py')


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_cmdline_main(config):
    """A worker of pytest-xdist tests its own copy of the database.

    Runs around pytest-odoo's hook of the same name, which gives the database option to
    Odoo's configuration.
    """
    database = config.getoption('--odoo-database', None)
    if WORKER and database:
        config.option.odoo_database = '%s_%s' % (database, WORKER)
    yield


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.fspath.basename
        return FIRST.index(name) if name in FIRST else len(FIRST)
    items.sort(key=rank)


def _wait_for_port(host, port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError('Odoo HTTP server did not start on %s:%s' % (host, port))


@pytest.fixture(scope='session', autouse=True)
def odoo_http_server(load_registry):
    config = odoo.tools.config
    if WORKER:
        # Each worker serves its own database on a port of its own.
        # Below the ephemeral range, as the cluster's nodes (scripts/cluster.py).
        config['http_port'] = free_port()
        config['dbfilter'] = '^%s$' % config['db_name']
    host, port = '127.0.0.1', int(config['http_port'])
    odoo.tests.common.HOST = host
    odoo.tests.common.PORT = port
    server = odoo.service.server.ThreadedServer(odoo.service.wsgi_server.application)
    server.http_spawn()
    _wait_for_port(host, port)
    base_url = 'http://%s:%s' % (host, port)
    registry = odoo.registry(config['db_name'])
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env['ir.config_parameter'].set_param('web.base.url', base_url)
        env['ir.config_parameter'].set_param('report.url', base_url)
    report_dir = os.path.join(config['data_dir'], 'test-reports')
    os.makedirs(report_dir, exist_ok=True)
    config['test_report_directory'] = report_dir
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'lang': 'zh_CN'})
        items = env['agency.item'].search([], limit=1)
        env.ref('investment_agency.report_catalog').render_qweb_pdf(items.ids)
        # The frontend bundles (portal, public pages) too: else every HttpCase compiles
        # the LESS of web.assets_frontend again (~10 s) in its rolled-back transaction.
        for bundle in ('web.assets_common', 'web.assets_frontend'):
            env['ir.qweb']._get_asset_nodes(bundle, {}, css=True, js=True)
    yield server
    if server.httpd:
        server.httpd.shutdown()
