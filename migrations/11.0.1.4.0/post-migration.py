"""11.0.1.4.0: the materials handed back to the applicant are records
(agency.case.returned.material, printed on Annexes 6 and 8 as their 移交资料清单) instead
of the text field ``materials_returned`` of the case, which is removed.

Each case's text is split on ; ； 、 , ， and line breaks, one record per part: the kind
is 复印件 (copy) when the part says so, else 原件 (original), the words 原件/复印件 and a
final full stop taken off the name; returned on the day the case was completed,
terminated or archived (else applied), to the project's contact person. One INSERT for
every case; then the old columns are dropped (the case's and the closing wizards').

The verification (接洽核实) is new: cases past it keep their step and go on; a case at
the signing step is verified before its plan is made.
"""
import logging

_logger = logging.getLogger(__name__)

SEPARATORS = '[;；、,，\\n]'


def migrate(cr, version):
    if not version:
        return
    cr.execute("""SELECT 1 FROM information_schema.columns
                  WHERE table_name = 'agency_case' AND column_name = 'materials_returned'""")
    if not cr.fetchone():
        return
    cr.execute("""
        WITH part AS (
            SELECT c.id AS case_id, part.n AS sequence,
                   btrim(part.piece, E' \\t\\r　。．.') AS piece
              FROM agency_case c
             CROSS JOIN LATERAL regexp_split_to_table(c.materials_returned, %s)
                   WITH ORDINALITY AS part(piece, n)
             WHERE btrim(coalesce(c.materials_returned, '')) <> ''
        )
        INSERT INTO agency_case_returned_material
            (case_id, sequence, name, kind, copies, date_returned, received_by,
             create_uid, create_date, write_uid, write_date)
        SELECT part.case_id, part.sequence,
               coalesce(nullif(btrim(regexp_replace(part.piece, '(原件|复印件)', '', 'g'),
                                     E' \\t　'), ''), part.piece),
               CASE WHEN part.piece LIKE '%%复印件%%' THEN 'copy' ELSE 'original' END,
               1,
               coalesce(c.date_done, c.date_terminated, c.date_archive, c.date_applied),
               coalesce(nullif(btrim(p.contact_name), ''), '—'),
               1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
          FROM part
          JOIN agency_case c ON c.id = part.case_id
          JOIN agency_project p ON p.id = c.project_id
         WHERE part.piece NOT IN ('', '无')
    """, (SEPARATORS,))
    _logger.info('%d materials returned recorded from the text of the cases', cr.rowcount)
    cr.execute('ALTER TABLE agency_case DROP COLUMN materials_returned')
    for table in ('agency_case_complete', 'agency_case_terminate'):
        cr.execute('ALTER TABLE IF EXISTS %s DROP COLUMN IF EXISTS materials_returned'
                   % table)  # pylint: disable=sql-injection
