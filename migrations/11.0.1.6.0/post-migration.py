"""11.0.1.6.0: the record rules of agents and liaison agents on the materials returned go
through search fields that look up each material's case (scope_region_id,
scope_department_ids) instead of listing the cases of the region or of the departments
(60 000 ids for the whole region's managers, on every form of a case).

The rules live in a noupdate block, which an update does not load again: their domains
are written here, unless an administrator changed them."""

DOMAINS = {
    # rule: (domain shipped before, domain now)
    'rule_returned_material_agent': (
        "[('case_id.region_id', 'child_of', user.agency_region_id.id)]",
        "[('scope_region_id', '=', user.agency_region_id.id)]"),
    'rule_returned_material_liaison': (
        "[('case_id.line_department_ids', 'in', user.agency_department_ids.ids)]",
        "[('scope_department_ids', 'in', user.agency_department_ids.ids)]"),
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
