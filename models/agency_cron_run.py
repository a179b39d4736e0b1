import os
import socket
from datetime import timedelta

from odoo import api, fields, models

RUN_STATES = [
    ('done', 'Succeeded'),
    ('failed', 'Failed'),
]
# Runs older than this are deleted when a new run of the same action is recorded.
KEEP_DAYS = 90


class AgencyCronRun(models.Model):
    """One run of a scheduled action by a cron worker, whichever node ran it.

    Odoo 11 keeps only the next call of a scheduled action. With several nodes an
    operator wants to know when each action last ran, on which node, how long it took
    and whether it failed: the health endpoint reports it, and the tests count the runs
    of a day to prove that an action ran once although every node has cron workers."""
    _name = 'agency.cron.run'
    _description = 'Scheduled Action Run'
    _order = 'date_start desc, id desc'

    # The id of the scheduled action, not a foreign key: the run is recorded while the
    # cron worker holds the action's row locked FOR UPDATE in another transaction, and a
    # foreign key check would wait for that lock (forever: the same worker holds it).
    cron_id = fields.Integer(string='Scheduled Action ID', required=True, index=True,
                             readonly=True)
    name = fields.Char(string='Scheduled Action', required=True, readonly=True)
    date_start = fields.Datetime(string='Started', required=True, readonly=True, index=True)
    date_end = fields.Datetime(string='Ended', readonly=True)
    duration = fields.Float(string='Duration (s)', readonly=True, digits=(16, 3))
    state = fields.Selection(RUN_STATES, required=True, readonly=True)
    node = fields.Char(readonly=True, help='Host and process id of the cron worker.')

    @api.model
    def _record(self, cron_id, cron_name, started, failed):
        """Record a run of ``cron_id`` begun at ``started`` (a datetime, UTC); forget the
        runs of the same action older than KEEP_DAYS."""
        ended = fields.Datetime.from_string(fields.Datetime.now())
        self.sudo().create({
            'cron_id': cron_id,
            'name': cron_name,
            'date_start': fields.Datetime.to_string(started),
            'date_end': fields.Datetime.to_string(ended),
            'duration': max((ended - started).total_seconds(), 0.0),
            'state': 'failed' if failed else 'done',
            'node': '%s:%s' % (socket.gethostname(), os.getpid()),
        })
        self.env.cr.execute(
            "DELETE FROM agency_cron_run WHERE cron_id = %s AND date_start < %s",
            (cron_id, fields.Datetime.to_string(ended - timedelta(days=KEEP_DAYS))))
