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
    level = {'debug': logging.DEBUG, 'debug_sql': logging.DEBUG, 'debug_rpc': logging.DEBUG,
             'debug_rpc_answer': logging.DEBUG, 'info': logging.INFO, 'warn': logging.WARNING,
             'error': logging.ERROR, 'critical': logging.CRITICAL, 'runbot': 25, 'test': logging.INFO,
             'notset': logging.NOTSET}.get(config.get('log_level') or 'info', logging.INFO)
    root.setLevel(level)
    for spec in config.get('log_handler') or []:
        if ':' in spec:
            prefix, lvl = spec.rsplit(':', 1)
            lg = logging.getLogger(prefix) if prefix else root
            lg.setLevel(getattr(logging, lvl.upper(), logging.INFO))


def log(name):
    return logging.getLogger(name)
