"""Timings of the supervision screens on N case items (run on demand, not in the tests).

In one transaction of an installed database, rolled back at the end: insert N/4 cases of
4 items each spread over the 12 leagues (plain INSERT ... SELECT, values passed as
parameters), then time, as the manager of the autonomous region (record rules on):
the dashboard, read_group on the analysis views, the handling-time percentiles, the
ledger export (XLSX) and the figures of a monthly report.

    .venv/bin/python scripts/benchmark_supervision.py -c .local/test-ia_test_wt_supervision.conf \\
        -d ia_test_wt_supervision [--sizes 1000,10000]
"""
import argparse
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID

CASES_SQL = """
    INSERT INTO agency_case (
        name, project_id, partner_id, region_id, channel, user_id, stage_id, flow_step,
        is_closed, active, is_key_project, date_applied, date_done, date_terminated,
        date_closed, rating, rating_date, is_bad_rating, light, letters_signed, line_count,
        line_closed_count, plan_days_saved, color, create_uid, write_uid, create_date,
        write_date)
    SELECT 'BENCH-' || %(tag)s || '-' || g,
           %(project)s, %(partner)s,
           (%(regions)s::int[])[1 + g %% array_length(%(regions)s::int[], 1)],
           (ARRAY['window', 'online', 'app', 'hotline'])[1 + g %% 4],
           (%(users)s::int[])[1 + g %% array_length(%(users)s::int[], 1)],
           CASE WHEN g %% 10 = 0 THEN %(stage_done)s
                WHEN g %% 10 = 1 THEN %(stage_terminated)s ELSE %(stage_declare)s END,
           CASE WHEN g %% 10 = 0 THEN 'done' WHEN g %% 10 = 1 THEN 'terminated'
                ELSE 'declare' END,
           g %% 10 IN (0, 1), TRUE, g %% 7 = 0,
           current_date - (g %% 300),
           CASE WHEN g %% 10 = 0 THEN current_date - (g %% 300) + 20 END,
           CASE WHEN g %% 10 = 1 THEN current_date - (g %% 300) + 10 END,
           CASE WHEN g %% 10 IN (0, 1) THEN current_date - (g %% 300) + 10 + (g %% 2) * 10 END,
           CASE WHEN g %% 10 = 0
                THEN (ARRAY['very_satisfied', 'satisfied', 'basic', 'unsatisfied'])[1 + g %% 4]
           END,
           CASE WHEN g %% 10 = 0 THEN current_date - (g %% 300) + 25 END,
           g %% 10 = 0 AND g %% 4 = 3,
           'none', TRUE, 4, 0, g %% 5, 0, 1, 1, now(), now()
      FROM generate_series(1, %(count)s) g
    RETURNING id
"""
LINES_SQL = """
    INSERT INTO agency_case_line (
        case_id, item_id, department_id, region_id, user_id, project_id, phase_id, item_type,
        sequence, state, is_open, date_declared, date_accepted, committed_days,
        statutory_days, deadline, light, working_days_used, days_saved, on_time, date_closed,
        result_date, paused_days, alerted_light, escalation_level, create_uid, write_uid,
        create_date, write_date)
    SELECT c.id, i.id, d.id, c.region_id, c.user_id, c.project_id, i.phase_id, i.item_type,
           k,
           (ARRAY['done', 'done', 'accepted', 'refused', 'declared'])[1 + (c.id + k) %% 5],
           (c.id + k) %% 5 IN (2, 4),
           c.date_applied + 3, c.date_applied + 3, i.committed_days, i.statutory_days,
           c.date_applied + 3 + i.committed_days,
           CASE WHEN (c.id + k) %% 5 = 2
                THEN (ARRAY['green', 'yellow', 'red'])[1 + (c.id + k) %% 3] ELSE 'none' END,
           (c.id + k) %% 13, GREATEST(i.statutory_days - (c.id + k) %% 13, 0),
           (c.id + k) %% 13 <= i.committed_days,
           CASE WHEN (c.id + k) %% 5 IN (0, 1, 3) THEN c.date_applied + 3 + (c.id + k) %% 13 END,
           CASE WHEN (c.id + k) %% 5 IN (0, 1, 3) THEN c.date_applied + 3 + (c.id + k) %% 13 END,
           0, 'none', 0, 1, 1, now(), now()
      FROM agency_case c
     CROSS JOIN generate_series(1, 4) k
      JOIN agency_item i ON i.number = (ARRAY[2, 7, 10, 16])[k]
      JOIN agency_department d ON d.region_id = c.region_id
                              AND d.type_id = i.department_type_id
     WHERE c.id = ANY(%(cases)s)
"""


