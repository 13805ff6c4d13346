# -*- coding: utf-8 -*-
"""HTTP: the routes a deploy's health check and a browser use (odoo/http.py + web controllers, reduced)."""
import base64
import email.message
import email.utils
import hashlib
import hmac
import html
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse
import xmlrpc.client

try:
    import psycopg2
    import psycopg2.errorcodes
    import psycopg2.extensions
except ImportError:  # pragma: no cover - reported on use
    psycopg2 = None

from .auth import AccessDenied, authenticate, login
from .conf import config, filestore
from .filestore import ASSET_BUNDLES, assets_unique, generate_asset_bundles
from .loading import Registry
from .netsvc import log
from .release import MAJOR, SERIES, VARIANT, VERSION_INFO, version_info
from .rpc import dispatch_rpc
from .sql_db import db_connect, db_filter, db_list

# ------------------------------------------------------------------------------------------------
# HTTP (odoo/http.py + the web controllers the health check uses)
# ------------------------------------------------------------------------------------------------
class Session(dict):
    pass


SESSIONS = {}
SESSIONS_LOCK = threading.Lock()



LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en-US">
    <head>
        <meta charset="utf-8"/>
        <meta http-equiv="X-UA-Compatible" content="IE=edge"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>%(robots)s
        <title>Odoo</title>
        <link type="text/css" rel="stylesheet" href="%(css)s"/>
        <script type="text/javascript" src="%(js)s" defer="defer" onerror="__odooAssetError=1"></script>
    </head>
    <body>%(banner)s
        <div class="container py-5">
            <form class="oe_login_form" role="form" action="/web/login" method="post" onsubmit="this.action = '/web/login' + location.hash">
                <input type="hidden" name="csrf_token" value="%(csrf)s"/>%(error)s
                <div class="mb-3 field-login">
                    <label for="login" class="form-label">Email</label>
                    <input type="text" placeholder="Email" name="login" id="login" required="required" autofocus="autofocus" autocapitalize="off" class="form-control"/>
                </div>
                <div class="mb-3">
                    <label for="password" class="form-label">Password</label>
                    <input type="password" placeholder="Password" name="password" id="password" required="required" autocomplete="current-password" maxlength="4096" class="form-control"/>
                </div>
                <input type="hidden" name="redirect"/>
                <div class="clearfix oe_login_buttons text-center gap-1 d-grid mb-1 pt-3">
                    <button type="submit" class="btn btn-primary">Log in</button>
                </div>
            </form>
            <div class="text-center small mt-4 pt-3 border-top" t-if="not disable_footer">
                <a href="https://www.odoo.com?utm_source=db&amp;utm_medium=auth" target="_blank">Powered by <span>Odoo</span></a>
                <!-- database: %(db)s, stand-in %(series)s/%(variant)s -->
            </div>
        </div>
    </body>
