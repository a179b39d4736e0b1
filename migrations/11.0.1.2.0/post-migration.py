"""11.0.1.2.0: the stages follow the order of the Annex 2 flow (§二(五)): 回访评价 rates the
completed service, so it comes after 办结 and is a closed step; the quiet steps are folded
on the board.

The stages live in a noupdate block: set their new order and folds here, and move the
cases of the former order:
- open cases at the former 回访评价 (then before 办结, past 归档返还) go to 归档返还, the
  step before 办结 (their completion wizard then completes them); the date of 回访评价
  stays only for a case that was rated;
- completed cases already rated go to 回访评价, dated on their rating.
The stored copies of the stage on the case (flow_step, is_closed) move with them.
"""

STAGES = [
    # xml id, sequence, folded
    ('stage_sign', 30, True),
    ('stage_archive', 70, True),
    ('stage_done', 80, True),
    ('stage_evaluate', 90, True),
]


def _stage_id(cr, name):
    cr.execute("""SELECT res_id FROM ir_model_data
                   WHERE module = 'investment_agency' AND model = 'agency.stage' AND name = %s""",
               (name,))
    row = cr.fetchone()
    return row and row[0]


def migrate(cr, version):
    if not version:
        return
    for name, sequence, fold in STAGES:
        cr.execute("UPDATE agency_stage SET sequence = %s, fold = %s WHERE id = %s",
                   (sequence, fold, _stage_id(cr, name)))
    cr.execute("""UPDATE agency_stage SET is_closed = (flow_step IN ('done', 'evaluate',
                                                                  'terminated'))""")
    archive, evaluate = _stage_id(cr, 'stage_archive'), _stage_id(cr, 'stage_evaluate')
    if archive:
        cr.execute("""
            UPDATE agency_case
               SET stage_id = %s, flow_step = 'archive', is_closed = FALSE,
                   date_archive = COALESCE(date_archive, date_evaluate),
                   date_evaluate = CASE WHEN rating IS NOT NULL
                                        THEN COALESCE(rating_date, date_evaluate) END
             WHERE flow_step = 'evaluate' AND date_done IS NULL AND date_terminated IS NULL
        """, (archive,))
    if evaluate:
        cr.execute("""
            UPDATE agency_case
               SET stage_id = %s, flow_step = 'evaluate', is_closed = TRUE,
                   date_evaluate = COALESCE(rating_date, date_evaluate, date_done)
             WHERE flow_step = 'done' AND rating IS NOT NULL
        """, (evaluate,))
