# -*- coding: utf-8 -*-
"""Release and image identity: the series, the variant, the versions of the modules this image's "code" ships."""
import os
import re
import sys

# ------------------------------------------------------------------------------------------------
# Release / image identity
# ------------------------------------------------------------------------------------------------
SERIES = os.environ.get('ODOO_SERIES', '17.0').strip() or '17.0'
if SERIES not in ('16.0', '17.0', '18.0'):
    sys.stderr.write("odoo stand-in: unsupported ODOO_SERIES %r (16.0, 17.0 or 18.0)\n" % SERIES)
    sys.exit(1)
MAJOR = int(SERIES.split('.')[0])
VERSION_INFO = [MAJOR, 0, 0, 'final', 0, '']
VARIANT = (os.environ.get('STANDIN_VARIANT') or 'good').strip()
VARIANTS = ('good', 'failing-upgrade', 'crash-at-start', 'health-500', 'slow-start')
if VARIANT not in VARIANTS:
    sys.stderr.write("odoo stand-in: unknown STANDIN_VARIANT %r (%s)\n" % (VARIANT, ', '.join(VARIANTS)))
    sys.exit(1)

# The modules this image's "code" ships and their manifest versions (the real 16/17/18 manifests;
# modules without a version get 1.0 like Odoo's adapt_version). `-u` writes these to
# ir_module_module.latest_version.
_MAIL = {16: '1.10', 17: '1.15', 18: '1.18'}[MAJOR]
_QUEUE_JOB = {16: '2.6.8', 17: '1.1.1', 18: '1.0.1'}[MAJOR]
DEFAULT_CODE = {
    'base': '1.3', 'web': '1.0', 'bus': '1.0', 'base_setup': '1.0', 'mail': _MAIL, 'contacts': '1.0',
    'auth_signup': '1.0', 'auth_oauth': '1.0', 'auth_totp': '1.0', 'resource': '1.1', 'hr': '1.1',
    'crm': '1.8', 'payment': '2.0', 'payment_stripe': '2.0', 'delivery': '1.0', 'website': '1.0',
    'iap': '1.1', 'calendar': '1.1', 'google_calendar': '1.0', 'microsoft_calendar': '1.0',
    'google_gmail': '1.2', 'microsoft_outlook': '1.1', 'queue_job': _QUEUE_JOB,
    'sale_management': '1.0', 'account': '1.2',
}


def adapt_version(version):
    """odoo.modules.module.adapt_version: prefix the series unless it is already there."""
    version = (version or '1.0').strip()
    if version == SERIES or not version.startswith(SERIES + '.'):
        version = '%s.%s' % (SERIES, version)
    return version


def parse_module_versions(text):
    result = {}
    for item in (text or '').replace(';', ',').split(','):
        item = item.strip()
        if not item:
            continue
        if '=' not in item:
            raise ValueError("MODULE_VERSIONS item %r is not module=version" % item)
        name, version = item.split('=', 1)
        result[name.strip()] = adapt_version(version.strip())
    return result


CODE = {name: adapt_version(v) for name, v in DEFAULT_CODE.items()}


def parse_code_fields(text):
    """STANDIN_CODE_FIELDS: [(table, column)] of the stored fields this image's code adds to the fixture models."""
    result = []
    for item in (text or '').replace(';', ',').split(','):
        item = item.strip()
        if not item:
            continue
        m = re.match(r'^(res_users|res_partner)\.(x_[a-z0-9_]+)$', item)
        if not m:
            raise ValueError("STANDIN_CODE_FIELDS item %r is not res_users.x_<name> or res_partner.x_<name>" % item)
        result.append((m.group(1), m.group(2)))
    return result


try:
    CODE_FIELDS = parse_code_fields(os.environ.get('STANDIN_CODE_FIELDS', ''))
except ValueError as _e:
    sys.stderr.write("odoo stand-in: %s\n" % _e)
    sys.exit(1)


def create_code_fields(cr):
    """The columns of the code's extra fields, as Odoo's _auto_init creates them during -i / -u."""
    for table, column in CODE_FIELDS:
        cr.execute('ALTER TABLE "%s" ADD COLUMN IF NOT EXISTS "%s" varchar' % (table, column))
try:
    CODE.update(parse_module_versions(os.environ.get('MODULE_VERSIONS', '')))
except ValueError as _e:
    sys.stderr.write("odoo stand-in: %s\n" % _e)
    sys.exit(1)


def version_info():
    return {'server_version': SERIES, 'server_version_info': VERSION_INFO, 'server_serie': SERIES,
            'protocol_version': 1}
