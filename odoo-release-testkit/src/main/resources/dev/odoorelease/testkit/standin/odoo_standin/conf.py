# -*- coding: utf-8 -*-
"""Configuration: command line and config file (odoo/tools/config.py, reduced)."""
import configparser
import optparse
import os
import sys

from .netsvc import init_logger
from .release import MAJOR, SERIES

# ------------------------------------------------------------------------------------------------
# Configuration (odoo/tools/config.py, reduced)
# ------------------------------------------------------------------------------------------------
PROG = os.path.basename(sys.argv[0]) or 'odoo'
DEFAULTS = {
    'config': None, 'init': {}, 'update': {}, 'without_demo': False, 'pidfile': None,
    'addons_path': None, 'upgrade_path': None, 'server_wide_modules': 'base,web', 'data_dir': None,
    'http_interface': '', 'http_port': 8069, 'gevent_port': 8072, 'longpolling_port': 0,
    'http_enable': True, 'proxy_mode': False, 'x_sendfile': False, 'dbfilter': '',
    'logfile': None, 'syslog': False, 'log_handler': [':INFO'], 'log_db': False, 'log_level': 'info',
    'email_from': False, 'from_filter': False, 'smtp_server': 'localhost', 'smtp_port': 25,
    'smtp_ssl': False, 'smtp_user': False, 'smtp_password': False,
    'db_name': False, 'db_user': False, 'db_password': False, 'pg_path': None, 'db_host': False,
    'db_port': False, 'db_sslmode': 'prefer', 'db_maxconn': 64, 'db_template': 'template0',
    'load_language': None, 'list_db': True, 'dev_mode': [], 'stop_after_init': False,
    'max_cron_threads': 2, 'unaccent': False, 'workers': 0, 'limit_time_real': 120,
    'limit_time_cpu': 60, 'limit_memory_soft': 2048 * 1024 * 1024, 'limit_memory_hard': 2560 * 1024 * 1024,
    'limit_request': 2 ** 16, 'limit_time_real_cron': -1, 'test_enable': False, 'admin_passwd': 'admin',
    'csv_internal_sep': ',', 'osv_memory_count_limit': 0, 'transient_age_limit': 1.0,
}
INT_KEYS = {'http_port', 'gevent_port', 'longpolling_port', 'smtp_port', 'db_maxconn', 'max_cron_threads',
            'workers', 'limit_time_real', 'limit_time_cpu', 'limit_memory_soft', 'limit_memory_hard',
            'limit_request', 'limit_time_real_cron', 'osv_memory_count_limit'}
BOOL_KEYS = {'http_enable', 'proxy_mode', 'x_sendfile', 'syslog', 'smtp_ssl', 'list_db', 'stop_after_init',
             'unaccent', 'test_enable'}
LOG_LEVELS = ['info', 'debug_rpc', 'warn', 'test', 'critical', 'runbot', 'debug_sql', 'error', 'debug',
              'debug_rpc_answer', 'notset']

config = dict(DEFAULTS)
CONFIG_FILE = None


def _default_data_dir():
    home = os.path.expanduser('~')
    if home and home != '~' and os.path.isdir(home) and os.access(home, os.W_OK):
        return os.path.join(home, '.local', 'share', 'Odoo')
    return '/var/lib/odoo'


