"""11.0.1.4.0: every item line gets the checklist of its item's materials (one statement,
each material to submit), then the lines that had the flag "deficiency acceptance" or
"notification pledge" get one material the catalog allows for it marked so, due the
catalog's working days after the acceptance (the case's chatter says so)."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        INSERT INTO agency_case_line_material
               (line_id, material_id, sequence, case_id, item_id, status, outcome,
                reminder_sent, create_uid, write_uid, create_date, write_date)
        SELECT l.id, m.id, m.sequence, l.case_id, l.item_id, 'required', 'pending', 'none',
               %s, %s, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM agency_case_line l
          JOIN agency_item_material m ON m.item_id = l.item_id
         WHERE NOT EXISTS (SELECT 1 FROM agency_case_line_material e
                            WHERE e.line_id = l.id AND e.material_id = m.id)
    """, (SUPERUSER_ID, SUPERUSER_ID))
    cr.execute("SELECT to_regclass('agency_line_simplification_legacy')")
    if not cr.fetchone()[0]:
        return
    cr.execute("SELECT status, array_agg(line_id) FROM agency_line_simplification_legacy "
               "GROUP BY status")
    env = api.Environment(cr, SUPERUSER_ID, {})
    Line = env['agency.case.line']
    for status, line_ids in cr.fetchall():
        Line.browse(line_ids).exists()._mark_simplification(status)
    cr.execute("DROP TABLE agency_line_simplification_legacy")
