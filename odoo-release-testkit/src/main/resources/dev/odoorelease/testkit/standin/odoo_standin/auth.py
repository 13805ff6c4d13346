# -*- coding: utf-8 -*-
"""Passwords and logins (res.users: passlib pbkdf2_sha512 and plaintext)."""
import base64
import hashlib
import hmac
import re

from .netsvc import log
from .release import CODE_FIELDS
from .sql_db import db_connect

# ------------------------------------------------------------------------------------------------
# Passwords (passlib pbkdf2_sha512 as used by res.users, plus plaintext)
# ------------------------------------------------------------------------------------------------
class AccessDenied(Exception):
    pass


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
                cr.execute("""SELECT u.id FROM res_users u LEFT JOIN res_partner p ON p.id = u.partner_id
                               WHERE u.login = %s AND u.active ORDER BY p.name, u.login LIMIT 1""", (login_name,))
                row = cr.fetchone()
                if not row:
                    raise AccessDenied()
                uid = row[0]
                cr.execute("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", (uid,))
                if not verify_password(password, cr.fetchone()[0]):
                    raise AccessDenied()
            except AccessDenied:
                log('odoo.addons.base.models.res_users').info("Login failed for db:%s login:%s from %s",
                                                              dbname, login_name, source)
                raise
            columns = ['u.id', 'u.login', 'u.active', 'p.name', 'p.tz'] + \
                ['%s."%s"' % ('u' if t == 'res_users' else 'p', c) for t, c in CODE_FIELDS]
            cr.execute("SELECT %s FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.id = %%s"
                       % ', '.join(columns), (uid,))
            cr.fetchone()
        log('odoo.addons.base.models.res_users').info("Login successful for db:%s login:%s from %s",
                                                      dbname, login_name, source)
        return uid
    finally:
        conn.close()


def authenticate(dbname, login_name, password):
    """uid, or False on wrong credentials (RPC login)."""
    try:
        return login(dbname, login_name, password)
    except AccessDenied:
        return False