def build_parser(extra_group=None):
    parser = optparse.OptionParser(prog=PROG, usage="%prog [options]",
                                   version="Odoo Server %s" % SERIES)
    add = parser.add_option
    add("-c", "--config", dest="config", help="specify alternate config file")
    add("-s", "--save", action="store_true", dest="save", help="save configuration to ~/.odoorc")
    add("-i", "--init", dest="init", help="install one or more modules (comma-separated list)")
    add("-u", "--update", dest="update", help="update one or more modules (comma-separated list, use \"all\" for all modules)")
    add("--without-demo", dest="without_demo", help="disable loading demo data for modules to be installed")
    add("-P", "--import-partial", dest="import_partial")
    add("--pidfile", dest="pidfile", help="file where the server pid will be stored")
    add("--addons-path", dest="addons_path", type="string", action="callback", callback=_check_addons_path,
        help="specify additional addons paths (separated by commas).")
    add("--upgrade-path", dest="upgrade_path")
    if MAJOR >= 17:
        add("--pre-upgrade-scripts", dest="pre_upgrade_scripts")
    add("--load", dest="server_wide_modules", help="Comma-separated list of server-wide modules.")
    add("-D", "--data-dir", dest="data_dir", help="Directory where to store Odoo data")
    add("--http-interface", dest="http_interface")
    add("-p", "--http-port", dest="http_port", type="int")
    if MAJOR < 18:
        add("--longpolling-port", dest="longpolling_port", type="int")
    add("--gevent-port", dest="gevent_port", type="int")
    add("--no-http", dest="http_enable", action="store_false")
    add("--proxy-mode", dest="proxy_mode", action="store_true")
    add("--x-sendfile", dest="x_sendfile", action="store_true")
    add("--xmlrpc-interface", dest="http_interface", help=optparse.SUPPRESS_HELP)
    add("--xmlrpc-port", dest="http_port", type="int", help=optparse.SUPPRESS_HELP)
    add("--no-xmlrpc", dest="http_enable", action="store_false", help=optparse.SUPPRESS_HELP)
    add("--db-filter", dest="dbfilter", metavar="REGEXP")
    add("--test-enable", dest="test_enable", action="store_true")
    add("--test-tags", dest="test_tags")
    add("--logfile", dest="logfile")
    add("--syslog", action="store_true", dest="syslog")
    add("--log-handler", action="append", dest="log_handler", metavar="PREFIX:LEVEL")
    add("--log-web", action="append_const", dest="log_handler", const="odoo.http:DEBUG")
    add("--log-sql", action="append_const", dest="log_handler", const="odoo.sql_db:DEBUG")
    add("--log-db", dest="log_db")
    add("--log-db-level", dest="log_db_level")
    add("--log-level", dest="log_level", type="choice", choices=LOG_LEVELS)
    add("--email-from", dest="email_from")
    add("--from-filter", dest="from_filter")
    add("--smtp", dest="smtp_server", help="specify the SMTP server for sending email")
    add("--smtp-port", dest="smtp_port", type="int")
    add("--smtp-ssl", dest="smtp_ssl", action="store_true")
    add("--smtp-user", dest="smtp_user")
    add("--smtp-password", dest="smtp_password")
    add("--smtp-ssl-certificate-filename", dest="smtp_ssl_certificate_filename")
    add("--smtp-ssl-private-key-filename", dest="smtp_ssl_private_key_filename")
    add("-d", "--database", dest="db_name")
    add("-r", "--db_user", dest="db_user")
    add("-w", "--db_password", dest="db_password")
    add("--pg_path", dest="pg_path")
    add("--db_host", dest="db_host")
    add("--db_port", dest="db_port")
    add("--db_sslmode", dest="db_sslmode", type="choice",
        choices=['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'])
    add("--db_maxconn", dest="db_maxconn", type="int")
    add("--db-template", dest="db_template")
    add("--load-language", dest="load_language")
    add("-l", "--language", dest="language")
    add("--no-database-list", action="store_false", dest="list_db")
    add("--dev", dest="dev_mode", type="string")
    add("--shell-interface", dest="shell_interface", type="string")
    add("--stop-after-init", action="store_true", dest="stop_after_init")
    add("--osv-memory-count-limit", dest="osv_memory_count_limit", type="int")
    add("--transient-age-limit", dest="transient_age_limit", type="float")
    add("--max-cron-threads", dest="max_cron_threads", type="int")
    add("--unaccent", dest="unaccent", action="store_true")
    add("--geoip-city-db", "--geoip-db", dest="geoip_city_db")
    add("--workers", dest="workers", type="int")
    add("--limit-memory-soft", dest="limit_memory_soft", type="int")
    add("--limit-memory-hard", dest="limit_memory_hard", type="int")
    add("--limit-time-cpu", dest="limit_time_cpu", type="int")
    add("--limit-time-real", dest="limit_time_real", type="int")
    add("--limit-time-real-cron", dest="limit_time_real_cron", type="int")
    add("--limit-request", dest="limit_request", type="int")
    if extra_group:
        extra_group(parser)
    return parser


