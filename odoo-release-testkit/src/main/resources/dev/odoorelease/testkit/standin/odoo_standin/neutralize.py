# -*- coding: utf-8 -*-
"""The neutralize command and each module's neutralization SQL (odoo/cli/neutralize.py + modules/neutralize.py)."""
import optparse
import os
import sys
import threading

try:
    import psycopg2
    import psycopg2.errorcodes
    import psycopg2.extensions
except ImportError:  # pragma: no cover - reported on use
    psycopg2 = None

from . import conf
from .conf import addons_paths, config, parse_config
from .netsvc import log
from .release import CODE, MAJOR
from .sql_db import _require_psycopg2, db_connect

# ------------------------------------------------------------------------------------------------
# Neutralization SQL per module and series: the effects of each module's data/neutralize.sql in the
# real 16.0 (later 16.0 patches), 17.0 and 18.0 trees.
# ------------------------------------------------------------------------------------------------
_BASE_NEUTRALIZE = """-- deactivate mail servers
UPDATE ir_mail_server
   SET active = false;

-- insert dummy mail server to prevent using fallback servers specified using command line
INSERT INTO ir_mail_server(name, smtp_port, smtp_host, smtp_encryption, active, smtp_authentication)
VALUES ('neutralization - disable emails', 1025, 'invalid', 'none', true, 'login');

-- deactivate crons
UPDATE ir_cron
   SET active = false
 WHERE id NOT IN (
       SELECT res_id
         FROM ir_model_data
        WHERE model = 'ir.cron'
          AND name = 'autovacuum_job'
          AND module = 'base'
);

-- neutralization flag for the database
INSERT INTO ir_config_parameter (key, value)
VALUES ('database.is_neutralized', true)
    ON CONFLICT (key) DO
       UPDATE SET value = true;"""
_WEBHOOKS = """

-- deactivate webhooks
UPDATE ir_act_server
   SET webhook_url = 'neutralization - disable webhook'
 WHERE state = 'webhook';"""
_MAIL_16 = """-- deactivate mail template
UPDATE mail_template
   SET mail_server_id = NULL;
-- deactivate fetchmail server
UPDATE fetchmail_server
   SET active = false;"""
_MAIL_PUSH = """

-- reset WEB Push Notification:
-- * delete VAPID/JWT keys
DELETE FROM ir_config_parameter
    WHERE key IN ('mail.web_push_vapid_private_key', 'mail.web_push_vapid_public_key', 'mail.sfu_server_key');
-- * delete delayed messages (CRON)
TRUNCATE %s;
-- * delete Devices for each partners
TRUNCATE %s CASCADE;"""
_IAP_16 = """UPDATE iap_account SET account_token = REGEXP_REPLACE(account_token, '(\\+.*)?$', '+disabled');"""
_IAP_17 = """-- happy path
UPDATE iap_account
SET account_token = REGEXP_REPLACE(account_token, '(\\+.*)?$', '+disabled')
WHERE LENGTH(account_token) <= 33;
-- Legacy (invalid) records (pre v17)
UPDATE iap_account
SET account_token = 'dummy_value+disabled'
WHERE LENGTH(account_token) > 33
    AND account_token NOT LIKE '%+disabled';"""

NEUTRALIZE_SQL = {
    'base': _BASE_NEUTRALIZE if MAJOR == 16 else _BASE_NEUTRALIZE + _WEBHOOKS,
    'mail': {16: _MAIL_16,
             17: _MAIL_16 + _MAIL_PUSH % ('mail_notification_web_push', 'mail_partner_device'),
             18: _MAIL_16 + _MAIL_PUSH % ('mail_push', 'mail_push_device')}[MAJOR],
    'web': """-- activate neutralization watermarks
UPDATE ir_ui_view
   SET active = true
 WHERE key = 'web.neutralize_banner';""",
    'website': """-- delete domains on websites
UPDATE website
   SET domain = NULL;

-- activate neutralization watermarks
UPDATE ir_ui_view
   SET active = true
 WHERE key = 'website.neutralize_ribbon';

-- disable cdn
UPDATE website
   SET cdn_activated = false;

-- Update robots.txt to disallow all crawling
UPDATE website
   SET robots_txt = E'User-agent: *\\nDisallow: /';""",
    'payment': """-- disable generic payment provider
UPDATE payment_provider
   SET state = 'disabled'
 WHERE state NOT IN ('test', 'disabled');""",
    'payment_stripe': """-- disable stripe payment provider
UPDATE payment_provider
   SET stripe_secret_key = NULL,
       stripe_publishable_key = NULL,
       stripe_webhook_secret = NULL;""",
    'delivery': """-- disable prod environment in all delivery carriers
UPDATE delivery_carrier
   SET prod_environment = false;
-- disable delivery carriers from external providers
UPDATE delivery_carrier
   SET active = false
   WHERE delivery_type NOT IN ('fixed', 'base_on_rule');""",
    'auth_oauth': """-- disable oauth providers
UPDATE auth_oauth_provider
   SET enabled = false;""",
    'iap': _IAP_16 if MAJOR == 16 else _IAP_17,
}
NEUTRALIZE_SQL['google_calendar'] = """-- neutralization of Google calendar
UPDATE %s
    SET %s = NULL,
        %s = NULL,
        %s = True;""" % (('google_calendar_credentials', 'calendar_rtoken', 'calendar_token', 'synchronization_stopped')
                         if MAJOR < 18 else
                         ('res_users_settings', 'google_calendar_rtoken', 'google_calendar_token', 'google_synchronization_stopped'))
