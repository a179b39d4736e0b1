"""The screens of the scale benchmark: what the web client, the portal and the API ask.

Each operation is the server side of one screen, called as the user of a role the way
Odoo 11's web client calls it (``/web/dataset/search_read`` answers ``search_read`` plus
``search_count`` when the page is full; a grouped kanban is ``read_group`` then one page
per unfolded column; a form is ``read`` of the view's fields, one page of each list
inside it and the chatter's messages), with the fields of the view the user gets. Where
Odoo has the same screen for partners, the same call on ``res.partner`` is its peer.
"""
from datetime import timedelta

from lxml import etree

PAGE = 40          # kanban page (web client's default for kanban)
LIST_PAGE = 80     # list page
CHATTER_PAGE = 30  # messages the chatter loads first
# Pages that came full, hence counted (the web client's search_count), since the start:
# a page of the small database is often not full, and its count not asked.
FULL_PAGES = [0]

ROLES = [
    # (role, login): the demo users of each role
    ('admin', 'admin'),
    ('agent', 'agent'),
    ('manager', 'manager'),
    ('agent+liaison', 'bench_agent_liaison'),
    ('liaison', 'liaison'),
]


def agent_and_liaison(env):
    """The agent who is also the liaison agent of two departments of 呼和浩特市 (the demo
    liaison's): made once in the benchmark's database."""
    Users = env['res.users'].with_context(no_reset_password=True)
    user = Users.search([('login', '=', 'bench_agent_liaison')])
    if not user:
        liaison = Users.search([('login', '=', 'liaison')])
        user = Users.create({
            'name': '代办员兼联络员', 'login': 'bench_agent_liaison',
            'groups_id': [(6, 0, [env.ref('investment_agency.group_agent').id,
                                  env.ref('investment_agency.group_liaison').id])],
            'agency_region_id': liaison.agency_region_id.id,
            'agency_department_ids': [(6, 0, liaison.agency_department_ids.ids)]})
        env.cr.commit()
    return user


def partner_with_chatter(env, partner_id, case_id):
    """The peer of a case's form with its chatter: a partner whose chatter holds the same,
    the case's messages and followers copied to it once in the benchmark's database (the
    partners grown there have no chatter)."""
    partner = env['res.partner'].browse(partner_id)
    case = env['agency.case'].browse(case_id)
    if not partner.message_ids:
        for message in case.message_ids.sorted('id'):
            message.copy({'model': 'res.partner', 'res_id': partner.id})
    if not partner.message_follower_ids:
        partner.message_subscribe(partner_ids=case.message_partner_ids.ids,
                                  channel_ids=case.message_channel_ids.ids)
    env.cr.commit()
    return partner_id


def view_fields(Model, view_type):
    return sorted(Model.fields_view_get(view_type=view_type)['fields'])


def search_read_page(Model, domain, fields, limit, order=None):
    """``/web/dataset/search_read``: a page, and the count when the page is full."""
    records = Model.search_read(domain, fields, limit=limit, order=order)
    if len(records) == limit:
        FULL_PAGES[0] += 1
        Model.search_count(domain)
    return records


def kanban_page(Model, domain):
    return search_read_page(Model, domain, view_fields(Model, 'kanban'), PAGE)


def kanban_grouped(Model, domain, groupby):
    fields = view_fields(Model, 'kanban')
    groups = Model.read_group(domain, fields + [groupby], [groupby], lazy=True)
    for group in groups:
        if not group.get('__fold'):
            search_read_page(Model, group['__domain'], fields, PAGE)
    return groups


def list_page(Model, domain):
    """A list's first page, in the list view's default order if it has one."""
    view = Model.fields_view_get(view_type='tree')
    order = etree.fromstring(view['arch']).get('default_order')
    return search_read_page(Model, domain, sorted(view['fields']), LIST_PAGE, order=order)


def form(Model, record_id):
    """The form of one record: its fields, a page of each list in it, the chatter."""
    view = Model.fields_view_get(view_type='form')
    values = Model.browse(record_id).read(sorted(view['fields']))[0]
    for name, description in view['fields'].items():
        if description['type'] not in ('one2many', 'many2many') or not values.get(name):
            continue
        sub_views = description.get('views') or {}
        sub_view = sub_views.get('tree') or sub_views.get('kanban')
        if sub_view:
            Model.env[description['relation']].browse(values[name][:PAGE]).read(
                sorted(sub_view['fields']))
    if 'message_ids' in values:
        messages = Model.env['mail.message'].browse(values['message_ids'][:CHATTER_PAGE])
        messages.message_format()
        Model.env['mail.followers'].browse(values['message_follower_ids']).read(
            ['partner_id', 'channel_id', 'res_model', 'res_id'])
    return values


