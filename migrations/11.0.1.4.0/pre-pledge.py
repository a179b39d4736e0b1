"""11.0.1.4.0: the flags "deficiency acceptance" (容缺受理) and "notification pledge"
(告知承诺) of an item line become the checklist of its materials; the flags are computed
from it. Keep the lines that had them before the update recomputes the columns."""


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
    """)
