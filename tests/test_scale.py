"""What keeps the screens fast at 100 000 cases: the same results, a fixed number of
queries whatever the data, indexes the planner uses. Timings are measured by
``scripts/benchmark_scale``, never here."""
from datetime import date, timedelta

from lxml import etree

from odoo import fields

from odoo.addons.investment_agency.models.sql_copy import copy_rows

from .common import AgencyCaseCommon, service_today


class TestScale(AgencyCaseCommon):

    def make_cases(self, count):
        cases = self.env['agency.case']
        for _index in range(count):
            cases |= self.create_case(user_id=self.agent_wuhai.id)
        return cases

    def give_activity(self, case, days, user):
        return self.env['mail.activity'].create({
            'res_model_id': self.env.ref('investment_agency.model_agency_case').id,
            'res_id': case.id, 'user_id': user.id, 'summary': 'test',
            'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
            'date_deadline': fields.Date.to_string(
                fields.Date.from_string(service_today(self.env)) + timedelta(days=days))})

    def test_activity_state_of_a_page_in_one_query(self):
        """The board's activity state: Odoo's states (each activity against its user's
        day), read for a page in the same number of queries however many activities."""
        self.agent_wuhai.tz = 'Asia/Shanghai'
        self.agent_wuhai2.tz = 'America/New_York'
        cases = self.make_cases(6)
        # overdue wins over today, today over planned; no activity: no state.
        for case, days in zip(cases, (-3, 0, 4, None, 2, -1)):
            if days is not None:
                self.give_activity(case, days, self.agent_wuhai)
        self.give_activity(cases[4], 0, self.agent_wuhai2)
        self.give_activity(cases[1], 5, self.agent_wuhai2)
        self.env.clear()
        for case in cases:
            states = case.activity_ids.mapped('state')  # Odoo's own, activity by activity
            expected = next((state for state in ('overdue', 'today', 'planned')
                             if state in states), False)
            self.assertEqual(case.activity_state, expected)
        # The fifth depends on the hour in New York; the others do not.
        self.assertEqual([state for index, state in enumerate(cases.mapped('activity_state'))
                          if index != 4],
                         ['overdue', 'today', 'planned', False, 'overdue'])

        Case = self.env['agency.case'].sudo(self.manager_wuhai)
        few = self.count_queries(lambda: Case.browse(cases[:2].ids).read(['activity_state']))
        for case in cases:
            for days in (1, 2, 3):
                self.give_activity(case, days, self.agent_wuhai2)
        many = self.count_queries(lambda: Case.browse(cases.ids).read(['activity_state']))
        self.assertLessEqual(abs(many - few), 2, 'activity state: %d then %d queries'
                             % (few, many))

    def test_a_page_reads_the_enterprise_names_alone(self):
        """A page of cases shows its enterprises by name: the names are read alone, not
        with every column of the enterprises (Odoo's prefetch of a stored display name),
        and they are the names Odoo would show, a renamed one included."""
        cases = self.make_cases(3)
        cases[0].partner_id.name = '改名后的企业'
        self.env.clear()
        Case = self.env['agency.case'].sudo(self.manager_wuhai)
        with self.recorded_statements() as recorded:
            values = Case.browse(cases.ids).read(['name', 'partner_id'])
        statements = [query for query, _params in recorded]
        self.assertEqual([value['partner_id'] for value in values],
                         [(case.partner_id.id, case.partner_id.display_name) for case in cases])
        self.assertIn('改名后的企业', values[0]['partner_id'][1])
        partner_reads = [query for query in statements if 'FROM "res_partner"' in query]
        self.assertTrue(partner_reads)
        self.assertEqual(len([query for query in partner_reads
                              if '"res_partner"."street"' in query]), 0,
                         'the enterprises were read whole for their names')

    def test_names_of_a_page_read_once_from_their_column(self):
        """A page names its many2ones as superuser (as Odoo's read does): each model's
        name column is read alone, once, and taken from the cache after; the names are
        the ones the records hold, the agents' those of their partners; a record gone is
        left out."""
        cases = self.make_cases(3)
        projects = cases.mapped('project_id')
        projects[:1].name = '改名后的项目'
        agents = self.agent_wuhai | self.agent_wuhai2
        self.env.clear()
        Project = self.env['agency.project'].sudo()
        Users = self.env['res.users'].sudo()
        with self.recorded_statements() as recorded:
            names = Project.browse(projects.ids).name_get()
            again = Project.browse(projects.ids).name_get()
            agent_names = Users.browse(agents.ids).name_get()
            Users.browse(agents.ids).name_get()
        self.assertEqual(names, again)
        self.assertEqual(names, [(project.id, project.name) for project in projects])
        self.assertEqual(names[0][1], '改名后的项目')
        self.assertEqual(agent_names, [(agent.id, agent.partner_id.name) for agent in agents])
        # A record gone is left out, as read leaves it out; the others keep their names.
        self.env.clear()
        self.assertEqual(Project.browse(projects[:1].ids + [999999999]).name_get(), names[:1])
        statements = [query for query, _params in recorded]
        project_reads = [query for query in statements if 'FROM "agency_project"' in query]
        self.assertEqual(len(project_reads), 1, project_reads)
        self.assertNotIn('"agency_project"."code"', project_reads[0])
        user_reads = [query for query in statements if 'FROM "res_users"' in query]
        self.assertEqual(len(user_reads), 1, user_reads)
        self.assertNotIn('"res_users"."login"', user_reads[0])

    def test_a_chatter_reads_its_followers_names_alone(self):
        """A chatter shows its followers by name: their partners' names are read alone,
        not with every column of each partner, and they are the names Odoo would show."""
        case = self.make_cases(1)
        case.message_subscribe(partner_ids=[self.company.id,
                                            self.agent_wuhai2.partner_id.id])
        self.company.name = '改名后的关注企业'
        follower_ids = case.message_follower_ids.ids
        self.env.clear()
        Followers = self.env['mail.followers'].sudo(self.agent_wuhai)
        with self.recorded_statements() as recorded:
            values = Followers.browse(follower_ids).read(
                ['partner_id', 'channel_id', 'res_model', 'res_id'])
        partners = self.env['res.partner'].browse(
            [value['partner_id'][0] for value in values])
        self.assertEqual([value['partner_id'] for value in values],
                         [(partner.id, partner.display_name) for partner in partners])
        self.assertIn(self.company, partners)
        self.assertIn('改名后的关注企业', dict(value['partner_id'] for value in values)[
            self.company.id])
        partner_reads = [query for query, _params in recorded if 'FROM "res_partner"' in query]
        self.assertTrue(partner_reads)
        self.assertEqual([query for query in partner_reads
                          if '"res_partner"."street"' in query], [],
                         'the followers\' partners were read whole for their names')

    def test_monthly_report_rows_in_a_fixed_number_of_queries(self):
        """The report's key project rows are read and written in bulk: as many queries for
        two key projects as for eight, and the same rows as the cases say."""
        report = self.env['agency.monthly.report'].sudo(self.manager_wuhai).create({
            'region_id': self.region.id,
            'period_id': self.env['date.range']._agency_current_period().id})
        self.project.is_key_project = True
        self.make_cases(2)
        two = self.count_queries(report.action_update_figures)
        self.assertEqual(len(report.project_line_ids), 2)
        self.make_cases(6)
        eight = self.count_queries(report.action_update_figures)
        self.assertEqual(len(report.project_line_ids), 8)
        self.assertLessEqual(abs(eight - two), 2, 'report: %d then %d queries' % (two, eight))
        self.assertEqual(report.key_project_count, 1, 'the eight cases share one project')
        row = report.project_line_ids.filtered(lambda row: row.case_id)[:1]
        case = row.case_id
        self.assertEqual((row.name, row.case_number, row.stage_name, row.items_total),
                         (case.project_id.name, case.name, case.stage_id.name, case.line_count))
        self.assertEqual(row.create_uid, self.manager_wuhai)
        self.assertEqual(row.sequence, 1)

    def test_copied_rows_read_back_as_written(self):
        """The rows a report writes with COPY (sql_copy.copy_rows) read back as written:
        NULL, empty text, booleans, numbers, dates, and text with the characters COPY
        escapes."""
        cr = self.env.cr
        cr.execute('CREATE TEMP TABLE agency_copied (name varchar, number integer, '
                   'share numeric, done boolean, day date, at timestamp)')
        rows = [
            ['tab\there, new\nline, back\\slash\\N, return\r', 1, 2.5, True,
             date(2026, 1, 2), '2026-01-02 03:04:05'],
            ['', 0, 0.0, False, '2026-12-31', None],
            [None, None, None, None, None, None],
            ['\\N', -7, 1e-07, True, None, None],
        ]
        copy_rows(cr, 'agency_copied', ['name', 'number', 'share', 'done', 'day', 'at'], rows)
        cr.execute('SELECT name, number, share::float, done, day::text, at::text '
                   'FROM agency_copied')
        self.assertEqual(cr.fetchall(), [
            (rows[0][0], 1, 2.5, True, '2026-01-02', '2026-01-02 03:04:05'),
            ('', 0, 0.0, False, '2026-12-31', None),
            (None, None, None, None, None, None),
            ('\\N', -7, 1e-07, True, None, None),
        ])

    def test_handling_statistics_refreshed_by_the_daily_action(self):
        """The percentiles are a materialized view: the daily action refreshes them."""
        Stats = self.env['agency.item.statistics']
        self.env.cr.execute("SELECT relkind FROM pg_class WHERE relname = %s", (Stats._table,))
        self.assertEqual(self.env.cr.fetchone(), ('m',))
        cron = self.env.ref('investment_agency.ir_cron_item_statistics')
        self.assertEqual((cron.model_id.model, cron.code.strip()),
                         ('agency.item.statistics', 'model._refresh()'))
        case = self.create_case(numbers=(2,), user_id=self.agent_wuhai.id)
        self.sign(case)
        case.action_generate_plan()
        line = case.line_ids
        self.assertEqual(len(line), 1)
        today = str(service_today(self.env))
        self.env.cr.execute("""
            UPDATE agency_case_line SET state = 'done', result_date = %s, date_closed = %s,
                   working_days_used = 3 WHERE id = %s""", (today, today, line.id))
        domain = [('region_id', '=', self.region.id), ('item_id', '=', line.item_id.id),
                  ('year', '=', today[:4])]
        before = Stats.search(domain).line_count
        cron.method_direct_trigger()
        self.assertEqual(Stats.search(domain).line_count, before + 1)

    def test_indexes_serve_the_default_pages(self):
        """The open cases' page and the open items' page in their lists' order are read
        from partial indexes (the planner told to avoid scans and sorts, as it does at 100 000)."""
        cr = self.env.cr
        cr.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; "
                   "SET LOCAL enable_sort = off; SET LOCAL enable_incremental_sort = off")
        # On the few rows of the test database another index of the table (e.g. the board's
        # order over every case, with a filter) can cost the same as the partial one, and
        # the planner's pick then depends on the statistics of the moment: the other plain
        # indexes are dropped for this test only (DDL is undone with the test's savepoint).
        cr.execute("""
            SELECT i.indexrelid::regclass::text FROM pg_index i
             WHERE i.indrelid IN ('agency_case'::regclass, 'agency_case_line'::regclass)
               AND NOT i.indisunique AND NOT i.indisprimary
               AND i.indexrelid::regclass::text NOT IN %s""",
                   (('agency_case_active_open_order_index', 'agency_case_line_open_order_index'),))
        for name, in cr.fetchall():
            cr.execute('DROP INDEX "%s"' % name)
        for model, domain, order, index in [
                ('agency.case', [('is_closed', '=', False)], None,
                 'agency_case_active_open_order_index'),
                ('agency.case.line', [('case_active', '=', True), ('is_open', '=', True)],
                 etree.fromstring(self.env['agency.case.line'].fields_view_get(
                     view_type='tree')['arch']).get('default_order'),
                 'agency_case_line_open_order_index')]:
            Model = self.env[model]
            query = Model._where_calc(domain)
            order_by = Model._generate_order_by(order, query)
            from_clause, where_clause, params = query.get_sql()
            cr.execute('EXPLAIN SELECT "%s".id FROM %s WHERE %s%s LIMIT 80' % (
                Model._table, from_clause, where_clause, order_by), params)
            plan = '\n'.join(row[0] for row in cr.fetchall())
            self.assertIn(index, plan)
            self.assertNotIn('Sort', plan.split(index)[0], plan)
        cr.execute("RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_sort; "
                   "RESET enable_incremental_sort")

    def test_liaison_rule_reads_the_lines_index_alone(self):
        """The liaison agents' rule on cases (the cases their departments handle an item
        of) lists those cases from the index of the lines' (department, case) alone: a
        case read by id costs a few milliseconds, not a read of every such line."""
        cr = self.env.cr
        cr.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        # The department's own index would do on the few rows here (DDL is undone with
        # the test's savepoint).
        cr.execute('DROP INDEX IF EXISTS agency_case_line_department_id_index')
        Case = self.env['agency.case']
        department = self.env['agency.department'].search([], limit=1)
        query = Case._where_calc([('line_department_ids', 'in', department.ids)])
        from_clause, where_clause, params = query.get_sql()
        cr.execute('EXPLAIN SELECT "agency_case".id FROM %s WHERE %s' % (
            from_clause, where_clause), params)
        plan = '\n'.join(row[0] for row in cr.fetchall())
        self.assertIn('Index Only Scan using agency_case_line_department_case_index', plan)
        cr.execute("RESET enable_seqscan; RESET enable_bitmapscan")

    def test_region_rules_look_the_subtree_up_once(self):
        """The region rules name the user's subtree, looked up once with the rule's domain
        (child_of would look it up on every search), and looked up again when the tree
        changes: a county created below the region, moved out, archived."""
        Case = self.env['agency.case'].sudo(self.manager_wuhai)
        Case.search_count([])
        self.env.clear()
        with self.recorded_statements() as recorded:
            Case.search_count([])
            Case.search([], limit=10)
        statements = [query for query, _params in recorded]
        self.assertEqual(len(statements), 2, statements)
        self.assertFalse([query for query in statements if 'FROM "agency_region"' in query])

        def subtree_of_rule(user):
            domain = self.env['ir.rule'].sudo(user)._compute_domain('agency.case', 'read')
            leaves = [leaf for leaf in domain
                      if isinstance(leaf, (list, tuple)) and tuple(leaf[:2]) == ('region_id', 'in')]
            self.assertEqual(len(leaves), 1, domain)
            return set(leaves[0][2])

        wuhai = self.region
        self.assertEqual(subtree_of_rule(self.manager_wuhai), {wuhai.id})
        Region = self.env['agency.region']
        county = Region.create({'name': '海勃湾区', 'code': '150302', 'level': 'county',
                                'parent_id': wuhai.id, 'bureau_name': '海勃湾区政务服务局'})
        zone = Region.create({'name': '测试园区', 'code': '150371', 'level': 'zone',
                              'parent_id': wuhai.id, 'bureau_name': '测试园区管委会'})
        self.assertEqual(subtree_of_rule(self.manager_wuhai), {wuhai.id, county.id, zone.id})
        manager_county = self._create_user('t_manager_county', self.group_manager, county)
        self.assertEqual(subtree_of_rule(manager_county), {county.id})
        zone.parent_id = county
        self.assertEqual(subtree_of_rule(manager_county), {county.id, zone.id})
        # An archived region is out of the subtree, as child_of has it.
        county.active = False
        self.assertEqual(subtree_of_rule(self.manager_wuhai), {wuhai.id, zone.id})
        county.active = True
        # A manager moved to another region sees that region's cases.
        case = self.create_case()
        Case = self.env['agency.case'].sudo(manager_county)
        self.assertNotIn(case, Case.search([]))
        manager_county.agency_region_id = wuhai
        self.assertIn(case, Case.search([]))

    def test_liaison_rule_leaves_out_the_agents_own_regions(self):
        """An agent who is also a liaison agent: his liaison rule leaves out the regions
        his agent rule gives him, so that a read of one of their cases never lists the
        cases his departments handle; a case of another region with an item of his
        department is still his to read; a liaison agent who is not an agent keeps the
        cases of his own region."""
        both = self._create_user('t_agent_liaison_wuhai', self.group_agent, self.region)
        both.groups_id = [(4, self.group_liaison.id)]
        both.agency_department_ids = [(6, 0, self.dept_hhht_nr.ids)]
        hohhot_case = self.env.ref('investment_agency.case_1_demo')
        self.assertIn(self.dept_hhht_nr, hohhot_case.line_ids.mapped('department_id'))
        wuhai_case = self.create_case()
        self.sign(wuhai_case)
        wuhai_case.action_generate_plan()
        Case = self.env['agency.case'].sudo(both)
        self.assertEqual(Case.search([('id', 'in', (hohhot_case | wuhai_case).ids)]),
                         hohhot_case | wuhai_case)
        self.assertFalse(Case.search([('region_id', '=', self.region_baotou.id)]))

        # His rules: his region's cases, or those of his department out of his regions.
        domain = self.env['ir.rule'].sudo(both)._compute_domain('agency.case', 'read')
        self.assertIn(('region_id', 'not in', [self.region.id]),
                      [tuple(leaf) for leaf in domain if isinstance(leaf, (list, tuple))])
        # The read of his region's case: the departments' sub-select is never run (the
        # rules are ORed in the order of their ids, the department's first on a new
        # database).
        self.env.clear()
        with self.recorded_statements() as statements:
            Case.browse(wuhai_case.id).read(['name'])
        reads = [(query, params) for query, params in statements
                 if query.startswith('SELECT "agency_case"."id"') and 'department_id' in query]
        self.assertEqual(len(reads), 1, statements)
        self.env.cr.execute('EXPLAIN (ANALYZE, FORMAT JSON) ' + reads[0][0], reads[0][1])
        plan = self.env.cr.fetchone()[0]

        def subplans(node):
            found = [node] if node.get('Parent Relationship') == 'SubPlan' else []
            for child in node.get('Plans', []):
                found += subplans(child)
            return found
        nodes = subplans(plan[0]['Plan'])
        self.assertTrue(nodes)
        self.assertEqual([node['Actual Loops'] for node in nodes], [0] * len(nodes))

        # A liaison agent who is not an agent: his own region's cases of his department.
        Liaison = self.env['agency.case'].sudo(self.liaison_wuhai_nr)
        self.assertIn(wuhai_case, Liaison.search([]))
        domain = self.env['ir.rule'].sudo(self.liaison_wuhai_nr)._compute_domain(
            'agency.case', 'read')
        self.assertIn(('region_id', 'not in', []),
                      [tuple(leaf) for leaf in domain if isinstance(leaf, (list, tuple))])

    def test_rules_answer_what_they_say(self):
        """The record rules, answered by PostgreSQL in one statement each, give each role
        the records their definition names: agents and managers the cases of their region
        and below and those cases' items; liaison agents the cases with an item of their
        departments and those items; an agent who is also a liaison agent both."""
        both = self._create_user('t_agent_liaison', self.group_agent, self.region_hhht)
        both.groups_id = [(4, self.group_liaison.id)]
        both.agency_department_ids = [(6, 0, self.dept_hhht_nr.ids)]
        liaison = self._create_user('t_liaison_hhht', self.group_liaison, self.region_hhht)
        liaison.agency_department_ids = [(6, 0, self.dept_hhht_nr.ids)]
        cr = self.env.cr

        def ids(sql, *params):
            cr.execute(sql, params)
            return {row[0] for row in cr.fetchall()}

        def subtree_cases(user):
            return ids("""
                SELECT c.id FROM agency_case c
                  JOIN agency_region r ON r.id = c.region_id
                  JOIN agency_region top ON top.id = %s
                 WHERE r.parent_left >= top.parent_left AND r.parent_left < top.parent_right
            """, user.agency_region_id.id)

        def department_lines(user):
            return ids("SELECT id FROM agency_case_line WHERE department_id = ANY(%s)",
                       user.agency_department_ids.ids)

        def lines_of(case_ids):
            return ids("SELECT id FROM agency_case_line WHERE case_id = ANY(%s)", list(case_ids))

        def cases_of(line_ids):
            return ids("SELECT case_id FROM agency_case_line WHERE id = ANY(%s)", list(line_ids))

        expected = {
            self.agent_hhht: (subtree_cases(self.agent_hhht),
                              lines_of(subtree_cases(self.agent_hhht))),
            self.manager_nmg: (subtree_cases(self.manager_nmg),
                               lines_of(subtree_cases(self.manager_nmg))),
            liaison: (cases_of(department_lines(liaison)), department_lines(liaison)),
            both: (subtree_cases(both) | cases_of(department_lines(both)),
                   lines_of(subtree_cases(both)) | department_lines(both)),
        }
        self.assertTrue(expected[liaison][1], 'the demo data has items of the department')
        self.assertLess(expected[self.agent_hhht][0], expected[self.manager_nmg][0])
        for user, (cases, lines) in expected.items():
            Case = self.env['agency.case'].sudo(user).with_context(active_test=False)
            Line = self.env['agency.case.line'].sudo(user).with_context(active_test=False)
            self.assertEqual(set(Case.search([]).ids), cases, user.login)
            self.assertEqual(set(Line.search([]).ids), lines, user.login)
            self.assertEqual(Case.search_count([]), len(cases), user.login)