def screen_rows(measure, env, users):
    """Rows of the back-office screens for each role, with their partner peers."""
    rows = []
    open_cases = [('is_closed', '=', False)]
    open_items = [('case_active', '=', True), ('is_open', '=', True)]
    customers = [('customer', '=', True)]
    for role, user in users:
        Case = env['agency.case'].sudo(user)
        Line = env['agency.case.line'].sudo(user)
        Partner = env['res.partner'].sudo(user)
        # The same kind of case at N and at N/100: the newest grown case being declared
        # (its ten items, no chatter) that the user sees. Its items differ between the two
        # databases (which run, which follow another), and with them a few statements.
        case_id = (Case.search(open_cases + [('name', '=like', 'BNB-BENCH-%'),
                                             ('flow_step', '=', 'declare')], limit=1) or
                   Case.search(open_cases, limit=1) or Case.search([], limit=1)).id
        # The same case at both sizes: the demo's case being declared (呼和浩特市, five
        # items, its chatter, followers and activities), which every role sees.
        demo = env.ref('investment_agency.case_1_demo', raise_if_not_found=False)
        demo_id = demo and Case.search([('id', '=', demo.id)]).id
        companies = Partner.search(customers + [('is_company', '=', True)], limit=2)
        partner_id = companies[:1].id
        # The case's chatter has its peer: another of the user's partners with the same.
        chatter_partner_id = demo_id and partner_with_chatter(env, companies[-1:].id, demo_id)
        pairs = [
            ('kanban first page, open cases', lambda: kanban_page(Case, open_cases),
             lambda: kanban_page(Partner, customers)),
            ('kanban grouped by stage', lambda: kanban_grouped(Case, open_cases, 'stage_id'),
             lambda: kanban_grouped(Partner, customers, 'country_id')),
            ('list page + count', lambda: list_page(Case, open_cases),
             lambda: list_page(Partner, customers)),
            ('item list page + count', lambda: list_page(Line, open_items),
             lambda: list_page(Partner, customers)),
            ('form of one case', lambda: form(Case, case_id),
             lambda: form(Partner, partner_id)),
            ('form of the demo case, with its chatter', lambda: form(Case, demo_id),
             lambda: form(Partner, chatter_partner_id)),
        ]
        for operation, call, peer_call in pairs:
            if operation.startswith('form of') and not (
                    case_id if operation == 'form of one case' else demo_id):
                continue
            row = measure(operation, role, call)
            peer = measure(operation + ' [res.partner]', role, peer_call)
            row['peer_seconds'] = peer['seconds']
            row['peer_queries'] = peer['queries']
            row['ratio'] = round(row['seconds'] / peer['seconds'], 2) if peer['seconds'] else None
            if operation == 'form of one case':
                bare_partner = peer['seconds']
            elif operation.endswith('with its chatter') and case_id:
                # Said beside it: the ratio to the partner without a chatter (the peer of
                # the grown case's form, measured just before).
                row['ratio_to_partner_without_chatter'] = round(
                    row['seconds'] / bare_partner, 2) if bare_partner else None
            rows.append(row)
    return rows


def supervision_rows(measure, env, manager, today):
    """The manager's supervision screens over his whole region."""
    region = manager.agency_region_id
    rows = []

    def dashboard():
        board = env['agency.dashboard'].sudo(manager).create({'region_id': region.id})
        board.read(list(board._fields))

    def case_analysis():
        env['agency.case.analysis'].sudo(manager).read_group(
            [], ['league_id', 'date_applied', 'case_count', 'completed_count', 'days_saved'],
            ['league_id', 'date_applied:month'], lazy=False)

    def line_analysis():
        env['agency.line.analysis'].sudo(manager).read_group(
            [], ['department_type_id', 'item_id', 'handled_count', 'handling_days',
                 'on_time_rate', 'days_saved'], ['department_type_id', 'item_id'], lazy=False)

    def percentiles():
        env['agency.item.statistics'].sudo(manager).search_read(
            [], ['item_id', 'region_id', 'median_days', 'p90_days'])

    def ledger():
        wizard = env['agency.ledger.export'].sudo(manager).create({
            'region_id': region.id, 'date_from': str(today - timedelta(days=365)),
            'date_to': str(today)})
        content, _type = env.ref('investment_agency.report_ledger_xlsx').sudo(
            manager).render(wizard.ids, {})
        return len(content)

    Report = env['agency.monthly.report'].sudo(manager)
    period = env['date.range']._agency_current_period()
    report = Report.search([('region_id', '=', region.id), ('period_id', '=', period.id)]) or \
        Report.with_context(agency_report_defer_figures=True).create(
            {'region_id': region.id, 'period_id': period.id})

    def monthly():
        report.action_update_figures()

    for operation, call in [
            ('dashboard, whole region', dashboard),
            ('case analysis by league and month', case_analysis),
            ('item analysis by department type and item', line_analysis),
            ('percentile view', percentiles),
            ('ledger XLSX, whole region, a year', ledger),
            ('monthly report figures, whole region', monthly)]:
        rows.append(measure(operation, 'manager', call))
    return rows


def annex_row(measure, env, agent):
    """One annex PDF (the application form, Annex 3), warm: rendered once before."""
    case = env['agency.case'].sudo(agent).search([('is_closed', '=', False)], limit=1)
    report = env.ref('investment_agency.report_case_application').sudo(agent)
    report.render_qweb_pdf(case.ids)
    return measure('annex PDF (application form), warm', 'agent',
                   lambda: report.render_qweb_pdf(case.ids))


def portal_row(measure, env, applicant):
    """The applicant's list of cases (/my/agency/cases): the count and one page."""
    Case = env['agency.case'].sudo(applicant)
    domain = [('partner_id', '=', applicant.partner_id.commercial_partner_id.id)]

    def cases():
        Case.search_count(domain)
        Case.search(domain, order='date_applied desc, id desc', limit=20).read(
            ['name', 'stage_id', 'date_applied', 'light'])

    return measure('portal list of cases', 'applicant', cases)


def intake_row(measure, env, payload):
    """One application through the intake API (the model's entry point), rolled back."""
    Intake = env['agency.intake.request']
    counter = iter(range(10 ** 6))

    def submit():
        status, _case, errors = Intake._submit(
            'app', 'bench-%d' % next(counter), payload, api_key=env['agency.api.key'].search(
                [('channel', '=', 'app')], limit=1))
        assert status == 'created', errors

    return measure('intake API, one application', 'api', submit)
