-- odoo-release's own state on an environment's PostgreSQL server, in its own database
-- (default name odoo_release_<role>, one per Odoo role, marked IS_TEMPLATE so Odoo's database list never shows it).
-- Every statement is idempotent: the engine runs this file on each connection it opens.

CREATE TABLE IF NOT EXISTS snapshot (
    id            text PRIMARY KEY,
    environment   text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('template', 'dump')),
    status        text        NOT NULL CHECK (status IN ('creating', 'verified', 'failed', 'restored', 'deleted')),
    label         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    database_name text,        -- template kind: the snapshot database on this server
    location      text,        -- folder holding the filestore copy (and the dump for the dump kind)
    operation_id  text        NOT NULL,
    pinned_by     text,        -- an operation that depends on this snapshot; retention never deletes it
    size_bytes    bigint,
    manifest      jsonb,
    error         text
);
CREATE INDEX IF NOT EXISTS snapshot_environment_idx ON snapshot (environment, kind, created_at DESC);

-- What ran against each environment, and how it ended.
CREATE TABLE IF NOT EXISTS history (
    id           bigserial PRIMARY KEY,
    environment  text        NOT NULL,
    operation    text        NOT NULL,
    operation_id text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    result       text,
    details      jsonb
);
CREATE INDEX IF NOT EXISTS history_environment_idx ON history (environment, started_at DESC);

-- Steps of a multi-step operation that changes an environment in place (restore swaps, deploys),
-- so an interrupted one can be finished or undone by the next run.
CREATE TABLE IF NOT EXISTS journal (
    operation_id text PRIMARY KEY,
    environment  text        NOT NULL,
    operation    text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    step         text        NOT NULL,
    open         boolean     NOT NULL DEFAULT true,
    data         jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS journal_open_idx ON journal (environment) WHERE open;

-- What is deployed in each environment (written by deploys).
CREATE TABLE IF NOT EXISTS environment_state (
    environment text PRIMARY KEY,
    image       text,
    commit      text,
    modules     jsonb,
    deployed_at timestamptz,
    snapshot_id text,
    build       text,
    details     jsonb
);
