# -*- coding: utf-8 -*-
"""Outgoing mail: the mail queue cron (mail.mail.process_email_queue)."""
import email.message
import email.utils
import os
import re
import smtplib
import threading
import time

from .conf import config
from .loading import Registry
from .netsvc import log
from .sql_db import db_connect

# ------------------------------------------------------------------------------------------------
# Outgoing mail: mail.mail.process_email_queue via the cron mail.ir_cron_mail_scheduler_action
# ------------------------------------------------------------------------------------------------
def _email_domain(addr):
    addr = email.utils.parseaddr(addr or '')[1].lower()
    return addr.partition('@')[2]


def find_mail_server(servers, email_from):
    """ir.mail_server._find_mail_server (reduced): from_filter match on the address, then on the
    domain, then the first active server without from_filter, then the first active server."""
    active = [s for s in servers if s['active']]
    addr = email.utils.parseaddr(email_from or '')[1].lower()
    domain = addr.partition('@')[2]
    for target in (addr, domain):
        if not target:
            continue
        for s in active:
            if s['from_filter'] and any(f.strip().lower() == target for f in s['from_filter'].split(',')):
                return s
    for s in active:
        if not s['from_filter']:
            return s
    return active[0] if active else None


def smtp_send(server, msg, recipients):
    """ir.mail_server.connect + send_email (reduced)."""
    if server is None:
        host, port = config['smtp_server'] or 'localhost', int(config['smtp_port'] or 25)
        encryption = 'ssl' if config['smtp_ssl'] else 'none'
        user, password = config['smtp_user'] or None, config['smtp_password'] or None
    else:
        host, port = server['smtp_host'], int(server['smtp_port'] or 25)
        encryption = server['smtp_encryption'] or 'none'
        user, password = server['smtp_user'], server['smtp_pass']
    if encryption == 'ssl':
        conn = smtplib.SMTP_SSL(host, port, timeout=15)
    else:
        conn = smtplib.SMTP(host, port, timeout=15)
    try:
        conn.ehlo_or_helo_if_needed()
        if encryption == 'starttls':
            conn.starttls()
            conn.ehlo()
        if user and (server is None or server.get('smtp_authentication') in (None, 'login')):
            conn.login(user, password or '')
        conn.send_message(msg, from_addr=email.utils.parseaddr(msg['From'])[1] or None, to_addrs=recipients)
    finally:
        try:
            conn.quit()
        except Exception:
            conn.close()
    return host, port


