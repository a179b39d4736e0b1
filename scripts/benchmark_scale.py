"""Scale benchmark: a database of N cases (about 10 item lines each), then timings.

Run through ``scripts/benchmark_scale`` (which sets up the environment); on demand,
never in the tests. The database is the benchmark's own (``ia_bench_<N>``), never
the demo database: installed with demo data (the users of each role), then grown
by bulk SQL (COPY) to N enterprises, N projects, N cases and their lines, spread
over the 13 regions and two years, their clocks computed by the deadline engine
as of the day before, so that the daily cron measured does one day's work.

    scripts/benchmark_scale [--cases N] [--json FILE] [--rebuild]
"""
import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta

import odoo
from odoo import SUPERUSER_ID, api

# The module's own functions, imported once the configuration has put its addons path on
# odoo.addons (main()).
engine = credit_code_check_char = None

SEED = 20261129
LINES_PER_CASE = 10
OPEN_CASE_SHARE = 0.23
SPAN_DAYS = 730
REGION_CODES = ['150000', '150100', '150200', '150300', '150400', '150500', '150600',
                '150700', '150800', '150900', '152200', '152500', '152900']


def log(message):
    print('[bench] %s' % message, file=sys.stderr, flush=True)


def copy_rows(cr, table, columns, rows):
    """COPY rows (tuples) into ``table``; None is NULL."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write('\t'.join('\\N' if value is None else str(value).replace('\t', ' ')
                               for value in row))
        buffer.write('\n')
    buffer.seek(0)
    cr._obj.copy_expert('COPY %s (%s) FROM STDIN' % (table, ', '.join(columns)), buffer)


def next_ids(cr, table, count):
    cr.execute("SELECT nextval('%s_id_seq') FROM generate_series(1, %%s)" % table, (count,))
    return [row[0] for row in cr.fetchall()]


class Builder(object):
    """Grows an installed demo database to ``cases`` cases by bulk SQL."""

    def __init__(self, env, cases):
        self.env = env
        self.cr = env.cr
        self.count = cases
        self.rng = random.Random(SEED)
        self.today = engine.to_date(env['resource.calendar'].agency_today())
        self.as_of = self.today - timedelta(days=1)
        calendar = env['resource.calendar'].agency_default_calendar()
        self.calendar_id = calendar.id
        self.snapshot = calendar._agency_snapshot()
        self.thresholds = env['agency.case.line']._thresholds()

    def build(self):
        started = time.time()
        self.regions = self.env['agency.region'].search([('code', 'in', REGION_CODES)])
        self.regions.write({'calendar_id': self.calendar_id})
        self._publish_everything()
        self._users()
        self._load_catalog()
        partners = self._enterprises()
        projects = self._projects(partners)
        self._cases_and_lines(projects)
        # What the nightly action and autovacuum do on a live database: the statistics
        # refreshed, the tables vacuumed (the visibility map lets an index answer alone).
        self.env['agency.item.statistics']._refresh()
        self.cr.commit()
        self.cr.autocommit(True)
        self.cr.execute('VACUUM ANALYZE')
        self.cr.autocommit(False)
        log('built %d cases in %.0f s' % (self.count, time.time() - started))

    # ------------------------------------------------------------------ catalog and users

    def _publish_everything(self):
        env = self.env
        Publication = env['agency.item.publication']
        items = env['agency.item'].search([])
        env['agency.region']._create_missing_departments(self.regions)
        for region in self.regions:
            published = Publication.search([('region_id', '=', region.id)])
            for item in items - published.mapped('item_id'):
                published |= Publication.create({'region_id': region.id, 'item_id': item.id})
            for publication in published.filtered(lambda pub: pub.state != 'published'):
                env['agency.publication.event'].create({
                    'publication_id': publication.id, 'action': 'publish',
                    'date_effective': fields_date(self.today - timedelta(days=SPAN_DAYS + 30)),
                })._apply()

    def _users(self):
        """Agents and a manager per region, a liaison agent per department (what a real
        bureau has), and the benchmark's own users of each role in 呼和浩特市."""
        env = self.env
        ref = env.ref
        Users = env['res.users'].with_context(no_reset_password=True)
        self.agents = {}
        for region in self.regions:
            agents = Users.search([('login', 'like', 'bench_agent_%s_' % region.code)])
            while len(agents) < 3:
                agents |= Users.create({
                    'name': '代办员%s-%d' % (region.name, len(agents) + 1),
                    'login': 'bench_agent_%s_%d' % (region.code, len(agents) + 1),
                    'groups_id': [(6, 0, [ref('investment_agency.group_agent').id])],
                    'agency_region_id': region.id})
            self.agents[region.id] = agents.ids
            if not Users.search([('login', '=', 'bench_manager_%s' % region.code)]):
                Users.create({
                    'name': '负责人%s' % region.name, 'login': 'bench_manager_%s' % region.code,
                    'groups_id': [(6, 0, [ref('investment_agency.group_manager').id])],
                    'agency_region_id': region.id})
        for department in env['agency.department'].search([('region_id', 'in', self.regions.ids)]):
            login = 'bench_liaison_%d' % department.id
            if not Users.search([('login', '=', login)]):
                Users.create({
                    'name': '联络员%s' % department.name, 'login': login,
                    'groups_id': [(6, 0, [ref('investment_agency.group_liaison').id])],
                    'agency_region_id': department.region_id.id,
                    'agency_department_ids': [(6, 0, department.ids)]})

    def _load_catalog(self):
        cr = self.cr
        cr.execute("""SELECT p.region_id, p.item_id, p.department_id, p.committed_days,
                             i.statutory_days, i.phase_id, i.item_type
                        FROM agency_item_publication p JOIN agency_item i ON i.id = p.item_id
                       WHERE p.region_id IN %s AND p.state = 'published'""",
                   (tuple(self.regions.ids),))
        self.catalog = {}
        for region_id, item_id, department_id, committed, statutory, phase_id, item_type \
                in cr.fetchall():
            if department_id is None:
                department_id = self.env['agency.item.publication'].search([
                    ('region_id', '=', region_id), ('item_id', '=', item_id)])._find_department(
                    self.env['agency.region'].browse(region_id),
                    self.env['agency.item'].browse(item_id)).id
            self.catalog.setdefault(region_id, []).append(
                (item_id, department_id, committed or 0, statutory or 0, phase_id, item_type))
        cr.execute("SELECT flow_step, id FROM agency_stage")
        self.stages = dict(cr.fetchall())

    # ------------------------------------------------------------------ data

    def _enterprises(self):
        cr = self.cr
        ids = next_ids(cr, 'res_partner', self.count)
        rows = []
        for number, partner_id in enumerate(ids, 1):
            region = REGION_CODES[number % len(REGION_CODES)]
            body = '91%s%09d' % (region, number)
            code = body + credit_code_check_char(body)
            name = '基准测试企业%06d有限公司' % number
            rows.append((partner_id, name, name, True, True, code, '法人%06d' % number,
                         '内蒙古测试路%d号' % number, '010010', '0471-6%06d' % (number % 1000000),
                         partner_id, 'zh_CN', True, 'contact'))
        copy_rows(cr, 'res_partner', [
            'id', 'name', 'display_name', 'is_company', 'active',
            'agency_credit_code', 'agency_legal_representative', 'street', 'zip', 'phone',
            'commercial_partner_id', 'lang', 'customer', 'type'], rows)
        log('%d enterprises' % len(rows))
        return ids

    def _projects(self, partners):
        cr = self.cr
        ids = next_ids(cr, 'agency_project', self.count)
        regions = self.regions.sorted('code')
        rows = []
        self.project_region = {}
        for number, (project_id, partner_id) in enumerate(zip(ids, partners), 1):
            region = regions[number % len(regions)]
            self.project_region[project_id] = region.id
            code = '%d-%s-44-03-%06d' % (self.today.year - 1, region.code, number)
            rows.append((project_id, '基准测试项目%06d' % number, code, partner_id,
                         '经办人%06d' % number, '139%08d' % number, '%s测试园区' % region.name,
                         region.id, 1000 + number % 50000, 'self', 'transferred',
                         number % 5 == 0, 'key' if number % 5 == 0 else 'attraction', True))
        copy_rows(cr, 'agency_project', [
            'id', 'name', 'code', 'partner_id', 'contact_name', 'contact_phone', 'address',
            'region_id', 'total_investment', 'funding_source', 'land_nature',
            'is_key_project', 'category', 'active'], rows)
        self.project_partner = dict(zip(ids, partners))
        log('%d projects' % len(rows))
        return ids

    def _cases_and_lines(self, projects):
        cr = self.cr
        rng = self.rng
        case_ids = next_ids(cr, 'agency_case', self.count)
        open_steps = ['apply', 'verify', 'sign', 'plan', 'declare', 'declare', 'declare',
                      'declare', 'feedback', 'archive', 'evaluate']
        case_rows, line_rows = [], []
        line_id_pool = iter(next_ids(cr, 'agency_case_line', self.count * LINES_PER_CASE))
        for number, (case_id, project_id) in enumerate(zip(case_ids, projects), 1):
            region_id = self.project_region[project_id]
            applied = self.as_of - timedelta(days=rng.randrange(SPAN_DAYS))
            is_open = rng.random() < OPEN_CASE_SHARE
            if is_open:
                # Open cases are the recent ones: at most 120 days old.
                applied = self.as_of - timedelta(days=rng.randrange(120))
                step = rng.choice(open_steps)
            else:
                step = 'done' if rng.random() < 0.85 else 'terminated'
            signed = applied + timedelta(days=2)
            planned = step not in ('apply', 'verify', 'sign')
            agents = self.agents[region_id]
            agent_id = agents[number % len(agents)] if step != 'apply' else None
            lines = []
            if planned:
                offers = self.catalog[region_id]
                chosen = rng.sample(offers, min(LINES_PER_CASE, len(offers)))
                for sequence, offer in enumerate(chosen, 1):
                    lines.append(self._line(next(line_id_pool), case_id, region_id, project_id,
                                            agent_id, sequence, offer, step,
                                            signed + timedelta(days=1)))
            line_rows.extend(row for row, _clock in lines)
            clocks = [clock for _row, clock in lines]
            closed = sum(1 for row, _clock in lines
                         if row[STATE] in ('done', 'refused', 'withdrawn'))
            ended = max([date.fromisoformat(row[RESULT]) for row, _clock in lines
                         if row[RESULT]] or [signed]) \
                + timedelta(days=3)
            ended = min(ended, self.as_of)
            case_rows.append((
                case_id, 'BNB-BENCH-%07d' % number, project_id, self.project_partner[project_id],
                region_id, ('window', 'online', 'app', 'hotline')[number % 4], agent_id,
                self.stages[step], step, step in ('done', 'terminated'), True,
                number % 5 == 0, fields_date(applied), fields_date(signed), fields_date(signed),
                True, len(lines), closed,
                engine.worst_light([clock.light for clock in clocks]),
                fields_date(ended) if step == 'done' else None,
                fields_date(ended) if step == 'terminated' else None,
                fields_date(ended) if step in ('done', 'terminated') else None,
                fields_date(signed) if planned else None,
                'applicant_request' if step == 'terminated' else None,
                'eligible' if step not in ('apply', 'verify') else None,
                agent_id if step not in ('apply', 'verify') else None,
                fields_date(applied + timedelta(days=1)) if step not in ('apply', 'verify')
                else None))
        copy_rows(cr, 'agency_case', [
            'id', 'name', 'project_id', 'partner_id', 'region_id', 'channel', 'user_id',
            'stage_id', 'flow_step', 'is_closed', 'active', 'is_key_project', 'date_applied',
            'date_authorization', 'date_commitment', 'letters_signed', 'line_count',
            'line_closed_count', 'light', 'date_done', 'date_terminated', 'date_closed',
            'date_plan', 'termination_reason', 'verify_decision', 'verify_user_id',
            'verify_date'], case_rows)
        # The verified category is the project's; one material handed back per closed case.
        cr.execute("UPDATE agency_case c SET verify_category = p.category FROM agency_project p "
                   "WHERE p.id = c.project_id AND c.verify_decision IS NOT NULL "
                   "AND c.id = ANY(%s)", (list(case_ids),))
        cr.execute("""
            INSERT INTO agency_case_returned_material
                (case_id, sequence, name, kind, copies, date_returned, received_by)
            SELECT c.id, 1, '营业执照', 'copy', 1, c.date_closed, p.contact_name
              FROM agency_case c JOIN agency_project p ON p.id = c.project_id
             WHERE c.date_closed IS NOT NULL AND c.id = ANY(%s)""", (list(case_ids),))
        copy_rows(cr, 'agency_case_line', LINE_COLUMNS, line_rows)
        cr.execute("SELECT setval('agency_case_line_id_seq', "
                   "(SELECT max(id) FROM agency_case_line))")
        self._activities(case_ids)
        log('%d cases, %d lines' % (len(case_rows), len(line_rows)))

    def _activities(self, case_ids):
        """What an agent has on each open case he holds: a to-do activity, due in the
        week around today (some overdue), as the board shows it."""
        cr = self.cr
        todo = self.env.ref('mail.mail_activity_data_todo')
        model_id = self.env.ref('investment_agency.model_agency_case').id
        cr.execute("""
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                       activity_type_id, summary, date_deadline, user_id,
                                       create_uid, create_date, write_uid, write_date)
            SELECT %s, 'agency.case', c.id, c.name, %s, '跟进办理进度',
                   %s::date + (c.id %% 7 - 2), c.user_id,
                   1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
              FROM agency_case c
             WHERE c.id = ANY(%s) AND NOT c.is_closed AND c.user_id IS NOT NULL""",
                   (model_id, todo.id, fields_date(self.today), list(case_ids)))
        cr.execute("""
            UPDATE agency_case c SET activity_date_deadline = a.deadline
              FROM (SELECT res_id, min(date_deadline) AS deadline FROM mail_activity
                     WHERE res_model = 'agency.case' AND res_id = ANY(%s)
                     GROUP BY res_id) a
             WHERE a.res_id = c.id""", (list(case_ids),))
        log('%d activities' % cr.rowcount)

    def _line(self, line_id, case_id, region_id, project_id, user_id, sequence, offer, step,
              start):
        """A line row and its clock as of the day before today."""
        rng = self.rng
        item_id, department_id, committed, statutory, phase_id, item_type = offer
        if step in ('done', 'terminated', 'feedback', 'archive', 'evaluate'):
            state = 'withdrawn' if step == 'terminated' and rng.random() < 0.5 else \
                ('refused' if rng.random() < 0.03 else 'done')
        elif step == 'plan':
            state = 'todo'
        else:
            state = rng.choices(['done', 'accepted', 'correction', 'declared', 'todo'],
                                [70, 15, 2, 6, 7])[0]
        declared = start + timedelta(days=rng.randrange(5)) if state != 'todo' else None
        accepted = declared + timedelta(days=rng.randrange(3)) \
            if state not in ('todo', 'declared') and declared else None
        if accepted and accepted > self.as_of:
            accepted = self.as_of
        if declared and declared > self.as_of:
            declared = self.as_of
        pause_start = None
        if state == 'correction':
            pause_start = min(accepted + timedelta(days=rng.randrange(1, 10)), self.as_of)
        ended = None
        if state in ('done', 'refused') and accepted:
            ended = min(self.snapshot.add(accepted, max(committed + rng.randrange(-5, 4), 0)),
                        self.as_of)
        elif state == 'withdrawn' and accepted:
            ended = min(accepted + timedelta(days=rng.randrange(10)), self.as_of)
        clock = engine.line_clock(self.snapshot, engine.LineFacts(
            state=state, accepted=accepted, committed_days=committed, pause_start=pause_start,
            ended=ended, statutory_days=statutory), self.as_of, self.thresholds)
        is_open = state in ('todo', 'declared', 'accepted', 'correction')
        row = (line_id, case_id, item_id, department_id, region_id, project_id, user_id, phase_id,
               item_type, sequence, state, is_open, fields_date(declared), fields_date(accepted),
               committed, statutory, fields_date(ended), fields_date(ended), 0,
               fields_date(pause_start), fields_date(clock.deadline), clock.light,
               clock.light, clock.escalation_level, clock.working_days_used,
               clock.working_days_left, clock.days_saved, clock.on_time,
               'BENCH-%d' % line_id if state == 'done' else None)
        return row, clock


