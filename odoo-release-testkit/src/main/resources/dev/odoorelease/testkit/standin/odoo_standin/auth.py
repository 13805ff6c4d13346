# -*- coding: utf-8 -*-
"""Passwords and logins (res.users: passlib pbkdf2_sha512 and plaintext)."""
import base64
import datetime
import hashlib
import hmac
import re
import threading

from .netsvc import log
from .release import CODE_FIELDS
from .sql_db import db_connect, get_param

# ------------------------------------------------------------------------------------------------
# Passwords (passlib pbkdf2_sha512 as used by res.users, plus plaintext)
# ------------------------------------------------------------------------------------------------
class AccessDenied(Exception):
    """odoo.exceptions.AccessDenied: its default message is "Access Denied"."""
    def __init__(self, message='Access Denied'):
        super().__init__(message)


def _ab64_decode(data):
    data = data.replace('.', '+')
    return base64.b64decode(data + '=' * (-len(data) % 4))


def verify_password(password, stored):
    if not stored:
        return False
    m = re.match(r'^\$pbkdf2-sha512\$(\d+)\$([^$]+)\$([^$]+)$', stored)
    if not m:
        return hmac.compare_digest(stored.encode(), (password or '').encode())
    rounds, salt, checksum = int(m.group(1)), _ab64_decode(m.group(2)), _ab64_decode(m.group(3))
    dk = hashlib.pbkdf2_hmac('sha512', (password or '').encode(), salt, rounds)
    return hmac.compare_digest(dk, checksum)


# res.users._assert_can_auth (S16b/S17/S18): failed logins per registry and remote address, (count, last failure)
LOGIN_FAILURES = {}
LOGIN_FAILURES_LOCK = threading.Lock()
COOLDOWN_MESSAGE = 'Too many login failures, please wait a bit before trying again.'


def on_login_cooldown(cr, failures, previous):
    """res.users._on_login_cooldown: base.login_cooldown_after (code default 5, 0 disables; a new database stores 10)
    failures since the last success, the last one less than base.login_cooldown_duration (default 60) s ago."""
    min_failures = int(get_param(cr, 'base.login_cooldown_after', 5))
    if min_failures == 0:
        return False
    delay = int(get_param(cr, 'base.login_cooldown_duration', 60))
    return failures >= min_failures and (datetime.datetime.now() - previous) < datetime.timedelta(seconds=delay)


def login(dbname, login_name, password, source='n/a'):
    """res.users._login (S16b/S17/S18): the user is searched (ids only: res.users.search with the login domain and
    the model's order 'name, login', which joins res_partner); no user, or a wrong password: AccessDenied. Only a
    right password makes the ORM read the user's record (user.tz, login_date; prefetching every stored column of
    res.users and of its inherited res.partner): a column the code defines and the database lacks (code ahead of the
    schema, no -u) fails there with psycopg2's UndefinedColumn, which Odoo does not catch (HTTP 500)."""
    conn = db_connect(dbname)
    try:
        with conn.cursor() as cr:
            try:
                if not password:
                    raise AccessDenied()
                key = (dbname, source)
                # _assert_can_auth needs the request's remote address: without a request (n/a) there is no cooldown
                if source != 'n/a':
                    with LOGIN_FAILURES_LOCK:
                        failures, previous = LOGIN_FAILURES.get(key, (0, datetime.datetime.min))
                    if on_login_cooldown(cr, failures, previous):
                        log('odoo.addons.base.models.res_users').warning(
                            "Login attempt ignored for %s (user %r) on %s: %d failures since last success, last failure"
                            " at %s. You can configure the number of login failures before a user is put on cooldown"
                            " as well as the duration in the System Parameters. Disable this feature by setting"
                            " \"base.login_cooldown_after\" to 0.", source, login_name or '?', dbname, failures, previous)
                        raise AccessDenied(COOLDOWN_MESSAGE)
                try:
                    uid = _search_and_check(cr, login_name, password)
                except AccessDenied:
                    if source != 'n/a':
                        with LOGIN_FAILURES_LOCK:
                            failures = LOGIN_FAILURES.get(key, (0, None))[0]
                            LOGIN_FAILURES[key] = (failures + 1, datetime.datetime.now())
                    raise
            except AccessDenied:
                log('odoo.addons.base.models.res_users').info("Login failed for db:%s login:%s from %s",
                                                              dbname, login_name, source)
                raise
            columns = ['u.id', 'u.login', 'u.active', 'p.name', 'p.tz'] + \
                ['%s."%s"' % ('u' if t == 'res_users' else 'p', c) for t, c in CODE_FIELDS]
            cr.execute("SELECT %s FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = %%s"
                       % ', '.join(columns), (uid,))
            cr.fetchone()
            if source != 'n/a':
                with LOGIN_FAILURES_LOCK:
                    LOGIN_FAILURES.pop((dbname, source), None)
        log('odoo.addons.base.models.res_users').info("Login successful for db:%s login:%s from %s",
                                                      dbname, login_name, source)
        return uid
    finally:
        conn.close()


def _search_and_check(cr, login_name, password):
    """The body of _login inside _assert_can_auth: the search (ids only), then the password; AccessDenied if either
    finds nothing."""
    cr.execute("""SELECT u.id FROM res_users u LEFT JOIN res_partner p ON p.id = u.partner_id
                   WHERE u.login = %s AND u.active ORDER BY p.name, u.login LIMIT 1""", (login_name,))
    row = cr.fetchone()
    if not row:
        raise AccessDenied()
    uid = row[0]
    cr.execute("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", (uid,))
    if not verify_password(password, cr.fetchone()[0]):
        raise AccessDenied()
    return uid


def authenticate(dbname, login_name, password):
    """uid, or False on wrong credentials (RPC login)."""
    try:
        return login(dbname, login_name, password)
    except AccessDenied:
        return False
