import threading

from odoo import api, fields, models

# Whether the job of the current cron thread (or worker) failed: Odoo's _callback
# swallows the exception and only calls _handle_callback_exception.
_job = threading.local()


class IrCron(models.Model):
    _inherit = 'ir.cron'

    @api.model
    def _callback(self, cron_name, server_action_id, job_id):
        """Run the job as Odoo does, then record the run (agency.cron.run) in the job's
        transaction: the record exists if and only if the run is committed."""
        started = fields.Datetime.from_string(fields.Datetime.now())
        _job.failed = False
        res = super(IrCron, self)._callback(cron_name, server_action_id, job_id)
        self.env['agency.cron.run']._record(job_id, cron_name, started, _job.failed)
        return res

    @api.model
    def _handle_callback_exception(self, cron_name, server_action_id, job_id, job_exception):
        _job.failed = True
        return super(IrCron, self)._handle_callback_exception(
            cron_name, server_action_id, job_id, job_exception)
