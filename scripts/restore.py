"""Restore an archive of scripts/backup into a new database and its filestore.

    restore.py ARCHIVE NEWDB [-c ODOO_CONF] [--data-dir DIR] [--drill] [--jobs 2]

Refuses a database or a filestore folder that exists already (a restore never
overwrites). Checks the dump against the SHA-256 of the manifest, restores it with
pg_restore, unpacks the files into DATA_DIR/filestore/NEWDB, then compares the counts
of the restored database (cases, lines, attachments, stored files, users) and the files
on disk with the manifest: any difference fails the restore (exit 1), and a failed
restore leaves nothing behind.

--drill makes the copy safe to open beside production (the monthly restore drill): its
scheduled actions and outgoing mail servers are switched off and it gets a database
uuid and secret of its own (sessions and links of production are not valid in it).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

import psycopg2

from backup import counts, read_config, sha256

DRILL_SQL = """
UPDATE ir_cron SET active = false;
UPDATE ir_mail_server SET active = false;
UPDATE ir_config_parameter SET value = gen_random_uuid()::text
 WHERE key IN ('database.uuid', 'database.secret');
"""


def log(message):
    sys.stderr.write('[restore] %s\n' % message)
    sys.stderr.flush()


def connect(db, env):
    return psycopg2.connect(dbname=db, host=env.get('PGHOST'), port=env.get('PGPORT'),
                            user=env.get('PGUSER'), password=env.get('PGPASSWORD'))


def database_exists(db, env):
    connection = connect('postgres', env)
    try:
        cr = connection.cursor()
        cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', (db,))
        return bool(cr.fetchone())
    finally:
        connection.close()


def safe_members(tar, prefix):
    """The members under ``prefix``, refusing absolute paths, '..' and links."""
    for member in tar.getmembers():
        if not member.name.startswith(prefix):
            continue
        name = os.path.normpath(member.name)
        if name.startswith(('/', '..')) or '/../' in '/%s/' % name or not member.isfile():
            raise SystemExit('unsafe member in the archive: %s' % member.name)
        yield member


def restore(archive, db, data_dir, env, drill=False, jobs=2):
    started = time.time()
    filestore = os.path.join(data_dir, 'filestore', db)
    if database_exists(db, env):
        raise SystemExit('database %s exists: restore into a new name' % db)
    if os.path.exists(filestore):
        raise SystemExit('%s exists: restore into a new name' % filestore)
    with tarfile.open(archive, 'r') as tar, tempfile.TemporaryDirectory(
            dir=os.path.dirname(os.path.abspath(archive)), prefix='.restore-') as tmp:
        manifest = json.load(tar.extractfile('MANIFEST.json'))
        dump = os.path.join(tmp, 'db.dump')
        with tar.extractfile('db.dump') as source, open(dump, 'wb') as target:
            shutil.copyfileobj(source, target, 1 << 20)
        if sha256(dump) != manifest['dump_sha256']:
            raise SystemExit('db.dump does not match the SHA-256 of the manifest')
        created = False
        try:
            subprocess.run(['createdb', '-T', 'template0', '-E', 'UTF8', db], env=env,
                           check=True)
            created = True
            subprocess.run(['pg_restore', '--no-owner', '--no-privileges', '--exit-on-error',
                            '-j', str(jobs), '-d', db, dump], env=env, check=True)
            os.makedirs(filestore)
            for member in safe_members(tar, 'filestore/'):
                target = os.path.join(filestore, os.path.normpath(member.name)[len('filestore/'):])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with tar.extractfile(member) as source, open(target, 'wb') as handle:
                    shutil.copyfileobj(source, handle, 1 << 20)
            connection = connect(db, env)
            try:
                cr = connection.cursor()
                if drill:
                    cr.execute(DRILL_SQL)
                    connection.commit()
                figures = counts(cr)
                cr.execute("SELECT DISTINCT store_fname FROM ir_attachment "
                           "WHERE store_fname IS NOT NULL")
                missing = [name for (name,) in cr.fetchall()
                           if not os.path.isfile(os.path.join(filestore, name))]
            finally:
                connection.close()
            problems = ['%s: %s in the archive, %s restored' % (name, value, figures.get(name))
                        for name, value in sorted(manifest['counts'].items())
                        if figures.get(name) != value]
            if len(missing) != len(manifest['missing_files']):
                problems.append('%d files missing from the restored filestore' % len(missing))
            if problems:
                raise SystemExit('restored copy differs: %s' % '; '.join(problems))
        except BaseException:
            log('restore failed: removing %s and %s' % (db, filestore))
            if created:
                subprocess.run(['dropdb', '--if-exists', db], env=env)
            shutil.rmtree(filestore, ignore_errors=True)
            raise
    log('%s restored from %s (made %s) in %.1f s: %s%s' % (
        db, os.path.basename(archive), manifest['created'], time.time() - started,
        ', '.join('%s %d' % item for item in sorted(figures.items())),
        '; drill copy: crons and mail servers off, new uuid' if drill else ''))
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('archive')
    parser.add_argument('database', help='the new database (must not exist)')
    parser.add_argument('-c', '--config', help='Odoo config file (connection, data_dir)')
    parser.add_argument('--data-dir', help='default: data_dir of the config')
    parser.add_argument('--drill', action='store_true',
                        help='a copy beside production: crons and mail off, new uuid')
    parser.add_argument('--jobs', type=int, default=2, help='parallel pg_restore jobs')
    args = parser.parse_args(argv)
    options, env = read_config(args.config)
    data_dir = args.data_dir or options.get('data_dir')
    if not data_dir:
        parser.error('where does the filestore go? --data-dir DIR (or data_dir in the config)')
    restore(args.archive, args.database, os.path.expanduser(data_dir), env,
            drill=args.drill, jobs=args.jobs)
    return 0


if __name__ == '__main__':
    sys.exit(main())
