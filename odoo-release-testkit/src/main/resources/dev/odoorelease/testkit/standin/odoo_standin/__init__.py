# -*- coding: utf-8 -*-
"""Odoo stand-in: a small program that behaves like `odoo-bin` (Odoo 16.0 / 17.0 / 18.0) wherever
odoo-release touches Odoo: command line and config file, database creation and `-i base`,
`-u` (committing after each module), `neutralize`, the HTTP endpoints a deploy health check uses,
the asset bundle attachment served from the filestore, the outgoing-mail cron, log lines, exit codes
and signals. It is a test fixture, not Odoo: see README.md next to it for what it imitates, the
variants, and where it knowingly differs.

The package holds one module per part of Odoo it imitates:
  release      Release and image identity: the series, the variant, the versions of the modules this image's "code" ships.
  conf         Configuration: command line and config file (odoo/tools/config.py, reduced).
  netsvc       Logging: Odoo's log line format (odoo/netsvc.py).
  sql_db       Database access (odoo/sql_db.py, reduced) and the schema fixture of this series.
  filestore    The filestore and the asset bundles served from it (ir_attachment.py / assetsbundle.py, reduced).
  loading      The registry: create a database, install and update modules (odoo/modules/registry.py + loading.py, reduced).
  mail_queue   Outgoing mail: the mail queue cron (mail.mail.process_email_queue).
  auth         Passwords and logins (res.users: passlib pbkdf2_sha512 and plaintext).
  rpc          The JSON-RPC / XML-RPC services and models a client calls.
  http_server  HTTP: the routes a deploy's health check and a browser use (odoo/http.py + web controllers, reduced).
  server       The server command (odoo/cli/server.py + odoo/service/server.py ThreadedServer, reduced).
  neutralize   The neutralize command and each module's neutralization SQL (odoo/cli/neutralize.py + modules/neutralize.py).
  cli          Entry point: the commands of odoo-bin (odoo/cli/command.py).

Python 3 standard library + psycopg2 only. Runs as /usr/bin/odoo in the stand-in image or directly
on a host: `python3 odoo -d db -i base --stop-after-init --db_host 127.0.0.1 ...`.

Environment (baked into the image by its Dockerfile, all optional on a host):
  ODOO_SERIES        16.0 | 17.0 | 18.0 (default 17.0)
  STANDIN_VARIANT    good | failing-upgrade | crash-at-start | health-500 | slow-start (default good)
  MODULE_VERSIONS    "base=17.0.1.3,mail=17.0.1.16,my_module=1.2": the versions of this image's "code"
  STANDIN_HOME       folder holding schema/odooNN.sql (default: next to this program, or ../schema)
  STANDIN_START_DELAY       slow-start: seconds the registry load takes (default 20)
  STANDIN_FAIL_MODULE       failing-upgrade: the module whose update raises (default: the 2nd updated)
  STANDIN_CRON_INTERVAL     seconds between two runs of the mail queue cron (default 3)
  STANDIN_OCA_QUEUE_NEUTRALIZE  1: queue_job ships OCA's recent data/neutralize.sql (default 0)
  STANDIN_CODE_FIELDS  "res_partner.x_loyalty,res_users.x_badge": stored fields this image's code defines beyond the
                     fixture schema; -i base and -u create their columns; without them (code ahead of the schema)
                     every login that reads the user's record fails like Odoo's, with psycopg2's UndefinedColumn
  ODOO_RC            config file used when no -c is given (like odoo-bin)
"""