def _check_addons_path(option, opt, value, parser):
    paths = []
    for path in value.split(','):
        path = path.strip()
        if not path:
            continue
        res = os.path.abspath(os.path.expanduser(path))
        if not os.path.isdir(res):
            raise optparse.OptionValueError("option %s: no such directory: %r" % (opt, res))
        paths.append(res)
    setattr(parser.values, option.dest, ",".join(paths))


def _cast(key, value):
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ('false', 'none', ''):
            return False if key not in INT_KEYS else DEFAULTS.get(key)
        if low == 'true':
            return True
        if key in INT_KEYS:
            try:
                return int(value)
            except ValueError:
                return DEFAULTS.get(key)
    return value


def parse_config(args, extra_group=None):
    """odoo.tools.config.parse_config: defaults < config file < command line."""
    global CONFIG_FILE
    parser = build_parser(extra_group)
    opt, rest = parser.parse_args(args)
    if rest:
        parser.error("unrecognized parameters: '%s'" % " ".join(rest))
    if opt.config and not os.access(opt.config, os.R_OK):
        parser.error("The config file '%s' selected with -c/--config doesn't exist or is not readable, "
                     "use -s/--save if you want to generate it" % opt.config)
    rcfile = opt.config or os.environ.get('ODOO_RC') or os.path.expanduser('~/.odoorc')
    CONFIG_FILE = os.path.abspath(rcfile)
    if os.path.isfile(rcfile):
        cp = configparser.RawConfigParser()
        try:
            cp.read([rcfile])
            for key, value in cp.items('options'):
                if key == 'xmlrpc_port':
                    key = 'http_port'
                elif key == 'xmlrpc_interface':
                    key = 'http_interface'
                elif key == 'xmlrpc':
                    key = 'http_enable'
                config[key] = _cast(key, value)
        except (configparser.Error, IOError):
            pass
    for key, value in vars(opt).items():
        if key in ('init', 'update', 'save', 'config', 'import_partial', 'test_tags', 'language',
                   'shell_interface', 'log_db_level', 'pre_upgrade_scripts'):
            continue
        if value is not None:
            if key == 'log_handler':
                config[key] = list(DEFAULTS['log_handler']) + list(value)
            elif key == 'dev_mode':
                config[key] = [v.strip() for v in value.split(',') if v.strip()]
            else:
                config[key] = value
    config['config'] = opt.config
    if isinstance(config.get('db_name'), str) and ',' in config['db_name'] and (opt.init or opt.update):
        parser.error("Cannot use -i/--init or -u/--update with multiple databases in the -d/--database/db_name")
    for key in ('init', 'update'):
        value = getattr(opt, key)
        config[key] = {m.strip(): 1 for m in (value or '').split(',') if m.strip()}
    config['without_demo'] = opt.without_demo or config.get('without_demo')
    for key in INT_KEYS:
        if isinstance(config.get(key), str):
            config[key] = _cast(key, config[key])
    if not config.get('data_dir'):
        config['data_dir'] = _default_data_dir()
    config['data_dir'] = os.path.abspath(os.path.expanduser(str(config['data_dir'])))
    if config.get('db_port') in (False, None, ''):
        config['db_port'] = False
    init_logger(config)
    return opt


def filestore(dbname):
    return os.path.join(config['data_dir'], 'filestore', dbname)


def addons_paths():
    return [p for p in str(config.get('addons_path') or '').split(',') if p and p != 'False']
