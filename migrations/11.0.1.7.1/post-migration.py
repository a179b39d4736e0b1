"""11.0.1.7.1: the record rules of the regions' agents and managers name the regions of the
user's subtree (res.users._agency_region_subtree_ids, evaluated once and kept with the
rule's domain) instead of ``child_of`` his region, which Odoo looks up again with one more
statement on every search, count and read of every model (16 of the 98 statements of an
agent's board grouped by stage). The liaison agents' rules on cases and projects leave out
the regions the user reaches as an agent or a manager (res.users._agency_agent_region_ids:
none for a liaison agent who is not also an agent): an agent who is also a liaison agent
has those records by his other rule already, and PostgreSQL then answers a read of one of
them without listing every case his departments handle (3 ms at 100 000 cases, on each of
the six reads of a case that its form makes).

The rules live in a noupdate block, which an update does not load again: their domains
are written here, unless an administrator changed them."""
from odoo.addons.investment_agency.hooks import rewrite_rule_domains

DOMAINS = {
    # rule: (domain shipped before, domain now)
    'rule_agent_workload_manager': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_case_agent': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_case_analysis_manager': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_case_line_handling_manager': (
        "[('handling_region_id', 'child_of', user.agency_region_id.id)]",
        "[('handling_region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_department_manager_write': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_enquiry_agent': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_item_statistics_manager': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_line_analysis_handling_manager': (
        "[('handling_region_id', 'child_of', user.agency_region_id.id)]",
        "[('handling_region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_line_analysis_manager': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_meeting_agent': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_meeting_decision_agent': (
        "[('meeting_id.region_id', 'child_of', user.agency_region_id.id)]",
        "[('meeting_id.region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_monthly_report_line_manager_read': (
        "[('report_id.region_id', 'child_of', user.agency_region_id.id)]",
        "[('report_id.region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_monthly_report_manager_read': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_project_agent': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_rating_followup_manager': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_region_stage_manager_write': (
        "[('region_id', 'child_of', user.agency_region_id.id)]",
        "[('region_id', 'in', user._agency_region_subtree_ids())]"),
    'rule_transfer_agent': (
        "['|', ('region_from_id', 'child_of', user.agency_region_id.id), "
        "('region_to_id', 'child_of', user.agency_region_id.id)]",
        "['|', ('region_from_id', 'in', user._agency_region_subtree_ids()), "
        "('region_to_id', 'in', user._agency_region_subtree_ids())]"),
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
    if version:
        rewrite_rule_domains(cr, DOMAINS)
