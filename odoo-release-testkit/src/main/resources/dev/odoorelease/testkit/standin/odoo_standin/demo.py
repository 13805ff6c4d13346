# -*- coding: utf-8 -*-
"""Demo data (odoo/modules/loading.py load_demo, reduced): what a module installed with demo data gets.

Odoo 16-18 load a module's demo files when it is installed unless ``without_demo`` is set (``--without-demo``
on the command line or in the configuration file; any value turns demo data off: ``config['demo']`` is the
init list, or empty), and only when every module it depends on has demo data too (``should_have_demo``). The
module's ``ir_module_module.demo`` records whether it got it. Demo records are ordinary records with an
``ir_model_data`` row of their module, ``noupdate`` true (demo files are loaded in noupdate mode).
"""
import base64
import hashlib
import os

from .conf import config
from .netsvc import log

# base's demo records (base/data/res_partner_demo.xml, res_users_demo.xml), a reduced set with Odoo's xml ids
BASE_PARTNERS = [
    ('res_partner_1', 'Wood Corner', True, 'wood.corner26@example.com'),
    ('res_partner_2', 'Deco Addict', True, 'deco_addict@example.com'),
    ('res_partner_3', 'Gemini Furniture', True, 'gemini_furniture@fake.geminifurniture.com'),
    ('res_partner_4', 'Ready Mat', True, 'ready.mat28@example.com'),
    ('res_partner_12', 'Azure Interior', True, 'azure.Interior24@example.com'),
    ('partner_demo', 'Marc Demo', False, 'mark.brown23@example.com'),
]


def demo_wanted():
    """config['demo'] of Odoo 16-18: the modules being installed, unless without_demo is set (any value)."""
    return not config.get('without_demo')


def _hash(password):
    """passlib's pbkdf2_sha512 format, as res.users stores passwords."""
    salt = os.urandom(16)
    rounds = 600000
    dk = hashlib.pbkdf2_hmac('sha512', password.encode(), salt, rounds)
    ab64 = lambda b: base64.b64encode(b).decode().rstrip('=').replace('+', '.')
    return '$pbkdf2-sha512$%d$%s$%s' % (rounds, ab64(salt), ab64(dk))


def _columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
    return {r[0] for r in cr.fetchall()}


def _xmlid(cr, name, model, res_id):
    cr.execute("INSERT INTO ir_model_data (name, module, model, res_id, noupdate) VALUES (%s, 'base', %s, %s, true)",
               (name, model, res_id))


def load_base_demo(cr):
    lg = log('odoo.modules.loading')
    lg.info('loading base/data/res_partner_demo.xml')
    cols = _columns(cr, 'res_partner')
    label = 'complete_name' if 'complete_name' in cols else 'display_name'
    ids = {}
    for xmlid, name, company, email in BASE_PARTNERS:
        cr.execute("INSERT INTO res_partner (name, " + label + ", company_id, type, active, is_company, email, email_normalized, "
                   "lang, partner_share, employee, create_uid, create_date, write_uid, write_date) VALUES "
                   "(%s, %s, 1, 'contact', true, %s, %s, lower(%s), 'en_US', %s, false, 1, now() at time zone 'UTC', 1, "
                   "now() at time zone 'UTC') RETURNING id", (name, name, company, email, email, company))
        pid = cr.fetchone()[0]
        cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = %s", (pid,))
        _xmlid(cr, xmlid, 'res.partner', pid)
        ids[xmlid] = pid
    lg.info('loading base/data/res_users_demo.xml')
    cr.execute("INSERT INTO res_users (login, password, active, partner_id, company_id, share, notification_type, create_uid, "
               "create_date, write_uid, write_date) VALUES ('demo', %s, true, %s, 1, false, 'email', 1, now() at time zone 'UTC', 1, "
               "now() at time zone 'UTC') RETURNING id", (_hash('demo'), ids['partner_demo']))
    uid = cr.fetchone()[0]
    cr.execute("UPDATE res_partner SET user_id = %s WHERE id = %s", (uid, ids['partner_demo']))
    cr.execute("INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, %s)", (uid,))
    cr.execute("INSERT INTO res_groups_users_rel (gid, uid) SELECT res_id, %s FROM ir_model_data "
               "WHERE module = 'base' AND name = 'group_user' AND model = 'res.groups'", (uid,))
    _xmlid(cr, 'user_demo', 'res.users', uid)


def mark_installed(cr, names, with_demo):
    """ir_module_module.demo of modules just installed: what load_demo returned for them."""
    if names:
        cr.execute("UPDATE ir_module_module SET demo = %s WHERE name IN %s", (with_demo, tuple(names)))


def dependencies_have_demo(cr, name):
    """should_have_demo: every module it depends on was installed with demo data."""
    cr.execute("""SELECT coalesce(bool_and(m.demo), true) FROM ir_module_module_dependency d
                  JOIN ir_module_module mm ON mm.id = d.module_id
                  JOIN ir_module_module m ON m.name = d.name
                  WHERE mm.name = %s""", (name,))
    return bool(cr.fetchone()[0])
