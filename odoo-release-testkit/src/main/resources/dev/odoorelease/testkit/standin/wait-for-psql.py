#!/usr/bin/env python3
"""Wait until PostgreSQL accepts a connection (to the `postgres` database), like the official
odoo/docker image's wait-for-psql.py: parameters from odoo.conf ($ODOO_RC) win over the command
line, which wins over PG* environment variables; exit 1 with "Database connection failure: ..."
when the timeout (seconds, default 5) passes."""
import argparse
import configparser
import os
import sys
import time

import psycopg2


def main():
    parser = argparse.ArgumentParser()
    for name in ('--db_host', '--db_port', '--db_user', '--db_password'):
        parser.add_argument(name)
    parser.add_argument('--timeout', type=int, default=5)
    args = parser.parse_args()

    from_conf = {}
    rc_file = os.environ.get('ODOO_RC')
    if rc_file:
        conf = configparser.RawConfigParser()
        conf.read(rc_file)
        if conf.has_section('options'):
            from_conf = dict(conf.items('options'))

    def pick(key, env):
        return from_conf.get(key) or getattr(args, key) or os.environ.get(env)

    params = {'db_host': pick('db_host', 'PGHOST'), 'db_port': pick('db_port', 'PGPORT'),
              'db_user': pick('db_user', 'PGUSER'), 'db_password': pick('db_password', 'PGPASSWORD')}
    missing = [k for k, v in params.items() if v is None]
    if missing:
        print("Missing required database parameters: %s" % ', '.join(missing), file=sys.stderr)
        sys.exit(1)

    error = None
    start = time.time()
    while (time.time() - start) < args.timeout:
        try:
            conn = psycopg2.connect(host=params['db_host'], port=params['db_port'], user=params['db_user'],
                                    password=params['db_password'], dbname='postgres')
        except psycopg2.OperationalError as e:
            error = e
            time.sleep(1)
            continue
        conn.close()
        error = None
        break
    if error:
        print("Database connection failure: %s" % error, file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
