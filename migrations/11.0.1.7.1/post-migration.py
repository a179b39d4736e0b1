"""11.0.1.7.1: the liaison agents' rules on cases and projects leave out the regions the
user reaches as an agent or a manager (res.users._agency_agent_region_ids: none for a
liaison agent who is not also an agent). An agent who is also a liaison agent has those
records by his other rule already; PostgreSQL then answers a read of one of them without
listing every case his departments handle (3 ms at 100 000 cases, on each of the six
reads of a case that its form makes).

The rules live in a noupdate block, which an update does not load again: their domains
are written here, unless an administrator changed them."""

DOMAINS = {
    # rule: (domain shipped before, domain now)
    'rule_case_liaison': (
        "[('line_department_ids', 'in', user.agency_department_ids.ids)]",
        "[('region_id', 'not in', user._agency_agent_region_ids()), "
        "('line_department_ids', 'in', user.agency_department_ids.ids)]"),
    'rule_project_liaison': (
        "[('line_department_ids', 'in', user.agency_department_ids.ids)]",
        "[('region_id', 'not in', user._agency_agent_region_ids()), "
        "('line_department_ids', 'in', user.agency_department_ids.ids)]"),
}


def migrate(cr, version):
    if not version:
        return
    for rule, (old, new) in sorted(DOMAINS.items()):
        cr.execute("""
            UPDATE ir_rule SET domain_force = %s
             WHERE domain_force = %s
               AND id = (SELECT res_id FROM ir_model_data
                          WHERE module = 'investment_agency' AND model = 'ir.rule'
                            AND name = %s)
        """, (new, old, rule))
