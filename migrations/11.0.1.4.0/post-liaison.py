"""11.0.1.4.0: each item of a plan names its responsible liaison agent (部门代办员). The
items still open get the first active liaison agent of their department, as a new plan
gives them (the order of ``res.users``: name, then login); closed items keep none."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE agency_case_line line
           SET liaison_user_id = first.user_id
          FROM (SELECT DISTINCT ON (rel.department_id) rel.department_id, rel.user_id
                  FROM agency_department_liaison_rel rel
                  JOIN res_users u ON u.id = rel.user_id AND u.active
                  JOIN res_partner p ON p.id = u.partner_id
                 ORDER BY rel.department_id, p.name, u.login) first
         WHERE line.department_id = first.department_id
           AND line.liaison_user_id IS NULL
           AND line.state IN ('todo', 'declared', 'accepted', 'correction')
    """)
