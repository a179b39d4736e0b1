"""11.0.1.6.0: the agents' record rule on the materials returned goes through a search
field that looks up each material's case (scope_region_id) instead of listing the cases
of the region (60 000 ids for the whole region's managers, on every form of a case).

The rule lives in a noupdate block, which an update does not load again: its domain is
written here, unless an administrator changed it."""

OLD_DOMAIN = "[('case_id.region_id', 'child_of', user.agency_region_id.id)]"
NEW_DOMAIN = "[('scope_region_id', '=', user.agency_region_id.id)]"


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE ir_rule SET domain_force = %s
         WHERE domain_force = %s
           AND id = (SELECT res_id FROM ir_model_data
                      WHERE module = 'investment_agency' AND model = 'ir.rule'
                        AND name = 'rule_returned_material_agent')
    """, (NEW_DOMAIN, OLD_DOMAIN))
