"""Two workers collecting the bus's old notifications at once.

Odoo's collection (on about one notification in a hundred) deletes the old rows through
the ORM; when another worker has just deleted them, the statement fails with a
serialization error that is logged as an ERROR and makes Odoo retry the whole request
that happened to trigger it. The second worker played here is a connection of its own."""
from unittest.mock import patch

import odoo
from odoo.tests.common import TransactionCase

OLD = "(now() at time zone 'utc') - interval '1 hour'"


class TestBusCollection(TransactionCase):

    def setUp(self):
        super(TestBusCollection, self).setUp()
        self.other = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(self.other.close)

    def insert(self, cr, age):
        cr.execute('INSERT INTO bus_bus (create_date, channel, message) '
                   'VALUES (%s, %%s, %%s) RETURNING id' % age, ('"test"', '"gc"'))
        return cr.fetchone()[0]

    def exists(self, row):
        self.env.cr.execute('SELECT count(*) FROM bus_bus WHERE id = %s', (row,))
        return bool(self.env.cr.fetchone()[0])

    def collect(self):
        with patch.object(odoo.sql_db._logger, 'error') as logged:
            self.env['bus.bus'].gc()
        self.assertFalse(logged.called, 'no failing query logged: %s' % logged.call_args)

    def test_old_collected_recent_kept(self):
        old = self.insert(self.env.cr, OLD)
        recent = self.insert(self.env.cr, "now() at time zone 'utc'")
        self.collect()
        self.assertEqual((self.exists(old), self.exists(recent)), (False, True))

    def test_collected_by_another_worker_meanwhile(self):
        old = self.insert(self.other, OLD)
        self.other.commit()
        self.addCleanup(self.other.commit)
        self.addCleanup(self.other.execute, 'DELETE FROM bus_bus WHERE id = %s', (old,))
        # This transaction sees the row; the other worker deletes it and commits.
        self.assertTrue(self.exists(old))
        self.other.execute('DELETE FROM bus_bus WHERE id = %s', (old,))
        self.other.commit()
        self.collect()
        # Nothing failed: the request goes on in the same transaction.
        self.assertTrue(self.exists(old), 'still in this snapshot, left to the other worker')
        self.env['bus.bus'].sendone('test', 'after the collection')