def process_email_queue(dbname):
    lg = log('odoo.addons.mail.models.mail_mail')
    lg_srv = log('odoo.addons.base.models.ir_mail_server')
    conn = db_connect(dbname)
    try:
        cr = conn.cursor()
        cr.execute("""SELECT c.id, c.active FROM ir_cron c
                        JOIN ir_model_data d ON d.res_id = c.id AND d.model = 'ir.cron'
                       WHERE d.module = 'mail' AND d.name = 'ir_cron_mail_scheduler_action'""")
        row = cr.fetchone()
        if not row or not row[1]:
            return 0
        cron_id = row[0]
        cr.execute("SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", (cron_id,))
        if not cr.fetchone():
            conn.rollback()
            return 0
        cr.execute("""SELECT id, name, smtp_host, smtp_port, smtp_user, smtp_pass, smtp_encryption,
                             smtp_authentication, active, from_filter
                        FROM ir_mail_server ORDER BY sequence, id""")
        cols = [d[0] for d in cr.description]
        servers = [dict(zip(cols, r)) for r in cr.fetchall()]
        by_id = {s['id']: s for s in servers}
        cr.execute("""SELECT mm.id, mm.body_html, mm.email_to, mm.email_cc, mm.auto_delete, mm.headers,
                             m.subject, m.email_from, m.reply_to, m.message_id, m.mail_server_id
                        FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
                       WHERE mm.state = 'outgoing'
                         AND (mm.scheduled_date IS NULL OR mm.scheduled_date <= now() at time zone 'UTC')
                       ORDER BY mm.id LIMIT 10000""")
        mails = cr.fetchall()
        sent = 0
        if mails:
            log('odoo.addons.base.models.ir_cron').info("Starting job `%s`.", 'Mail: Email Queue Manager')
        for (mail_id, body, email_to, email_cc, auto_delete, headers, subject, email_from, reply_to,
             message_id, mail_server_id) in mails:
            cr.execute("""SELECT p.email FROM mail_mail_res_partner_rel r JOIN res_partner p ON p.id = r.res_partner_id
                           WHERE r.mail_mail_id = %s AND p.email IS NOT NULL""", (mail_id,))
            recipients = [a for a in (email_to or '').replace(';', ',').split(',') if a.strip()]
            recipients += [r[0] for r in cr.fetchall()]
            recipients = [email.utils.parseaddr(a)[1] for a in recipients if email.utils.parseaddr(a)[1]]
            try:
                if mail_server_id:
                    server = by_id.get(mail_server_id)
                    if server is not None and not server['active']:
                        raise Exception('The server "%s" cannot be used because it is archived.' % server['name'])
                else:
                    server = find_mail_server(servers, email_from)
                if not recipients:
                    raise Exception('Error without exception. Probably due to sending an email without computed recipients.')
                msg = email.message.EmailMessage()
                msg['Subject'] = subject or ''
                msg['From'] = email_from or 'notifications@example.com'
                msg['To'] = ', '.join(recipients)
                if email_cc:
                    msg['Cc'] = email_cc
                if reply_to:
                    msg['Reply-To'] = reply_to
                msg['Message-Id'] = message_id or email.utils.make_msgid()
                msg['Date'] = email.utils.formatdate()
                msg['X-Odoo-Mail-Id'] = str(mail_id)
                msg.set_content(re.sub(r'<[^>]+>', '', body or ''))
                msg.add_alternative(body or '', subtype='html')
                target = ('%s:%s' % (server['smtp_host'], server['smtp_port'])) if server else \
                    ('%s:%s (command line / odoo.conf)' % (config['smtp_server'], config['smtp_port']))
                lg_srv.info('Sending mail id=%s to %s via %s', mail_id, ', '.join(recipients), target)
                smtp_send(server, msg, recipients)
                if auto_delete:
                    cr.execute("DELETE FROM mail_mail WHERE id = %s", (mail_id,))
                else:
                    cr.execute("UPDATE mail_mail SET state = 'sent', failure_reason = NULL, failure_type = NULL, "
                               "write_date = now() at time zone 'UTC' WHERE id = %s", (mail_id,))
                lg.info('Mail with ID %r and Message-Id %r successfully sent', mail_id, msg['Message-Id'])
                sent += 1
            except Exception as e:
                reason = '%s: %s' % (type(e).__name__, e)
                lg.info('failed sending mail (id: %s) due to %s', mail_id, reason)
                cr.execute("UPDATE mail_mail SET state = 'exception', failure_type = 'mail_smtp', "
                           "failure_reason = %s, write_date = now() at time zone 'UTC' WHERE id = %s",
                           (reason, mail_id))
            conn.commit()
        cr.execute("UPDATE ir_cron SET lastcall = now() at time zone 'UTC' WHERE id = %s", (cron_id,))
        conn.commit()
        if mails:
            log('odoo.addons.base.models.ir_cron').info("Job done: `%s` (%d mails).", 'Mail: Email Queue Manager',
                                                        len(mails))
        return sent
    finally:
        try:
            conn.rollback()
        except Exception:
            pass
        conn.close()


def cron_thread(number):
    interval = float(os.environ.get('STANDIN_CRON_INTERVAL', '3'))
    thread = threading.current_thread()
    while True:
        time.sleep(interval)
        for dbname, registry in list(Registry.registries.items()):
            if not registry.ready:
                continue
            thread.dbname = dbname
            try:
                process_email_queue(dbname)
            except Exception:
                log('odoo.service.server').exception('cron%d encountered an Exception:', number)
            finally:
                thread.dbname = '?'
