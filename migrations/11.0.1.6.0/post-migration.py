"""11.0.1.6.0: the record rules of agents and liaison agents on the materials returned go
through search fields that look up each material's case (scope_region_id,
scope_department_ids) instead of listing the cases of the region or of the departments
(60 000 ids for the whole region's managers, on every form of a case).

The rules live in a noupdate block, which an update does not load again: their domains
are written here, unless an administrator changed them."""
from odoo.addons.investment_agency.hooks import rewrite_rule_domains

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
    if version:
        rewrite_rule_domains(cr, DOMAINS)
