# -*- coding: utf-8 -*-
"""The JSON-RPC / XML-RPC services and models a client calls."""

from .auth import AccessDenied, authenticate, verify_password
from .conf import config
from .loading import Registry
from .release import SERIES, version_info
from .sql_db import db_connect, db_filter, list_dbs

# ------------------------------------------------------------------------------------------------
# RPC: the models and methods JSON-RPC / XML-RPC clients call (odoo/service/model.py, reduced)
# ------------------------------------------------------------------------------------------------
RPC_MODELS = {
    'ir.module.module': ('ir_module_module', ['id', 'name', 'state', 'latest_version', 'application']),
    'ir.config_parameter': ('ir_config_parameter', ['id', 'key', 'value']),
    'res.users': ('res_users', ['id', 'login', 'active', 'share']),
    'res.partner': ('res_partner', ['id', 'name', 'email', 'active', 'is_company']),
}


def _domain_sql(domain, allowed):
    where, params = [], []
    for term in domain or []:
        if isinstance(term, str):
            continue  # '&' / '|' not supported: terms are AND-ed
        field, op, value = term
        if field not in allowed:
            raise ValueError("Invalid field %r in domain" % field)
        op = op.lower()
        if op in ('=', '!=', '<', '>', '<=', '>='):
            if value is False or value is None:
                where.append('"%s" IS %s NULL' % (field, 'NOT' if op == '!=' else ''))
            else:
                where.append('"%s" %s %%s' % (field, '<>' if op == '!=' else op))
                params.append(value)
        elif op in ('in', 'not in'):
            where.append('"%s" %s %%s' % (field, 'IN' if op == 'in' else 'NOT IN'))
            params.append(tuple(value) or (None,))
        elif op in ('like', 'ilike', '=like', '=ilike'):
            pattern = value if op.startswith('=') else '%' + str(value) + '%'
            where.append('"%s" %s %%s' % (field, 'ILIKE' if 'ilike' in op else 'LIKE'))
            params.append(pattern)
        else:
            raise ValueError("Unsupported operator %r" % op)
    return (' WHERE ' + ' AND '.join(where)) if where else '', params


def dispatch_rpc(service, method, args):
    """odoo.http.dispatch_rpc: common (version, login, authenticate) and object.execute_kw
    (search_read / read / search / search_count on a few models)."""
    if service == 'common':
        if method in ('version', 'about'):
            return version_info() if method == 'version' else 'See http://openerp.com'
        if method in ('login', 'authenticate'):
            db, login, password = args[0], args[1], args[2]
            if not db_filter([db]) and config['dbfilter']:
                raise AccessDenied()
            Registry.get(db)
            return authenticate(db, login, password)
        raise Exception("Method not available %s" % method)
    if service == 'db':
        if method == 'list':
            if not config['list_db']:
                raise AccessDenied()
            return list_dbs()
        if method == 'server_version':
            return SERIES
        raise AccessDenied()
    if service == 'object':
        if method not in ('execute_kw', 'execute'):
            raise Exception("Method not available %s" % method)
        db, uid, password, model, func = args[:5]
        rest = args[5:]
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise AccessDenied()
        Registry.get(db)
        conn = db_connect(db)
        try:
            with conn.cursor() as cr:
                cr.execute("SELECT password FROM res_users WHERE id = %s AND active", (uid,))
                row = cr.fetchone()
                if not row or not verify_password(password, row[0]):
                    raise AccessDenied()
                if model not in RPC_MODELS:
                    raise Exception("Object %s doesn't exist (stand-in)" % model)
                table, fields = RPC_MODELS[model]
                pos = rest[0] if rest else []
                kw = rest[1] if len(rest) > 1 and isinstance(rest[1], dict) else {}
                if func in ('search_read', 'search', 'search_count'):
                    domain = pos[0] if pos else kw.get('domain', [])
                    wanted = kw.get('fields') or (pos[1] if len(pos) > 1 else None) or fields
                    wanted = [f for f in wanted if f in fields] or fields
                    if 'id' not in wanted:
                        wanted = ['id'] + wanted
                    where, params = _domain_sql(domain, fields)
                    if func == 'search_count':
                        cr.execute('SELECT count(*) FROM %s%s' % (table, where), params)
                        return cr.fetchone()[0]
                    sql = 'SELECT %s FROM %s%s ORDER BY id' % (', '.join('"%s"' % f for f in wanted), table, where)
                    if kw.get('limit'):
                        sql += ' LIMIT %d' % int(kw['limit'])
                    cr.execute(sql, params)
                    rows = [dict(zip(wanted, r)) for r in cr.fetchall()]
                    return [r['id'] for r in rows] if func == 'search' else rows
                if func == 'read':
                    ids = pos[0] if pos else kw.get('ids', [])
                    wanted = [f for f in (kw.get('fields') or fields) if f in fields]
                    cr.execute('SELECT %s FROM %s WHERE id IN %%s ORDER BY id' % (
                        ', '.join('"%s"' % f for f in ['id'] + [w for w in wanted if w != 'id']), table),
                        (tuple(ids) or (None,),))
                    cols = ['id'] + [w for w in wanted if w != 'id']
                    return [dict(zip(cols, r)) for r in cr.fetchall()]
                raise Exception("The method %s.%s is not available in the stand-in" % (model, func))
        finally:
            conn.close()
    raise Exception("Unknown service %r" % service)
