from odoo import api, fields, models

# The module's scheduled actions, reported one by one.
AGENCY_CRONS = (
    'investment_agency.ir_cron_case_lights',
    'investment_agency.ir_cron_publication_events',
    'investment_agency.ir_cron_monthly_report_reminder',
    'investment_agency.ir_cron_case_sequences',
    'investment_agency.ir_cron_item_statistics',
)
# A scheduled action whose next call is this late means that no cron worker runs it.
OVERDUE_MINUTES = 30
# States of OCA queue_job's jobs that are waiting or running.
QUEUE_WAITING_STATES = ('pending', 'enqueued', 'started')


class AgencyHealth(models.AbstractModel):
    """What the health endpoint (/api/bangninban/v1/health) reports: the database answers,
    the scheduled actions run, the job queue drains. Figures and times only: no name,
    number or content of a case, enterprise or user."""
    _name = 'agency.health'
    _description = 'Health Report'

    @api.model
    def _report(self):
        crons = self._cron_report()
        queue = self._queue_report()
        status = 'ok'
        if crons['overdue']:
            status = 'degraded'
        return {
            'status': status,
            'database': 'ok',
            'time': fields.Datetime.now(),
            'crons': crons,
            'job_queue': queue,
        }

    @api.model
    def _cron_report(self):
        cr = self.env.cr
        cr.execute("""
            SELECT count(*) FROM ir_cron
             WHERE active AND numbercall != 0
               AND nextcall < (now() at time zone 'UTC') - %s * interval '1 minute'
        """, (OVERDUE_MINUTES,))
        overdue = cr.fetchone()[0]
        cr.execute("SELECT max(date_end) FROM agency_cron_run")
        last_run = cr.fetchone()[0]
        jobs = {}
        for xmlid in AGENCY_CRONS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if not cron:
                continue
            cr.execute("""
                SELECT date_start, date_end, state FROM agency_cron_run
                 WHERE cron_id = %s ORDER BY date_start DESC, id DESC LIMIT 1
            """, (cron.id,))
            run = cr.fetchone()
            jobs[xmlid.split('.', 1)[1]] = {
                'active': cron.active,
                'next_call': cron.nextcall,
                'last_run': run and run[1] or None,
                'last_state': run and run[2] or None,
            }
        return {'overdue': overdue, 'last_run': last_run, 'jobs': jobs}

    @api.model
    def _queue_report(self):
        """Depth of OCA queue_job's queue (jobs waiting or running) and the failed jobs."""
        self.env.cr.execute("SELECT state, count(*) FROM queue_job GROUP BY state")
        counts = dict(self.env.cr.fetchall())
        return {
            'depth': sum(counts.get(state, 0) for state in QUEUE_WAITING_STATES),
            'failed': counts.get('failed', 0),
        }
