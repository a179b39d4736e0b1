"""11.0.1.1.0: the record rules confine agents and managers to their region and the
regions below it, enterprises to the regions that handle them, and no longer trust
"agent of a case" (a relation the agent could write).

The rules live in a noupdate block: let this upgrade load them again (rules that are
gone, such as rule_case_agent_create, are then removed by Odoo at the end of the
update), and let the light settings of the data file go (their defaults are in the
code now; the values in the database stay as they are).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE ir_model_data SET noupdate = FALSE
         WHERE module = 'investment_agency' AND model = 'ir.rule'
    """)
    cr.execute("""
        DELETE FROM ir_model_data
         WHERE module = 'investment_agency' AND model = 'ir.config_parameter'
           AND name IN ('param_warning_days', 'param_escalation_days')
    """)
