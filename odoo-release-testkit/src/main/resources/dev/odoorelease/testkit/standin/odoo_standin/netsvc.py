# -*- coding: utf-8 -*-
"""Logging: Odoo's log line format (odoo/netsvc.py)."""
import logging
import os
import sys
import threading

# ------------------------------------------------------------------------------------------------
# Logging (odoo/netsvc.py): "%(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s"
# ------------------------------------------------------------------------------------------------
logging.addLevelName(25, "INFO")  # runbot level, printed as INFO like odoo
_logger = logging.getLogger('odoo')


class DBFormatter(logging.Formatter):
    def format(self, record):
        record.pid = os.getpid()
        record.dbname = getattr(threading.current_thread(), 'dbname', '?')
        return logging.Formatter.format(self, record)


_LOGGER_READY = False


def init_logger(config):
    """Once, from the parsed configuration (its logfile, log_level and log_handler)."""
    global _LOGGER_READY
    if _LOGGER_READY:
        return
    _LOGGER_READY = True
    if config.get('logfile'):
        handler = logging.FileHandler(config['logfile'])
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(DBFormatter('%(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s'))
    root = logging.getLogger()
    root.handlers = [handler]
    # odoo/netsvc.py init_logger (16-18): DEFAULT_LOG_CONFIGURATION + PSEUDOCONFIG_MAPPER[log_level] + log_handler,
    # applied in that order; a --log-level above info also silences werkzeug (its request lines), although the
    # default log_handler ':INFO' sets the root back to INFO
    pseudo = {'debug_rpc_answer': ['odoo:DEBUG', 'odoo.sql_db:INFO', 'odoo.http.rpc:DEBUG'],
              'debug_rpc': ['odoo:DEBUG', 'odoo.sql_db:INFO', 'odoo.http.rpc.request:DEBUG'],
              'debug': ['odoo:DEBUG', 'odoo.sql_db:INFO'], 'debug_sql': ['odoo.sql_db:DEBUG'], 'info': [],
              'runbot': ['odoo:RUNBOT', 'werkzeug:WARNING'], 'warn': ['odoo:WARNING', 'werkzeug:WARNING'],
              'error': ['odoo:ERROR', 'werkzeug:ERROR'], 'critical': ['odoo:CRITICAL', 'werkzeug:CRITICAL']}
    specs = ['odoo.http.rpc.request:INFO', 'odoo.http.rpc.response:INFO', ':INFO'] \
        + pseudo.get(config.get('log_level') or 'info', []) + list(config.get('log_handler') or [])
    for spec in specs:
        if ':' in spec:
            prefix, lvl = spec.strip().rsplit(':', 1)
            lg = logging.getLogger(prefix) if prefix else root
            lg.setLevel(25 if lvl.upper() == 'RUNBOT' else getattr(logging, lvl.upper(), logging.INFO))


def log(name):
    return logging.getLogger(name)
