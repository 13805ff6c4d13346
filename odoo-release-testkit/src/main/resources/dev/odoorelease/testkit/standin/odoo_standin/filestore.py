# -*- coding: utf-8 -*-
"""The filestore and the asset bundles served from it (ir_attachment.py / assetsbundle.py, reduced)."""
import hashlib
import os

try:
    import psycopg2
    import psycopg2.errorcodes
    import psycopg2.extensions
except ImportError:  # pragma: no cover - reported on use
    psycopg2 = None

from .conf import filestore
from .netsvc import log
from .release import CODE, MAJOR, SERIES
from .sql_db import get_param

# ------------------------------------------------------------------------------------------------
# Filestore + asset bundles (ir_attachment.py / assetsbundle.py, reduced)
# ------------------------------------------------------------------------------------------------
ASSET_BUNDLES = (('web.assets_frontend.min.css', 'text/css'),
                 ('web.assets_frontend_lazy.min.js', 'application/javascript'))


def assets_unique():
    """The bundle version: changes when the image's code (series, module versions) changes."""
    desc = SERIES + ',' + ','.join('%s=%s' % kv for kv in sorted(CODE.items()))
    return hashlib.sha512(desc.encode()).hexdigest()[:7]


def asset_url(attachment_id, name, unique=None):
    unique = unique or assets_unique()
    if MAJOR == 16:
        return '/web/assets/%s-%s/%s' % (attachment_id, unique, name)
    return '/web/assets/%s/%s' % (unique, name)


def asset_content(name):
    unique = assets_unique()
    if name.endswith('.css'):
        body = ["/* %s (Odoo stand-in %s, bundle version %s) */" % (name, SERIES, unique),
                "body{font-family:Roboto,\"Odoo Unicode Support Noto\",sans-serif;margin:0;background:#f9fafb;color:#374151}",
                ".oe_login_form{max-width:300px;margin:48px auto;padding:24px;background:#fff;border-radius:4px}",
                ".o_database_neutralized{background-color:#D0442C;color:#fff;text-align:center;padding:4px}",
                ".o_ribbon{position:fixed;top:32px;right:-40px;transform:rotate(45deg);background:#D0442C;color:#fff}"]
        body += [".o_standin_%s_%d{margin:%dpx}" % (unique, i, i % 17) for i in range(40)]
    else:
        body = ["/* %s (Odoo stand-in %s, bundle version %s) */" % (name, SERIES, unique),
                "odoo.define('@web/standin', [], function (require) { 'use strict'; return {version: '%s'}; });" % unique]
    return ("\n".join(body) + "\n").encode()


def attachment_location(cr):
    return get_param(cr, 'ir_attachment.location', 'file') or 'file'


def file_write(dbname, content):
    """ir.attachment._file_write: content-addressed <filestore>/<sha[:2]>/<sha>."""
    sha = hashlib.sha1(content).hexdigest()
    fname = sha[:2] + '/' + sha
    full = os.path.join(filestore(dbname), fname)
    if not os.path.exists(full):
        os.makedirs(os.path.dirname(full), exist_ok=True)
        tmp = full + '.tmp%d' % os.getpid()
        with open(tmp, 'wb') as f:
            f.write(content)
        os.replace(tmp, full)
    else:
        with open(full, 'rb') as f:
            if f.read() != content:
                raise Exception("The attachment %s collides with an existing file." % fname)
    return fname, sha


def mark_for_gc(dbname, fname):
    """ir.attachment._mark_for_gc: an empty file under filestore/<db>/checklist/."""
    full = os.path.join(filestore(dbname), 'checklist', fname)
    try:
        os.makedirs(os.path.dirname(full), exist_ok=True)
        open(full, 'ab').close()
    except OSError:
        pass


def generate_asset_bundles(cr, dbname):
    """Create the current version's bundle attachments (AssetsBundle.save_attachment) and drop
    older versions' rows (AssetsBundle._clean_attachments). Returns {name: url}."""
    urls = {}
    location = attachment_location(cr)
    unique = assets_unique()
    for name, mimetype in ASSET_BUNDLES:
        pattern = asset_url('%', name, unique) if MAJOR == 16 else asset_url(None, name, unique)
        cr.execute("""SELECT id, url FROM ir_attachment
                       WHERE create_uid = 1 AND url LIKE %s AND res_model = 'ir.ui.view'
                         AND res_id = 0 AND public = true ORDER BY id DESC LIMIT 1""", (pattern,))
        row = cr.fetchone()
        if row:
            urls[name] = row[1]
            continue
        content = asset_content(name)
        store_fname, sha = (None, hashlib.sha1(content).hexdigest())
        db_datas = None
        if location == 'db':
            db_datas = psycopg2.Binary(content)
        else:
            store_fname, sha = file_write(dbname, content)
        cr.execute("""INSERT INTO ir_attachment (name, res_model, res_id, type, public, url, store_fname,
                          checksum, file_size, mimetype, db_datas, create_uid, create_date, write_uid, write_date)
                      VALUES (%s, 'ir.ui.view', 0, 'binary', true, %s, %s, %s, %s, %s, %s, 1,
                              now() at time zone 'UTC', 1, now() at time zone 'UTC') RETURNING id""",
                   (name, '/pending', store_fname, sha, len(content), mimetype, db_datas))
        att_id = cr.fetchone()[0]
        url = asset_url(att_id, name, unique)
        cr.execute("UPDATE ir_attachment SET url = %s WHERE id = %s", (url, att_id))
        log('odoo.addons.base.models.assetsbundle').info(
            'Generating a new asset bundle attachment %s (id:%s)', url, att_id)
        # _clean_attachments: older versions of this bundle
        cr.execute("""DELETE FROM ir_attachment
                       WHERE url LIKE %s AND url <> %s AND res_model = 'ir.ui.view' AND res_id = 0
                       RETURNING store_fname""", ('/web/assets/%/' + name, url))
        for (old,) in cr.fetchall():
            if old:
                mark_for_gc(dbname, old)
        urls[name] = url
    return urls
