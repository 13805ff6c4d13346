# -*- coding: utf-8 -*-
"""The server command (odoo/cli/server.py + odoo/service/server.py ThreadedServer, reduced)."""
import logging
import os
import signal
import socket
import sys
import threading
import time

try:
    import psycopg2
    import psycopg2.errorcodes
    import psycopg2.extensions
except ImportError:  # pragma: no cover - reported on use
    psycopg2 = None

from . import conf
from .conf import addons_paths, config, parse_config
from .http_server import Handler, ThreadedHTTPServer
from .loading import _SERVER_MODE, preload_registries
from .mail_queue import cron_thread
from .netsvc import log
from .release import CODE, DEFAULT_CODE, SERIES, VARIANT, adapt_version
from .sql_db import DatabaseExists, _require_psycopg2, create_empty_database

# ------------------------------------------------------------------------------------------------
# Server command (odoo/cli/server.py + odoo/service/server.py ThreadedServer, reduced)
# ------------------------------------------------------------------------------------------------
def report_configuration():
    lg = log('odoo')
    lg.info("Odoo version %s", SERIES)
    if conf.CONFIG_FILE and os.path.isfile(conf.CONFIG_FILE):
        lg.info("Using configuration file at %s", conf.CONFIG_FILE)
    lg.info('addons paths: %s', [os.path.join('/usr/lib/python3/dist-packages/odoo', 'addons')] + addons_paths())
    lg.info('database: %s@%s:%s', config['db_user'] or 'default', config['db_host'] or 'default',
            config['db_port'] or 'default')
    changed = sorted('%s=%s' % (m, v) for m, v in CODE.items()
                     if m not in DEFAULT_CODE or v != adapt_version(DEFAULT_CODE[m]))
    log('odoo.standin').info('stand-in: series %s, variant %s, code versions %s', SERIES, VARIANT,
                             ', '.join(changed) if changed else 'default (%s)' % ', '.join(
                                 '%s=%s' % (m, CODE[m]) for m in ('base', 'web', 'mail')))


_HTTPD = {'server': None}
_QUIT_SIGNALS = {'received': 0}


def install_signal_handlers():
    """Like Odoo's ThreadedServer: the first SIGTERM/SIGINT stops accepting connections and waits up to one second
    for the requests in progress (their threads are not daemons), a second one forces the exit at once."""
    def handler(sig, frame):
        _QUIT_SIGNALS['received'] += 1
        if _QUIT_SIGNALS['received'] > 1:
            sys.stderr.write("Forced shutdown.\n")
            os._exit(0)
        lg = log('odoo.service.server')
        lg.info("Initiating shutdown")
        lg.info("Hit CTRL-C again or send a second signal to force the shutdown.")
        stop_time = time.time()
        httpd = _HTTPD['server']
        if httpd is not None:
            threading.Thread(target=httpd.shutdown, name='odoo.service.httpd.shutdown', daemon=True).start()
        me = threading.current_thread()
        for thread in threading.enumerate():
            if thread is not me and not thread.daemon:
                while thread.is_alive() and (time.time() - stop_time) < 1:
                    # we wait for requests to finish, up to 1 second (a busy loop: join() would mask a second signal)
                    thread.join(0.05)
                    time.sleep(0.05)
        for h in logging.getLogger().handlers:
            try:
                h.flush()
            except Exception:
                pass
        os._exit(0)
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def check_root_user():
    if hasattr(os, 'geteuid') and os.geteuid() == 0:
        sys.stderr.write("Running as user 'root' is a security risk.\n")


def check_postgres_user():
    if (config['db_user'] or os.environ.get('PGUSER')) == 'postgres':
        sys.stderr.write("Using the database user 'postgres' is a security risk, aborting.")
        sys.exit(1)


def crash_at_start():
    lg = log('odoo.service.server')
    try:
        raise ImportError("No module named 'odoo.addons.standin_broken_dependency'")
    except ImportError:
        lg.critical("Failed to start the server (stand-in variant crash-at-start)", exc_info=True)
    sys.exit(1)


def server_main(args):
    check_root_user()
    parse_config(args)
    _require_psycopg2()
    check_postgres_user()
    report_configuration()
    if VARIANT == 'crash-at-start':
        crash_at_start()
    preload = []
    if config['db_name']:
        preload = [d.strip() for d in str(config['db_name']).split(',') if d.strip()]
        for db_name in preload:
            try:
                create_empty_database(db_name)
                config['init']['base'] = 1
            except psycopg2.ProgrammingError as err:
                if err.pgcode == psycopg2.errorcodes.INSUFFICIENT_PRIVILEGE:
                    log('odoo.cli.server').info("Could not determine if database %s exists, "
                                                "skipping auto-creation: %s", db_name, err)
                else:
                    raise
            except DatabaseExists:
                pass
    stop = bool(config['stop_after_init'])
    if config.get('pidfile'):
        with open(config['pidfile'], 'w') as fd:
            fd.write(str(os.getpid()))
    install_signal_handlers()
    http_wanted = bool(config['http_enable']) and not stop
    httpd = None
    if http_wanted:
        _SERVER_MODE['on'] = True
        interface = config['http_interface'] or '0.0.0.0'
        port = int(config['http_port'])
        httpd = ThreadedHTTPServer((interface, port), Handler)
        _HTTPD['server'] = httpd
        prefork = int(config['workers'] or 0) > 0
        if prefork:
            # PreforkServer: socket bound and listening, workers forked after preload_registries
            log('odoo.service.server').info('HTTP service (werkzeug) running on %s:%s', socket.getfqdn(interface), port)
        else:
            threading.Thread(target=httpd.serve_forever, name='odoo.service.httpd', daemon=True).start()
            log('odoo.service.server').info('HTTP service (werkzeug) running on %s:%s', httpd.server_name, port)
    rc = preload_registries(preload)
    if stop:
        log('odoo.service.server').info("Initiating shutdown")
        log('odoo.service.server').info("Hit CTRL-C again or send a second signal to force the shutdown.")
        logging.shutdown()
        sys.exit(rc & 0xff if rc < 0 else rc)
    if httpd is not None and int(config['workers'] or 0) > 0:
        threading.Thread(target=httpd.serve_forever, name='odoo.service.httpd', daemon=True).start()
    for i in range(int(config['max_cron_threads'] or 0)):
        if i > 0:
            break  # one mail-queue thread is enough: crons take a row lock anyway
        threading.Thread(target=cron_thread, args=(i,), name='odoo.service.cron.cron%d' % i, daemon=True).start()
    while True:
        time.sleep(3600)
