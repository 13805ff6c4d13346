# -*- coding: utf-8 -*-
"""Database access (odoo/sql_db.py, reduced) and the schema fixture of this series."""
import os
import re
import sys

try:
    import psycopg2
    import psycopg2.errorcodes
    import psycopg2.extensions
except ImportError:  # pragma: no cover - reported on use
    psycopg2 = None

from .conf import config
from .netsvc import log
from .release import MAJOR

# ------------------------------------------------------------------------------------------------
# Database access (odoo/sql_db.py, reduced)
# ------------------------------------------------------------------------------------------------
def _require_psycopg2():
    if psycopg2 is None:
        sys.stderr.write("odoo stand-in: python3-psycopg2 is required (apt-get install python3-psycopg2)\n")
        sys.exit(1)


def connection_info(dbname):
    info = {'dbname': dbname, 'application_name': 'odoo-%d' % os.getpid()}
    for key, param in (('db_host', 'host'), ('db_port', 'port'), ('db_user', 'user'),
                       ('db_password', 'password')):
        value = config.get(key)
        if value not in (False, None, ''):
            info[param] = str(value)
    if config.get('db_sslmode') and config['db_sslmode'] != 'prefer':
        info['sslmode'] = config['db_sslmode']
    return info


def db_connect(dbname, autocommit=False):
    _require_psycopg2()
    conn = psycopg2.connect(**connection_info(dbname))
    conn.autocommit = autocommit
    return conn


class DatabaseExists(Warning):
    pass


def list_dbs(force=False):
    """odoo.service.db.list_dbs: databases owned by the current role (or just db_name)."""
    if not config['list_db'] and not force:
        raise Exception("AccessDenied")
    if not config['dbfilter'] and config['db_name']:
        return sorted(db.strip() for db in str(config['db_name']).split(','))
    templates = tuple({'postgres', config['db_template']})
    conn = db_connect('postgres', autocommit=True)
    try:
        with conn.cursor() as cr:
            cr.execute("""SELECT datname FROM pg_database
                          WHERE datdba = (SELECT usesysid FROM pg_user WHERE usename = current_user)
                            AND NOT datistemplate AND datallowconn AND datname NOT IN %s
                          ORDER BY datname""", (templates,))
            return [r[0] for r in cr.fetchall()]
    finally:
        conn.close()


def db_filter(dbs, host=None):
    """odoo.http.db_filter."""
    if config['dbfilter']:
        host = (host or '').partition(':')[0]
        if host.startswith('www.'):
            host = host[4:]
        domain = host.partition('.')[0]
        pattern = config['dbfilter'].replace('%h', re.escape(host)).replace('%d', re.escape(domain))
        return [db for db in dbs if re.match(pattern, db)]
    if config['db_name']:
        exposed = {db.strip() for db in str(config['db_name']).split(',')}
        return sorted(exposed.intersection(dbs))
    return list(dbs)


def db_list(host=None):
    try:
        dbs = list_dbs(True)
    except Exception:
        return []
    return db_filter(dbs, host)


def exist_db(dbname):
    try:
        conn = db_connect('postgres', autocommit=True)
    except psycopg2.Error:
        return False
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
            return bool(cr.fetchone())
    finally:
        conn.close()


def create_empty_database(name):
    """odoo.service.db._create_empty_database."""
    conn = db_connect('postgres', autocommit=True)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT datname FROM pg_database WHERE datname = %s", (name,))
            if cr.fetchall():
                raise DatabaseExists("database %r already exists!" % (name,))
            collate = "LC_COLLATE 'C'" if config['db_template'] == 'template0' else ""
            cr.execute('CREATE DATABASE "%s" ENCODING \'unicode\' %s TEMPLATE "%s"'
                       % (name.replace('"', '""'), collate, str(config['db_template']).replace('"', '""')))
    finally:
        conn.close()
    log('odoo.service.db').info('Create database `%s`.', name)
    conn = db_connect(name)
    try:
        with conn.cursor() as cr:
            cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            if config['unaccent']:
                cr.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        conn.commit()
    finally:
        conn.close()


def table_exists(cr, table):
    cr.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind IN ('r', 'v', 'm', 'f', 'p')", (table,))
    return bool(cr.fetchone())


def column_exists(cr, table, column):
    cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
               (table, column))
    return bool(cr.fetchone())


def get_param(cr, key, default=None):
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (key,))
    row = cr.fetchone()
    return row[0] if row else default


def set_param(cr, key, value):
    cr.execute("""INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date)
                  VALUES (%s, %s, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC')
                  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = EXCLUDED.write_date""",
               (key, value))


# ------------------------------------------------------------------------------------------------
# Schema fixture lookup
# ------------------------------------------------------------------------------------------------
def schema_file():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    name = 'odoo%d.sql' % MAJOR
    candidates = []
    if os.environ.get('STANDIN_HOME'):
        home = os.environ['STANDIN_HOME']
        candidates += [os.path.join(home, 'schema', name), os.path.join(home, name)]
    candidates += [os.path.join(here, 'schema', name), os.path.join(here, '..', 'schema', name),
                   os.path.join('/usr/share/odoo-standin/schema', name)]
    for c in candidates:
        if os.path.isfile(c):
            return os.path.abspath(c)
    raise FileNotFoundError("schema fixture %s not found (looked in %s); set STANDIN_HOME" % (name, ', '.join(candidates)))
