-- Previews (#20), in the state database of the previews' source environment (staging), beside schema.sql's tables.
-- Every statement is idempotent: the engine runs this file each time it opens the preview registry.

-- The copies a verified stage clone made, by the database.uuid the neutralization gave them: a database (or a snapshot
-- of it, or a copy of that) whose database.uuid is listed here for the environment was scrubbed. Production's own uuid
-- is never listed: the neutralization of every stage clone generates a new one.
CREATE TABLE IF NOT EXISTS scrubbed_copy (
    database_uuid  text        NOT NULL,
    environment    text        NOT NULL,
    stage_clone_id text        NOT NULL,
    verified_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (environment, database_uuid)
);

-- The previews alive (or being created or removed) of the environments whose state lives here.
CREATE TABLE IF NOT EXISTS preview (
    name         text PRIMARY KEY,
    source       text        NOT NULL,
    branch       text        NOT NULL,
    change_id    text,
    database     text        NOT NULL,
    data_dir     text        NOT NULL,
    container    text        NOT NULL,
    url          text        NOT NULL,
    port         integer,
    status       text        NOT NULL CHECK (status IN ('creating', 'alive', 'removing')),
    image        text,
    commit       text,
    snapshot_id  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
