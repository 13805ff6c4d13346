# -*- coding: utf-8 -*-
"""The registry: create a database, install and update modules (odoo/modules/registry.py + loading.py, reduced)."""
import datetime
import json
import os
import threading
import time
import uuid

from .conf import config
from .demo import dependencies_have_demo, demo_wanted, load_base_demo, mark_installed
from .filestore import generate_asset_bundles
from .netsvc import log
from .release import CODE, VARIANT, create_code_fields
from .sql_db import db_connect, schema_file, set_param, table_exists

# ------------------------------------------------------------------------------------------------
# Registry: load / install / update modules (odoo/modules/registry.py + loading.py, reduced)
# ------------------------------------------------------------------------------------------------
class RegistryError(Exception):
    pass


class Registry(object):
    registries = {}
    _lock = threading.RLock()

    def __init__(self, dbname):
        self.db_name = dbname
        self.ready = False
        self.broken = None

    @classmethod
    def get(cls, dbname):
        """Registry(db): the loaded registry, loading it (without update) if needed."""
        with cls._lock:
            reg = cls.registries.get(dbname)
            if reg is not None and reg.ready:
                return reg
            return cls.new(dbname)

    @classmethod
    def new(cls, dbname, update_module=False):
        with cls._lock:
            t0 = time.time()
            registry = Registry(dbname)
            cls.registries[dbname] = registry
            thread = threading.current_thread()
            previous = getattr(thread, 'dbname', None)
            thread.dbname = dbname
            try:
                try:
                    load_modules(registry, update_module)
                except Exception:
                    log('odoo.modules.registry').exception('Failed to load registry')
                    del cls.registries[dbname]
                    raise
                if registry.broken:
                    del cls.registries[dbname]
                    raise RegistryError(registry.broken)
                registry.ready = True
                log('odoo.modules.registry').info("Registry loaded in %.3fs", time.time() - t0)
            finally:
                if previous is None:
                    try:
                        del thread.dbname
                    except AttributeError:
                        pass
                else:
                    thread.dbname = previous
            return registry

    @classmethod
    def delete(cls, dbname):
        with cls._lock:
            cls.registries.pop(dbname, None)


def module_graph(cr, states=('installed', 'to upgrade', 'to remove')):
    """Installed modules in dependency order (odoo.modules.graph), ties broken by name."""
    cr.execute("SELECT id, name, state, latest_version FROM ir_module_module WHERE state IN %s", (tuple(states),))
    mods = {name: (mid, state, ver) for mid, name, state, ver in cr.fetchall()}
    cr.execute("""SELECT m.name, d.name FROM ir_module_module_dependency d
                    JOIN ir_module_module m ON m.id = d.module_id""")
    deps = {}
    for name, dep in cr.fetchall():
        deps.setdefault(name, set()).add(dep)
    order, done = [], set()
    depth = {}

    def level(name, seen=()):
        if name in depth:
            return depth[name]
        if name in seen:
            return 0
        d = 0
        for dep in deps.get(name, ()):
            if dep in mods:
                d = max(d, level(dep, seen + (name,)) + 1)
        depth[name] = d if name != 'base' else 0
        return depth[name]

    for name in mods:
        level(name)
    for name in sorted(mods, key=lambda n: (depth[n], n != 'base', n)):
        if name not in done:
            done.add(name)
            order.append(name)
    return order, mods, deps


def dependents_closure(targets, mods, deps):
    """button_upgrade: a module's installed dependents are upgraded too."""
    result = set(targets)
    changed = True
    while changed:
        changed = False
        for name in mods:
            if name not in result and deps.get(name, set()) & result:
                result.add(name)
                changed = True
    return result


class StandinMigrationError(Exception):
    pass


def fail_module_for(order_to_update):
    wanted = os.environ.get('STANDIN_FAIL_MODULE', '').strip()
    if wanted:
        return wanted
    if not order_to_update:
        return None
    return order_to_update[1] if len(order_to_update) > 1 else order_to_update[0]