NEUTRALIZE_SQL['microsoft_calendar'] = {
    16: """-- neutralization of Microsoft calendar
UPDATE res_users
    SET microsoft_calendar_token = NULL,
        microsoft_calendar_rtoken = NULL,
        microsoft_synchronization_stopped = True;""",
    17: """-- neutralization of Microsoft calendar
UPDATE res_users
    SET microsoft_calendar_token = NULL,
        microsoft_calendar_rtoken = NULL;

UPDATE microsoft_calendar_credentials
    SET calendar_sync_token = NULL,
        synchronization_stopped = True,
        last_sync_date = NULL;""",
    18: """-- neutralization of Microsoft calendar
UPDATE res_users
    SET microsoft_calendar_token = NULL,
        microsoft_calendar_rtoken = NULL;

UPDATE res_users_settings
    SET microsoft_calendar_sync_token = NULL,
        microsoft_synchronization_stopped = True,
        microsoft_last_sync_date = NULL;"""}[MAJOR]
if os.environ.get('STANDIN_OCA_QUEUE_NEUTRALIZE', '0').strip().lower() in ('1', 'true', 'yes'):
    NEUTRALIZE_SQL['queue_job'] = """UPDATE queue_job
SET state = 'cancelled'
WHERE state in ('wait_dependencies', 'pending', 'enqueued', 'started');"""


# ------------------------------------------------------------------------------------------------
# neutralize command (odoo/cli/neutralize.py + odoo/modules/neutralize.py)
# ------------------------------------------------------------------------------------------------
def get_installed_modules(cr):
    cr.execute("""
        SELECT name
          FROM ir_module_module
         WHERE state IN ('installed', 'to upgrade', 'to remove');
    """)
    return [r[0] for r in cr.fetchall()]


def get_neutralization_queries(modules):
    """For each installed module whose code is on the addons path: <module>/data/neutralize.sql.
    Custom addons paths (--addons-path) are searched first; then the stand-in's built-in modules.
    A module without code is silently skipped, like Odoo does."""
    for module in modules:
        found = False
        for path in addons_paths():
            candidate = os.path.join(path, module, 'data', 'neutralize.sql')
            if os.path.isfile(candidate):
                with open(candidate, encoding='utf-8') as f:
                    yield f.read().strip()
                found = True
                break
        if found:
            continue
        if module in CODE and NEUTRALIZE_SQL.get(module):
            yield NEUTRALIZE_SQL[module].strip()


def neutralize_main(args):
    def add_group(parser):
        group = optparse.OptionGroup(parser, "Neutralize", "Neutralize the database specified by the `-d` argument.")
        group.add_option("--stdout", action="store_true", dest="to_stdout",
                         help="Output the neutralization SQL instead of applying it")
        parser.add_option_group(group)
    conf.PROG = '%s neutralize' % conf.PROG
    opt = parse_config(args, extra_group=add_group)
    lg = log('odoo.cli.neutralize')
    dbname = config['db_name']
    if not dbname:
        lg.error('Neutralize command needs a database name. Use "-d" argument')
        sys.exit(1)
    if not opt.to_stdout:
        lg.info("Starting %s database neutralization", dbname)
    try:
        _require_psycopg2()
        threading.current_thread().dbname = dbname
        conn = db_connect(dbname)
        try:
            cr = conn.cursor()
            if opt.to_stdout:
                queries = get_neutralization_queries(get_installed_modules(cr))
                print('BEGIN;')
                for query in queries:
                    print(query.rstrip(";") + ";")
                print("COMMIT;")
                conn.rollback()
            else:
                for query in get_neutralization_queries(get_installed_modules(cr)):
                    try:
                        cr.execute(query)
                    except psycopg2.Error as e:
                        log('odoo.sql_db').error("bad query: %s\nERROR: %s", query, str(e).strip())
                        raise
                log('odoo.modules.neutralize').info("Neutralization finished")
                conn.commit()
        finally:
            conn.close()
    except Exception:
        lg.critical("An error occurred during the neutralization. THE DATABASE IS NOT NEUTRALIZED!")
        sys.exit(1)