</html>
"""


class HttpError(Exception):
    def __init__(self, status, body=b'', headers=None, content_type='text/html; charset=utf-8'):
        Exception.__init__(self, status)
        self.status, self.body, self.headers, self.content_type = status, body, headers or [], content_type


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'Werkzeug/2.0.2'
    sys_version = 'Python/%d.%d.%d' % sys.version_info[:3]

    def log_message(self, fmt, *args):  # replaced by log_request
        pass

    def log_request(self, code='-', size='-'):
        log('werkzeug').info('%s - - [%s] "%s" %s - %d %.3f %.3f', self.address_string(),
                             self.log_date_time_string(), self.requestline, code, 1,
                             time.time() - self._t0, 0.001)

    # --- plumbing -----------------------------------------------------------------------------
    def do_GET(self):
        self._dispatch('GET')

    def do_HEAD(self):
        self._dispatch('HEAD')

    def do_POST(self):
        self._dispatch('POST')

    def _dispatch(self, method):
        self._t0 = time.time()
        self._method = method
        self._cookies_out = []
        threading.current_thread().dbname = '?'
        parsed = urllib.parse.urlsplit(self.path)
        self._path = parsed.path
        self._query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        length = int(self.headers.get('Content-Length') or 0)
        self._body = self.rfile.read(length) if length else b''
        try:
            status, body, headers, ctype = self.route()
        except HttpError as e:
            status, body, headers, ctype = e.status, e.body, e.headers, e.content_type
        except Exception:
            log('odoo.http').exception('Exception during request handling.')
            status, body, headers, ctype = 500, b'<h1>Internal Server Error</h1>', [], 'text/html; charset=utf-8'
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        for c in self._cookies_out:
            self.send_header('Set-Cookie', c)
        self.end_headers()
        if method != 'HEAD':
            self.wfile.write(body)

    def param(self, name):
        v = self._query.get(name)
        return v[0] if v else None

    def host(self):
        return self.headers.get('Host', '')

    def redirect(self, location, code=303):
        body = ('<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n'
                '<p>You should be redirected automatically to the target URL: <a href="%s">%s</a>. '
                'If not, click the link.\n' % (html.escape(location), html.escape(location))).encode()
        return code, body, [('Location', location)], 'text/html; charset=utf-8'

    # --- sessions (odoo.http._get_session_and_dbname) -------------------------------------------
    def get_session_and_dbname(self):
        sid = None
        for part in (self.headers.get('Cookie') or '').split(';'):
            k, _, v = part.strip().partition('=')
            if k == 'session_id':
                sid = v
        with SESSIONS_LOCK:
            session = SESSIONS.get(sid) if sid else None
            if session is None:
                session = Session(db=None, uid=None)
                session.sid = None
            else:
                session.sid = sid
        dbname = None
        if session.get('db') and db_filter([session['db']], host=self.host()):
            dbname = session['db']
        else:
            all_dbs = db_list(host=self.host())
            if len(all_dbs) == 1:
                dbname = all_dbs[0]
        if session.get('db') != dbname:
            if session.get('db'):
                log('odoo.http').warning("Logged into database %r, but dbfilter rejects it; logging session out.",
                                         session['db'])
                session['uid'] = None
            session['db'] = dbname
        return session, dbname

    def save_session(self, session):
        with SESSIONS_LOCK:
            if not session.sid:
                session.sid = base64.urlsafe_b64encode(os.urandom(30)).decode().rstrip('=')
            SESSIONS[session.sid] = session
        expires = email.utils.formatdate(time.time() + 7 * 86400, usegmt=True)
        self._cookies_out.append('session_id=%s; Expires=%s; Max-Age=604800; HttpOnly; Path=/'
                                 % (session.sid, expires))

    # --- routing ------------------------------------------------------------------------------
    def route(self):
        path = self._path
        if path == '/web/health':
            return self.web_health()
        if path == '/web/webclient/version_info':
            return self.json_route(lambda params: version_info())
        if path == '/jsonrpc':
            return self.jsonrpc()
        if path.startswith('/xmlrpc/2/') or path.startswith('/xmlrpc/'):
            return self.xmlrpc(path.rsplit('/', 1)[-1])
        if path == '/web/database/selector':
            return self.database_selector()
        if path in ('/web/database/list', '/web/database/manager'):
            return self.database_selector()
        session, dbname = self.get_session_and_dbname()
        self.session = session
        registry = None
        if dbname:
            try:
                registry = Registry.get(dbname)
                threading.current_thread().dbname = dbname
            except Exception:
                # _serve_db: the database probably does not exist anymore, or is corrupted:
                # remove it from the session and serve without a database
                log('odoo.http').warning("Database or registry unusable, trying without", exc_info=False)
                Registry.delete(dbname)
                session['db'] = None
                dbname = None
                registry = None
        if registry is None:
            return self.serve_nodb()
        return self.serve_db(dbname)

    def serve_nodb(self):
        path = self._path
        if path == '/web/login':
            return self.ensure_db_or_redirect(None)
        if path in ('/', '/web', '/odoo'):
            return self.redirect('/web/database/selector')
        if path == '/web/session/authenticate':
            return self.json_route(self.session_authenticate)
        raise HttpError(404, b'<h1>Not Found</h1><p>The requested URL was not found on the server.</p>')

    def ensure_db_or_redirect(self, current_db):
        """web.controllers.utils.ensure_db."""
        db = (self.param('db') or '').strip() or None
        if db and not db_filter([db], host=self.host()):
            db = None
        if db and not self.session.get('db'):
            self.session['db'] = db
            self.save_session(self.session)
            raise HttpError(*self.redirect(self.path, 302))
        if not db and self.session.get('db') and db_filter([self.session['db']], host=self.host()):
            db = self.session['db']
        if not db:
            dbs = db_list(host=self.host())
            if len(dbs) == 1:
                db = dbs[0]
        if not db:
            raise HttpError(*self.redirect('/web/database/selector', 303))
        if db != self.session.get('db'):
            new = Session(db=db, uid=None)
            new.sid = None
            self.session = new
            self.save_session(new)
            raise HttpError(*self.redirect(self.path, 302))
        return db

    def serve_db(self, dbname):
        path = self._path
        if path == '/web/login':
            db = self.ensure_db_or_redirect(dbname)
            return self.web_login(db)
        if path.startswith('/web/assets/'):
            return self.web_assets(dbname)
        if path == '/web/session/authenticate':
            return self.json_route(self.session_authenticate)
        if path in ('/web', '/odoo'):
            if not self.session.get('uid'):
                return self.redirect('/web/login?redirect=' + urllib.parse.quote(path), 303)
            body = ('<html><body>Odoo web client (stand-in) for %s</body></html>' % html.escape(dbname)).encode()
            return 200, body, [], 'text/html; charset=utf-8'
        if path == '/':
            body = ('<!DOCTYPE html><html><head><title>Home | My Website</title></head>'
                    '<body><h1>My Website</h1><!-- %s --></body></html>' % html.escape(dbname)).encode()
            return 200, body, [], 'text/html; charset=utf-8'
        raise HttpError(404, b'<h1>Not Found</h1><p>The requested URL was not found on the server.</p>')

    # --- /web/health (web.controllers.home.Home.health) -----------------------------------------
    def web_health(self):
        headers = [('Cache-Control', 'no-store')]
        if VARIANT == 'health-500':
            return 500, json.dumps({'status': 'fail'}).encode(), headers, 'application/json'
        info = {'status': 'pass'}
        status = 200
        if self.param('db_server_status'):
            try:
                conn = db_connect('postgres')
                conn.cursor().close()
                conn.close()
                info['db_server_status'] = True
            except psycopg2.Error:
                info['db_server_status'] = False
                info['status'] = 'fail'
                status = 500
        return status, json.dumps(info).encode(), headers, 'application/json'

    # --- /web/login ---------------------------------------------------------------------------
    def web_login(self, dbname):
        """web.controllers.home.Home.web_login. POST: Odoo's CSRF check of http routes (odoo/http.py: a missing or
        wrong csrf_token -> 400 "Session expired (invalid CSRF token)"), then session.authenticate: a redirect to the
        web client on success, the login page again with "Wrong login/password" (AccessDenied, same text in 16, 17
        and 18; HTTP 200), any other error raised by the login (UndefinedColumn) -> 500."""
        error = None
        if self._method == 'POST':
            form = urllib.parse.parse_qs(self._body.decode('utf-8', 'replace'), keep_blank_values=True)
            field = lambda name: (form.get(name) or [''])[0]
            token = field('csrf_token') or None
            if not token or not hmac.compare_digest(token, self.session.get('csrf_token') or ''):
                if token is None:
                    log('odoo.http').warning("No CSRF validation token provided for path %r", self._path)
                else:
                    log('odoo.http').warning("CSRF validation failed on path '%s'", self._path)
                raise HttpError(400, b'<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n'
                                     b'<h1>Bad Request</h1>\n<p>Session expired (invalid CSRF token)</p>\n')
            try:
                uid = login(dbname, field('login'), field('password'), self.client_address[0])
            except AccessDenied as e:
                # home.py: the generic AccessDenied says "Wrong login/password", one with its own text shows it
                error = e.args[0] if e.args and e.args[0] != AccessDenied().args[0] else 'Wrong login/password'
            else:
                session = Session(db=dbname, uid=uid, login=field('login'))
                session.sid = None
                self.session = session
                self.save_session(session)
                return self.redirect('/odoo' if MAJOR >= 18 else '/web', 303)
        conn = db_connect(dbname)
        try:
            cr = conn.cursor()
            urls = generate_asset_bundles(cr, dbname)
            cr.execute("SELECT active FROM ir_ui_view WHERE key = 'web.neutralize_banner'")
            row = cr.fetchone()
            banner_active = bool(row and row[0])
            conn.commit()
        finally:
            conn.close()
        banner = robots = ''
        if banner_active:
            text = 'This database is neutralized.' if MAJOR == 16 else \
                'Database neutralized for testing: no emails sent, etc.'
            banner = ('\n        <span class="badge o_database_neutralized" '
                      'style="background-color: #D0442C">%s</span>' % text)
            if MAJOR >= 17:
                robots = '\n        <meta name="robots" content="noindex, nofollow"/>'
        body = LOGIN_PAGE % {
            'css': html.escape(urls['web.assets_frontend.min.css']),
            'js': html.escape(urls['web.assets_frontend_lazy.min.js']),
            'banner': banner, 'robots': robots, 'csrf': self.session.setdefault(
                'csrf_token', hashlib.sha1(os.urandom(16)).hexdigest() + 'o1800000000'),
            'error': '' if error is None else
            '\n                <p class="alert alert-danger" role="alert">%s</p>' % html.escape(error),
            'db': html.escape(dbname), 'series': SERIES, 'variant': VARIANT}
        self.save_session(self.session)
        headers = [('X-Frame-Options', 'DENY'), ('Cache-Control', 'no-cache')]
        return 200, body.encode(), headers, 'text/html; charset=utf-8'

    # --- /web/assets/<unique>/<name> (ir.binary / Stream.from_attachment) -----------------------
    def web_assets(self, dbname):
        conn = db_connect(dbname)
        try:
            cr = conn.cursor()
            cr.execute("""SELECT id, store_fname, db_datas, mimetype, checksum FROM ir_attachment
                           WHERE url = %s ORDER BY id DESC LIMIT 1""", (self._path,))
            row = cr.fetchone()
            if row is None:
                name = self._path.rsplit('/', 1)[-1]
                unique = self._path.split('/')[3].split('-')[-1]
                if unique == assets_unique() and name in dict(ASSET_BUNDLES):
                    generate_asset_bundles(cr, dbname)
                    conn.commit()
                    cr.execute("SELECT id, store_fname, db_datas, mimetype, checksum FROM ir_attachment "
                               "WHERE url LIKE %s ORDER BY id DESC LIMIT 1", ('/web/assets/%/' + name,))
                    row = cr.fetchone()
            conn.commit()
        finally:
            conn.close()
        if row is None:
            raise HttpError(404, b'<h1>Not Found</h1>')
        att_id, store_fname, db_datas, mimetype, checksum = row
        if store_fname:
            full = os.path.join(filestore(dbname), store_fname)
            try:
                os.stat(full)
                with open(full, 'rb') as f:
                    content = f.read()
            except FileNotFoundError:
                log('odoo.http').error('Exception during request handling.\nTraceback (most recent call last):\n'
                                       '  File "odoo/http.py", in _serve_db\n'
                                       '  File "odoo/addons/base/models/ir_binary.py", in _get_stream_from\n'
                                       'FileNotFoundError: [Errno 2] No such file or directory: %r', full)
                raise HttpError(500, b'<h1>Internal Server Error</h1>')
        else:
            content = bytes(db_datas or b'')
        headers = [('Cache-Control', 'public, max-age=31536000, immutable'), ('ETag', '"%s"' % checksum)]
        return 200, content, headers, (mimetype or 'application/octet-stream') + (
            '; charset=utf-8' if (mimetype or '').startswith('text/') else '')

    def database_selector(self):
        dbs = db_list(host=self.host()) if config['list_db'] else []
        items = ''.join('<a class="list-group-item" href="/web?db=%s">%s</a>' % (html.escape(d), html.escape(d))
                        for d in dbs)
        body = ('<!DOCTYPE html><html><head><title>Odoo</title></head><body>'
                '<div class="list-group">%s</div></body></html>' % items).encode()
        return 200, body, [], 'text/html; charset=utf-8'

    # --- JSON-RPC -----------------------------------------------------------------------------
    def read_json(self):
        try:
            return json.loads(self._body or b'{}')
        except ValueError:
            raise HttpError(400, b'Invalid JSON data')

    def json_response(self, req_id, result=None, error=None):
        payload = {'jsonrpc': '2.0', 'id': req_id}
        if error is not None:
            payload['error'] = error
        else:
            payload['result'] = result
        return 200, json.dumps(payload).encode(), [], 'application/json'

    def json_error(self, req_id, name, message, code=200):
        return self.json_response(req_id, error={
            'code': code, 'message': 'Odoo Server Error',
            'data': {'name': name, 'debug': 'Traceback (most recent call last):\n%s: %s\n' % (name, message),
                     'message': message, 'arguments': [message], 'context': {}}})

    def json_route(self, func):
        if self._method != 'POST':
            raise HttpError(405, b'<h1>Method Not Allowed</h1>')
        data = self.read_json()
        params = data.get('params') or {}
        try:
            return self.json_response(data.get('id'), func(params))
        except AccessDenied as e:
            return self.json_error(data.get('id'), 'odoo.exceptions.AccessDenied', str(e) or 'Access Denied')
        except Exception as e:
            log('odoo.http').exception('JSON-RPC failed')
            return self.json_error(data.get('id'), type(e).__name__, str(e))

    def session_authenticate(self, params):
        db, login, password = params.get('db'), params.get('login'), params.get('password')
        if not db or not db_filter([db], host=self.host()):
            raise AccessDenied("Access Denied")
        threading.current_thread().dbname = db
        Registry.get(db)
        uid = authenticate(db, login, password)
        if not uid:
            raise AccessDenied("Access Denied")
        session = Session(db=db, uid=uid, login=login)
        session.sid = None
        self.save_session(session)
        return {'uid': uid, 'is_system': uid in (1, 2), 'is_admin': uid in (1, 2), 'db': db,
                'server_version': SERIES, 'server_version_info': VERSION_INFO, 'username': login,
                'user_context': {'lang': 'en_US', 'tz': 'Europe/Brussels', 'uid': uid}}

    def jsonrpc(self):
        data = self.read_json()
        params = data.get('params') or {}
        try:
            result = dispatch_rpc(params.get('service'), params.get('method'), params.get('args') or [])
            return self.json_response(data.get('id'), result)
        except AccessDenied as e:
            return self.json_error(data.get('id'), 'odoo.exceptions.AccessDenied', str(e) or 'Access Denied')
        except Exception as e:
            return self.json_error(data.get('id'), type(e).__name__, str(e))

    def xmlrpc(self, service):
        try:
            args, method = xmlrpc.client.loads(self._body)
            result = dispatch_rpc(service, method, list(args))
            body = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False)
        except AccessDenied as e:
            body = xmlrpc.client.dumps(xmlrpc.client.Fault(3, str(e) or 'Access Denied'))
        except Exception as e:
            body = xmlrpc.client.dumps(xmlrpc.client.Fault(1, '%s: %s' % (type(e).__name__, e)))
        return 200, body.encode(), [], 'text/xml'



class ThreadedHTTPServer(http.server.ThreadingHTTPServer):
    # like Odoo's ThreadedWSGIServerReloadable: request threads are not daemons, so a graceful stop waits for them
    daemon_threads = False
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # werkzeug's request handler treats a client gone before its answer (ConnectionError, socket timeout) as a
        # dropped connection and logs nothing (WSGIRequestHandler.connection_dropped); anything else is a traceback
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)