def timed(label, function, results):
    start = time.time()
    value = function()
    results.append((label, time.time() - start))
    return value


def run(env, lines):
    cr = env.cr
    ref = env.ref
    regions = env['agency.region'].search([('level', '=', 'league')])
    project = env['agency.project'].search([], limit=1)
    manager = env['res.users'].create({
        'name': 'bench manager', 'login': 'bench_manager_%s' % lines,
        'groups_id': [(6, 0, [ref('investment_agency.group_manager').id])],
        'agency_region_id': ref('investment_agency.region_nmg').id})
    stages = {step: env['agency.stage'].search([('flow_step', '=', step)], limit=1).id
              for step in ('done', 'terminated', 'declare')}
    agents = env['res.users'].search([
        ('groups_id', 'in', ref('investment_agency.group_agent').id),
        ('agency_region_id', '!=', False)])
    cr.execute(CASES_SQL, {
        'tag': str(lines), 'project': project.id, 'partner': project.partner_id.id,
        'regions': regions.ids, 'users': agents.ids,
        'stage_done': stages['done'], 'stage_terminated': stages['terminated'],
        'stage_declare': stages['declare'], 'count': lines // 4})
    case_ids = [row[0] for row in cr.fetchall()]
    cr.execute(LINES_SQL, {'cases': case_ids})
    inserted = cr.rowcount
    cr.execute("ANALYZE agency_case; ANALYZE agency_case_line")
    env.clear()

    results = []
    as_manager = env(user=manager.id)
    nmg = ref('investment_agency.region_nmg')

    def dashboard():
        board = as_manager['agency.dashboard'].create({'region_id': nmg.id})
        board.read(list(board._fields))
    timed('dashboard (all figures and lists)', dashboard, results)
    timed('case analysis read_group (league x month)', lambda: as_manager[
        'agency.case.analysis'].read_group(
            [], ['league_id', 'date_applied', 'case_count', 'completed_count', 'days_saved',
                 'bad_rating_rate'], ['league_id', 'date_applied:month'], lazy=False), results)
    timed('item analysis read_group (department type x item)', lambda: as_manager[
        'agency.line.analysis'].read_group(
            [], ['department_type_id', 'item_id', 'handled_count', 'handling_days',
                 'on_time_rate', 'days_saved'], ['department_type_id', 'item_id'], lazy=False),
        results)
    timed('handling time percentiles (search_read)', lambda: as_manager[
        'agency.item.statistics'].search_read([], ['median_days', 'p90_days']), results)

    def ledger():
        wizard = as_manager['agency.ledger.export'].create({
            'region_id': nmg.id, 'date_from': '%s-01-01' % (date.today().year - 1),
            'date_to': str(date.today())})
        report = env.ref('investment_agency.report_ledger_xlsx')
        content, _type = report.sudo(manager.id).render(wizard.ids, {})
        return len(content)
    size = timed('ledger export XLSX (%d cases)' % len(case_ids), ledger, results)

    def monthly():
        period = env['date.range']._agency_current_period()
        report = env['agency.monthly.report'].search([('region_id', '=', nmg.id),
                                                      ('period_id', '=', period.id)])
        if report:
            report.action_update_figures()
        else:
            env['agency.monthly.report'].create({'region_id': nmg.id, 'period_id': period.id})
    timed('monthly report figures (autonomous region)', monthly, results)
    print('\n%d lines inserted (%d cases); ledger file %d KB' % (
        inserted, len(case_ids), size // 1024))
    for label, seconds in results:
        print('  %-52s %7.3f s' % (label, seconds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--sizes', default='1000,10000')
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database])
    registry = odoo.registry(args.database)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
        try:
            for size in [int(size) for size in args.sizes.split(',')]:
                cr.execute('SAVEPOINT benchmark')
                run(env, size)
                cr.execute('ROLLBACK TO SAVEPOINT benchmark')
                env.clear()
        finally:
            cr.rollback()


if __name__ == '__main__':
    main()
