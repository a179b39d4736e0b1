"""Back up one database of 帮您办: ``pg_dump -Fc`` and its filestore in one dated archive.

    backup.py [-c ODOO_CONF] [-d DB] [--data-dir DIR] [-o OUTDIR] [--keep-days N]

The archive ``OUTDIR/<db>-<YYYYmmdd-HHMMSS>.tar`` holds MANIFEST.json (database,
time, Odoo and module versions, counts, SHA-256 of the dump), db.dump and
filestore/<files>. The dump and the list of files come from one snapshot of the
database (pg_export_snapshot): the archive holds exactly the files that the dumped
attachments use, whatever is written meanwhile. A file missing from the filestore is
reported and makes the backup fail (exit 1), so that nobody trusts a broken archive.
``--keep-days`` deletes this database's archives older than that in OUTDIR.

Connection settings (db_host, db_port, db_user, db_password) and data_dir come from the
Odoo config when given. Runs on a live database: nodes keep serving.
"""
import argparse
import configparser
import datetime
import glob
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time

import psycopg2

COUNTS = {
    'cases': 'SELECT count(*) FROM agency_case',
    'case_lines': 'SELECT count(*) FROM agency_case_line',
    'attachments': 'SELECT count(*) FROM ir_attachment',
    'stored_files': 'SELECT count(DISTINCT store_fname) FROM ir_attachment '
                    'WHERE store_fname IS NOT NULL',
    'users': 'SELECT count(*) FROM res_users',
}


def log(message):
    sys.stderr.write('[backup] %s\n' % message)
    sys.stderr.flush()


def read_config(path):
    """db_name, data_dir and the libpq environment of an Odoo config (or nothing)."""
    options = {}
    if path:
        config = configparser.ConfigParser(interpolation=None)
        if not config.read(path):
            raise SystemExit('cannot read %s' % path)
        options = dict(config['options'])
    env = dict(os.environ)
    for option, variable in (('db_host', 'PGHOST'), ('db_port', 'PGPORT'),
                             ('db_user', 'PGUSER'), ('db_password', 'PGPASSWORD')):
        value = options.get(option)
        if value and value.lower() not in ('false', 'none'):
            env[variable] = value
    return options, env


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def counts(cr):
    result = {}
    for name, query in COUNTS.items():
        cr.execute(query)
        result[name] = cr.fetchone()[0]
    return result


def backup(db, data_dir, outdir, env):
    os.makedirs(outdir, exist_ok=True)
    stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S')
    archive = os.path.join(outdir, '%s-%s.tar' % (db, stamp))
    filestore = os.path.join(data_dir, 'filestore', db)
    started = time.time()
    connection = psycopg2.connect(dbname=db, host=env.get('PGHOST'), port=env.get('PGPORT'),
                                  user=env.get('PGUSER'), password=env.get('PGPASSWORD'))
    try:
        connection.set_session(isolation_level='REPEATABLE READ', readonly=True)
        cr = connection.cursor()
        cr.execute('SELECT pg_export_snapshot()')
        snapshot = cr.fetchone()[0]
        cr.execute("SELECT DISTINCT store_fname FROM ir_attachment "
                   "WHERE store_fname IS NOT NULL ORDER BY store_fname")
        files = [row[0] for row in cr.fetchall()]
        figures = counts(cr)
        cr.execute("SELECT name, latest_version FROM ir_module_module "
                   "WHERE name IN ('base', 'investment_agency')")
        versions = dict(cr.fetchall())
        with tempfile.TemporaryDirectory(dir=outdir, prefix='.backup-') as tmp:
            dump = os.path.join(tmp, 'db.dump')
            # The dump sees the database as the snapshot does: the files listed above.
            subprocess.run(['pg_dump', '-Fc', '--no-owner', '--snapshot', snapshot,
                            '-f', dump, db], env=env, check=True)
            connection.rollback()
            missing = [name for name in files
                       if not os.path.isfile(os.path.join(filestore, name))]
            manifest = {
                'database': db,
                'created': datetime.datetime.now().isoformat(timespec='seconds'),
                'base_version': versions.get('base'),
                'module_version': versions.get('investment_agency'),
                'counts': figures,
                'dump_sha256': sha256(dump),
                'files': len(files) - len(missing),
                'missing_files': missing,
            }
            partial = archive + '.partial'
            with tarfile.open(partial, 'w') as tar:
                data = json.dumps(manifest, indent=2).encode('utf-8')
                info = tarfile.TarInfo('MANIFEST.json')
                info.size, info.mtime = len(data), time.time()
                tar.addfile(info, io.BytesIO(data))
                tar.add(dump, 'db.dump')
                for name in files:
                    if name not in missing:
                        tar.add(os.path.join(filestore, name), 'filestore/' + name)
            os.rename(partial, archive)
    finally:
        connection.close()
    with open(archive + '.sha256', 'w') as handle:
        handle.write('%s  %s\n' % (sha256(archive), os.path.basename(archive)))
    log('%s: %d MB, %d files, %s, %.1f s' % (
        archive, os.path.getsize(archive) // (1 << 20), manifest['files'],
        ', '.join('%s %d' % item for item in sorted(figures.items())), time.time() - started))
    if missing:
        log('ERROR: %d files of attachments are missing from %s, e.g. %s' % (
            len(missing), filestore, ', '.join(missing[:5])))
    return archive, manifest


def prune(db, outdir, keep_days):
    limit = time.time() - keep_days * 86400
    for path in glob.glob(os.path.join(outdir, '%s-[0-9]*-[0-9]*.tar' % glob.escape(db))):
        if os.path.getmtime(path) < limit:
            log('deleting %s (older than %d days)' % (path, keep_days))
            os.remove(path)
            if os.path.exists(path + '.sha256'):
                os.remove(path + '.sha256')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', help='Odoo config file of the nodes')
    parser.add_argument('-d', '--database', help='default: db_name of the config')
    parser.add_argument('--data-dir', help='default: data_dir of the config')
    parser.add_argument('-o', '--outdir', default='backups')
    parser.add_argument('--keep-days', type=int, help='delete older archives of the database')
    args = parser.parse_args(argv)
    options, env = read_config(args.config)
    db = args.database or options.get('db_name')
    data_dir = args.data_dir or options.get('data_dir')
    if not db or db.lower() == 'false' or ',' in db:
        parser.error('which database? -d DB (or one db_name in the config)')
    if not data_dir:
        parser.error('where is the filestore? --data-dir DIR (or data_dir in the config)')
    archive, manifest = backup(db, os.path.expanduser(data_dir), args.outdir, env)
    if args.keep_days:
        prune(db, args.outdir, args.keep_days)
    print(archive)
    return 1 if manifest['missing_files'] else 0


if __name__ == '__main__':
    sys.exit(main())
