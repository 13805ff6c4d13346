-- The other client sessions of a database (parameter: its name) and how the connected role may end each with
-- pg_terminate_backend, by PostgreSQL's own rules (checked in this order):
--   'superuser' the connected role is a superuser: any session;
--   'none'      the session's role is a superuser and the connected role is not: only a superuser may end it;
--   'own'       the connected role has the privileges of the session's role (the same role, or a member of it);
--   'signal'    the connected role has the privileges of pg_signal_backend (a managed server's master user);
--   'none'      otherwise.
-- Autovacuum and other background workers are not client sessions: PostgreSQL stops them itself. A role that is not
-- a superuser and lacks pg_read_all_stats sees NULL as the backend_type of another role's sessions (and of everything
-- but its own): such a row with a role (usesysid) is a client's connection (or its parallel worker), while autovacuum
-- workers have no role.
SELECT a.pid,
       coalesce(a.usename::text, '?') AS role,
       coalesce(nullif(a.application_name, ''), a.usename::text, '?') AS application,
       CASE WHEN me.rolsuper THEN 'superuser'
            WHEN coalesce(r.rolsuper, false) THEN 'none'
            WHEN a.usesysid IS NOT NULL AND pg_has_role(a.usesysid, 'USAGE') THEN 'own'
            WHEN pg_has_role('pg_signal_backend', 'USAGE') THEN 'signal'
            ELSE 'none' END AS how
  FROM pg_stat_activity a
  LEFT JOIN pg_roles r ON r.oid = a.usesysid
 CROSS JOIN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) me
 WHERE a.datname = ? AND a.pid <> pg_backend_pid()
   AND (a.backend_type = 'client backend' OR (a.backend_type IS NULL AND a.usesysid IS NOT NULL))
 ORDER BY a.pid
