"""11.0.1.4.0: the flags "deficiency acceptance" (容缺受理) and "notification pledge"
(告知承诺) of an item line become the checklist of its materials; the flags are computed
from it. Keep the lines that had them before the update recomputes the columns.

The new stored flag "pledge broken" is false on every existing line (no material had an
outcome before): its column is created here, so that Odoo does not compute it line by line
through the ORM (on a million lines, tens of minutes of the upgrade)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        CREATE TABLE IF NOT EXISTS agency_line_simplification_legacy (
            line_id integer NOT NULL, status varchar NOT NULL);
        INSERT INTO agency_line_simplification_legacy (line_id, status)
             SELECT id, 'deficiency' FROM agency_case_line WHERE deficiency_used
              UNION ALL
             SELECT id, 'pledge' FROM agency_case_line WHERE pledge_used;
        ALTER TABLE agency_case_line ADD COLUMN IF NOT EXISTS pledge_broken boolean
            DEFAULT false;
        ALTER TABLE agency_case_line ALTER COLUMN pledge_broken DROP DEFAULT;
    """)
