import datetime

from psycopg2 import errorcodes
from psycopg2 import OperationalError

from odoo import api, models
from odoo.addons.bus.models.bus import TIMEOUT

# Two workers may collect the same old notifications at once: the second one's DELETE
# then fails with a serialization error that Odoo logs as an ERROR ("bad query") and
# retries the whole request for.
_CONCURRENT = (errorcodes.SERIALIZATION_FAILURE, errorcodes.LOCK_NOT_AVAILABLE,
               errorcodes.DEADLOCK_DETECTED)


class BusBus(models.Model):
    _inherit = 'bus.bus'

    @api.model
    def gc(self):
        """Delete the notifications older than twice the long-polling timeout, as Odoo
        does, in one statement and inside a savepoint: when another worker is deleting
        the same rows, leave them to it instead of failing (and logging) the request
        that happened to trigger the collection."""
        timeout_ago = datetime.datetime.utcnow() - datetime.timedelta(seconds=TIMEOUT * 2)
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute('DELETE FROM bus_bus WHERE create_date < %s',
                                    (timeout_ago,), log_exceptions=False)
        except OperationalError as error:
            if error.pgcode not in _CONCURRENT:
                raise
        return True