def _init_database(registry, cr):
    """-i base on an empty database: load the series fixture (all modules of the fixture installed),
    set the image's module versions, reset the database identity parameters like
    ir.config_parameter.init(force=True), generate the asset bundles."""
    lg = log('odoo.modules.loading')
    lg.info("init db")
    lg.info('loading 1 modules...')
    lg.info('Loading module base (1/1)')
    path = schema_file()
    with open(path, encoding='utf-8') as f:
        sql = f.read()
    cr.execute(sql)
    lg.log(25, '1 modules loaded in 0.45s, 2040 queries (+0 extra)')
    lg.info('updating modules list')
    order, mods, deps = module_graph(cr)
    lg.info('loading %d modules...', len(order))
    for index, name in enumerate(order, 1):
        if name != 'base':
            lg.info('Loading module %s (%d/%d)', name, index, len(order))
        if name in CODE:
            cr.execute("UPDATE ir_module_module SET latest_version = %s, state = 'installed', "
                       "write_date = now() at time zone 'UTC' WHERE name = %s", (CODE[name], name))
    # demo data unless without_demo (config['demo'] is the init list, base included)
    with_demo = demo_wanted()
    if with_demo:
        load_base_demo(cr)
    mark_installed(cr, order, with_demo)
    lg.info('%d modules loaded in %.2fs, %d queries (+%d extra)', len(order), 0.05 * len(order), 40 * len(order), 0)
    set_param(cr, 'database.secret', str(uuid.uuid4()))
    set_param(cr, 'database.uuid', str(uuid.uuid1()))
    set_param(cr, 'database.create_date', datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M:%S'))
    set_param(cr, 'web.base.url', 'http://localhost:%s' % config['http_port'])
    for key in ('web.base.url.freeze', 'report.url', 'database.enterprise_code',
                'database.expiration_date', 'database.expiration_reason'):
        cr.execute("DELETE FROM ir_config_parameter WHERE key = %s", (key,))
    create_code_fields(cr)
    generate_asset_bundles(cr, registry.db_name)


def _install_modules(cr, names, lg):
    for name in names:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", (name,))
        row = cr.fetchone()
        if row and row[0] == 'installed':
            continue
        if row is None:
            cr.execute("""INSERT INTO ir_module_module (name, state, latest_version, shortdesc, author, license,
                              create_uid, create_date, write_uid, write_date)
                          VALUES (%s, 'installed', %s, %s, 'stand-in', 'LGPL-3', 1, now() at time zone 'UTC',
                                  1, now() at time zone 'UTC') RETURNING id""",
                       (name, CODE[name], json.dumps({'en_US': name})))
            mid = cr.fetchone()[0]
            cr.execute("INSERT INTO ir_module_module_dependency (module_id, name) VALUES (%s, 'base')", (mid,))
        else:
            cr.execute("UPDATE ir_module_module SET state = 'installed', latest_version = %s, "
                       "write_date = now() at time zone 'UTC' WHERE name = %s", (CODE[name], name))
        lg.info('module %s: creating or updating database tables', name)
        # load_demo: only with demo wanted and when every module it depends on has demo data
        with_demo = demo_wanted() and dependencies_have_demo(cr, name)
        if with_demo:
            lg.info('Module %s: loading demo', name)
        mark_installed(cr, [name], with_demo)


def load_modules(registry, update_module):
    lg = log('odoo.modules.loading')
    dbname = registry.db_name
    conn = db_connect(dbname)
    try:
        cr = conn.cursor()
        cr.execute("SET SESSION lock_timeout = '15s'")
        for seq in ('base_registry_signaling', 'base_cache_signaling'):
            cr.execute("CREATE SEQUENCE IF NOT EXISTS %s INCREMENT BY 1 START WITH 1" % seq)
        conn.commit()
        if not table_exists(cr, 'ir_module_module'):
            if not update_module:
                lg.error("Database %s not initialized, you can force it with `-i base`", dbname)
                registry.broken = "Database %s not initialized" % dbname
                return
            _init_database(registry, cr)
            conn.commit()
            config['init'].pop('base', None)
            config['init'].pop('all', None)
        else:
            lg.info('loading 1 modules...')
            lg.log(25, '1 modules loaded in 0.01s, 0 queries (+0 extra)')
        init = [m for m in config['init'] if m not in ('base', 'all')] if update_module else []
        update = list(config['update']) if update_module else []
        if update_module and (init or update):
            lg.info('updating modules list')
            order, mods, deps = module_graph(cr, states=('installed', 'to upgrade', 'to remove', 'uninstalled', 'to install'))
            unknown = sorted(m for m in set(init) | set(update)
                             if m not in ('all', 'base') and m not in mods and m not in CODE)
            if unknown:
                lg.warning('invalid module names, ignored: %s', ", ".join(unknown))
            _install_modules(cr, [m for m in init if m in CODE], lg)
        order, mods, deps = module_graph(cr)
        to_update = set()
        if update_module and update:
            if 'all' in update or 'base' in update:
                to_update = set(order)
            else:
                to_update = dependents_closure([m for m in update if m in mods], mods, deps)
        update_order = [m for m in order if m in to_update]
        if to_update:
            cr.execute("UPDATE ir_module_module SET state = 'to upgrade' WHERE name IN %s AND state = 'installed'",
                       (tuple(to_update),))
        lg.info('loading %d modules...', len(order))
        failing = fail_module_for(update_order) if VARIANT == 'failing-upgrade' else None
        t0 = time.time()
        schema_changed = False
        for index, name in enumerate(order, 1):
            if name not in to_update:
                continue
            lg.info('Loading module %s (%d/%d)', name, index, len(order))
            # test knob (not Odoo): a slow update, so a test can kill a deploy during it
            time.sleep(float(os.environ.get('STANDIN_UPDATE_DELAY', '0') or 0))
            new_version = CODE.get(name, mods[name][2])
            old_version = mods[name][2]
            if old_version and new_version and old_version != new_version:
                log('odoo.modules.migration').info('module %s: Running migration [%s>%s] pre-migrate',
                                                   name, old_version, new_version)
            if name == failing:
                # this module's work is done, then its post-migration raises: rolled back with it
                cr.execute("UPDATE ir_module_module SET latest_version = %s, state = 'installed' WHERE name = %s",
                           (new_version, name))
                cr.execute("ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS x_standin_half_done boolean")
                script = '%s/migrations/%s/post-migrate.py' % (name, new_version)
                log('odoo.modules.migration').info('module %s: Running migration [%s>] post-migrate', name, new_version)
                raise StandinMigrationError(
                    "stand-in (STANDIN_VARIANT=failing-upgrade): %s failed while updating module %r" % (script, name))
            lg.info('module %s: creating or updating database tables', name)
            if not schema_changed:
                cr.execute("ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS x_standin_upgraded boolean")
                create_code_fields(cr)
                schema_changed = True
            lg.info('loading %s/data/%s_data.xml', name, name)
            cr.execute("""UPDATE ir_module_module SET latest_version = %s, state = 'installed',
                                 write_date = now() at time zone 'UTC' WHERE name = %s""", (new_version, name))
            # load_module_graph: env.cr.commit() after each updated module
            conn.commit()
        if to_update or init:
            lg.log(25, '%d modules loaded in %.2fs, %d queries (+%d extra)', len(order), time.time() - t0,
                   12 * len(order), 0)
            cr.execute("SELECT nextval('base_registry_signaling')")
            conn.commit()
        conn.commit()
        if server_mode_delay():
            time.sleep(server_mode_delay())
        lg.info('Modules loaded.')
    finally:
        try:
            conn.rollback()
        except Exception:
            pass
        conn.close()


_SERVER_MODE = {'on': False}


def server_mode_delay():
    if VARIANT != 'slow-start' or not _SERVER_MODE['on']:
        return 0
    try:
        return float(os.environ.get('STANDIN_START_DELAY', '20'))
    except ValueError:
        return 20.0


def preload_registries(dbnames):
    """odoo.service.server.preload_registries: -1 when a registry could not be loaded."""
    rc = 0
    for dbname in dbnames:
        try:
            update_module = bool(config['init'] or config['update'])
            threading.current_thread().dbname = dbname
            Registry.new(dbname, update_module=update_module)
        except Exception:
            log('odoo.service.server').critical('Failed to initialize database `%s`.', dbname, exc_info=True)
            return -1
    return rc
