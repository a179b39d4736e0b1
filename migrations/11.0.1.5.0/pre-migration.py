"""11.0.1.5.0: an item line knows the region where it is handled (分级办理): the region
of its department, and whether that is another region than its case's. Filled here in
one statement each, before Odoo would compute the two new stored columns line by line
(a million lines on a production database)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        ALTER TABLE agency_case_line
            ADD COLUMN IF NOT EXISTS handling_region_id integer,
            ADD COLUMN IF NOT EXISTS handled_elsewhere boolean;
        UPDATE agency_case_line l
           SET handling_region_id = d.region_id,
               handled_elsewhere = d.region_id IS DISTINCT FROM c.region_id
          FROM agency_department d, agency_case c
         WHERE d.id = l.department_id AND c.id = l.case_id;
    """)
