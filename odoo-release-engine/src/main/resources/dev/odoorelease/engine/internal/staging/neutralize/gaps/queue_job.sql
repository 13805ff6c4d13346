-- module: queue_job
-- OCA queue jobs waiting or running are cancelled (what recent OCA/queue ships as its neutralize.sql,
-- applied whenever the table exists: older queue_job branches ship none)
-- requires: queue_job(state)
UPDATE queue_job SET state = 'cancelled' WHERE state IN ('wait_dependencies', 'pending', 'enqueued', 'started');