LINE_COLUMNS = [
    'id', 'case_id', 'item_id', 'department_id', 'region_id', 'project_id', 'user_id', 'phase_id',
    'item_type', 'sequence', 'state', 'is_open', 'date_declared', 'date_accepted',
    'committed_days', 'statutory_days', 'result_date', 'date_closed', 'paused_days',
    'pause_start', 'deadline', 'light', 'alerted_light', 'escalation_level',
    'working_days_used', 'working_days_left', 'days_saved', 'on_time', 'result_number']


def fields_date(value):
    return value.isoformat() if value else None


# ---------------------------------------------------------------------- measuring


STATE = LINE_COLUMNS.index('state')
RESULT = LINE_COLUMNS.index('result_date')


def measure(env, operation, role, function, runs=3):
    """Median seconds and queries of ``function`` (called ``runs`` times, rolled back),
    once called before unmeasured when it runs more than once (the caches of the rules,
    the views and PostgreSQL's buffers warm, as on a server that has been running)."""
    import benchmark_screens as screens
    cr = env.cr
    seconds, queries = [], []
    if runs > 1:
        env.clear()
        cr.execute('SAVEPOINT bench')
        function()
        cr.execute('ROLLBACK TO SAVEPOINT bench')
    full_pages = screens.FULL_PAGES[0]
    for _run in range(runs):
        env.clear()
        cr.execute('SAVEPOINT bench')
        before = cr.sql_log_count
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
        queries.append(cr.sql_log_count - before)
        cr.execute('ROLLBACK TO SAVEPOINT bench')
    env.clear()
    row = {'operation': operation, 'role': role, 'seconds': round(statistics.median(seconds), 3),
           'queries': int(statistics.median(queries)),
           'full_pages': (screens.FULL_PAGES[0] - full_pages) // runs}
    log('%-40s %-16s %8.3f s %6d queries' % (operation, role, row['seconds'], row['queries']))
    return row


def measure_cron(env):
    Line = env['agency.case.line']
    env.cr.execute("SELECT count(*), count(*) FILTER (WHERE is_open), "
                   "count(*) FILTER (WHERE state IN ('accepted', 'correction')) "
                   "FROM agency_case_line")
    total, open_lines, running = env.cr.fetchone()
    log('lines: %d, open: %d, running: %d' % (total, open_lines, running))
    changed = {}

    def run():
        activities = env['mail.activity'].search_count([])
        changed['lines'] = Line._cron_update_lights()
        changed['activities'] = env['mail.activity'].search_count([]) - activities

    rows = [measure(env, 'daily cron (one day of work)', 'cron', run)]
    rows[0].update(lines=total, open_lines=open_lines, running_lines=running,
                   lines_changed=changed['lines'], activities_given=changed['activities'])
    # Run once for real, then again on the same day: nothing left to do.
    jobs = env['queue.job'].search([])
    run()
    env.cr.commit()
    # The background job that gives the run's alerts through the ORM.
    from odoo.addons.queue_job.job import Job
    alert_jobs = env['queue.job'].search([('method_name', '=', '_give')]) - jobs
    for alert_job in alert_jobs:
        rows.append(measure(env, 'alerts job (background, %d alerts)'
                            % len(Job.load(env, alert_job.uuid).args[0]), 'job',
                            lambda: Job.load(env, alert_job.uuid).perform(), runs=1))
    rows.append(measure(env, 'daily cron (run again, same day)', 'cron', run))
    rows[-1].update(lines=total, lines_changed=changed['lines'],
                    activities_given=changed['activities'])
    return rows


def measure_all(env, args):
    """Every row of the benchmark, in one run."""
    import benchmark_screens as screens
    screens.agent_and_liaison(env)
    users = [(role, env['res.users'].search([('login', '=', login)]))
             for role, login in screens.ROLES]
    users = [(role, user) for role, user in users if user]

    def measure_as(operation, role, function):
        return measure(env, operation, role, function)

    today = engine.to_date(env['resource.calendar'].agency_today())
    by_role = dict(users)
    rows = []
    parts = args.only.split(',')
    if 'screens' in parts:
        rows += screens.screen_rows(measure_as, env, users)
    if 'supervision' in parts:
        rows += screens.supervision_rows(measure_as, env, by_role['manager'], today)
        rows.append(screens.annex_row(measure_as, env, by_role['agent']))
        applicant = env['res.users'].search([('login', '=', 'applicant')])
        rows.append(screens.portal_row(measure_as, env, applicant))
        rows.append(screens.intake_row(measure_as, env, INTAKE_PAYLOAD))
    if 'cron' in parts:
        rows += measure_cron(env)
    return rows


INTAKE_PAYLOAD = {
    'enterprise_name': '赤峰草原云仓物流有限公司', 'credit_code': '91150400MA0T2X6K3R',
    'legal_representative': '赵云飞', 'enterprise_address': '赤峰市红山区钢铁街66号',
    'postcode': '024000', 'phone': '0476-8812345', 'contact_name': '钱小梅',
    'contact_phone': '13947612345', 'project_name': '赤峰智慧冷链仓储中心项目',
    'project_address': '赤峰市松山区物流园区', 'project_code': '2026-150404-59-03-000721',
    'total_investment': 26000, 'funding_source': 'self', 'land_nature': 'transferred',
    'is_key_project': True, 'category': 'attraction', 'main_use_scale': '建设冷库2万平方米。',
    'approval_progress': '已完成项目签约。', 'region_code': '150400', 'item_numbers': [2, 7],
}


def run_database(database, args, build_cases=None):
    registry = odoo.registry(database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {'lang': 'zh_CN'})
        if build_cases:
            Builder(env, build_cases).build()
            cr.commit()
        return measure_all(env, args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--cases', type=int, default=100000)
    parser.add_argument('--build', action='store_true', help='grow the database first')
    parser.add_argument('--small-database',
                        help='a database of N/100 cases: its query counts in queries_small')
    parser.add_argument('--build-small', action='store_true',
                        help='grow the small database first')
    parser.add_argument('--only', default='screens,supervision,cron',
                        help='comma-separated parts: screens, supervision, cron')
    parser.add_argument('--json', help='write the rows to this file')
    parser.add_argument('--markdown', help='write the README\'s table to this file')
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database])
    global engine, credit_code_check_char
    odoo.registry(args.database)
    from odoo.addons.investment_agency.models import deadline_engine as engine
    from odoo.addons.investment_agency.models.code_checks import credit_code_check_char
    small = {}
    if args.small_database:
        log('the same calls on %s (N/100)' % args.small_database)
        for row in run_database(args.small_database, args,
                                args.build_small and max(args.cases // 100, 1)):
            small[row['operation'], row['role']] = row['queries'], row['full_pages']
    log('measuring on %s' % args.database)
    rows = run_database(args.database, args, args.build and args.cases)
    for row in rows:
        row['queries_small'], row['full_pages_small'] = small.get(
            (row['operation'], row['role']), (None, None))
        row.setdefault('ratio', None)
    if args.json:
        with open(args.json, 'w') as handle:
            json.dump(rows, handle, ensure_ascii=False, indent=1)
    if args.markdown:
        with open(args.markdown, 'w') as handle:
            handle.write(markdown_table(rows, args.cases))
    return rows


def machine():
    """The machine in a few words: cores, processor, memory."""
    model = ''
    with open('/proc/cpuinfo') as handle:
        for line in handle:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as handle:
        memory = int(handle.readline().split()[1]) // (1024 * 1024)
    return '%d cores (%s), %d GB' % (os.cpu_count(), model, memory)


def markdown_table(rows, cases):
    """The README's performance table, from the rows of one run."""
    out = ['Measured on %s at %d cases, %s; median of 3 after a warm-up call, in-process; '
           'ratio: to the same call on `res.partner` by the same user (for the form with '
           'its chatter, a partner with the same chatter, and in brackets the ratio to the '
           'partner without one); queries at N/100 in brackets; '
           'full pages: the pages that came full, each with the count the web client asks '
           'then (one statement).'
           % (date.today().isoformat(), cases, machine()), '',
           '| operation | role | seconds | queries (N/100) | full pages (N/100) | res.partner '
           '| ratio |',
           '|---|---|---:|---:|---:|---:|---:|']
    for row in rows:
        peer = '%.3f s' % row['peer_seconds'] if row.get('peer_seconds') is not None else ''
        ratio = '%.2f×' % row['ratio'] if row.get('ratio') is not None else ''
        if row.get('ratio_to_partner_without_chatter') is not None:
            ratio += ' (%.2f×)' % row['ratio_to_partner_without_chatter']
        small = ' (%s)' % row['queries_small'] if row.get('queries_small') is not None else ''
        pages = ''
        if row.get('full_pages') or row.get('full_pages_small'):
            pages = '%d (%s)' % (row['full_pages'], row.get('full_pages_small'))
        out.append('| %s | %s | %.3f | %d%s | %s | %s | %s |' % (
            row['operation'], row['role'], row['seconds'], row['queries'], small, pages, peer,
            ratio))
    return '\n'.join(out) + '\n'


if __name__ == '__main__':
    main()
