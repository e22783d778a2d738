-- Following tasks live: a log of task events for the event stream (GET /api/events) and its resumption, the wake-up
-- of long-poll waiters (GET /api/tasks/{id}?wait=), and the dashboard's charts; and a rolling per-10-seconds record of
-- each rate-limit key's send slots for the dashboard's request-rate chart. Everything is written by triggers, so
-- whoever changes a task (the polling writer, a cancel, an operator's UPDATE) produces the same events in the same
-- transaction, and a rolled-back change produces none.

-- One row per event: a task's final transition (type task.succeeded ... task.cancelled, the webhook's types) or a
-- poll that left it running (task.polled). body is the whole event as the stream sends it: for a final transition
-- exactly the webhook body (clb.task_webhook_body), so the stream and the webhooks cannot disagree.
--
-- id is the stream's event id, and ids are handed out in commit order (see clb.record_task_events): a reader that
-- has seen id N has seen, or will never see, every id below it. That is what lets a client resume with
-- Last-Event-ID without gaps or repeats.
CREATE TABLE clb.task_events (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- No foreign key: events outlive nothing they need, and deleting old tasks must not wait on this table.
    task_row_id           bigint           NOT NULL,
    type                  text             NOT NULL,
    account               text             NOT NULL,
    region                text             NOT NULL,
    task_id               text             NOT NULL,
    state                 text             NOT NULL,
    body                  text             NOT NULL,
    -- The database clock when the event was written: the charts' time axis and the retention cutoff.
    recorded_at           timestamptz      NOT NULL DEFAULT clock_timestamp(),
    -- From the task's previous poll (or its enqueueing) to the poll that saw Tencent report it final, as the
    -- clb.task.detection_lag metric measures it; NULL when no poll saw the end (deadline, cancel, invalid).
    detection_lag_seconds double precision NULL,

    CONSTRAINT task_event_type_must_be_a_task_event_type
        CHECK (type IN ('task.succeeded', 'task.failed', 'task.timed_out', 'task.invalid', 'task.cancelled', 'task.polled'))
);

-- Retention deletes by time, oldest first; the charts read the last minutes of final events.
CREATE INDEX task_events_recorded_idx ON clb.task_events (recorded_at, id);
CREATE INDEX task_events_final_recorded_idx ON clb.task_events (recorded_at) WHERE type <> 'task.polled';

-- How far retention has deleted, per kind of event: a stream asked to resume after an id below this cannot be
-- complete any more, and says so instead of silently skipping what was deleted.
CREATE TABLE clb.task_events_pruned (
    kind     text   PRIMARY KEY,
    through  bigint NOT NULL DEFAULT 0,
    CONSTRAINT pruned_kind_must_be_final_or_poll CHECK (kind IN ('final', 'poll'))
);
INSERT INTO clb.task_events_pruned (kind) VALUES ('final'), ('poll');

-- A poll event's body: the webhook body of the still-pending task with type task.polled and the poll's time as its
-- timestamp. Built from clb.task_webhook_body so that fields added there appear here too; the envelope of a pending
-- task always starts with the prefix below (its type is task.pending and it has no completed_at yet).
CREATE FUNCTION clb.task_poll_event_body(task clb.tasks) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $fn$
DECLARE
    body   text := clb.task_webhook_body(task);
    prefix text := '{"type":"task.pending","timestamp":null,';
BEGIN
    IF starts_with(body, prefix) THEN
        RETURN '{"type":"task.polled","timestamp":' || coalesce(to_json(clb.iso_utc(task.last_polled_at))::text, 'null') || ','
            || substr(body, length(prefix) + 1);
    END IF;
    RETURN body;
END
$fn$;

-- Records the events of one UPDATE statement on clb.tasks: a final transition (pending to a final state) and a poll
-- that left a task pending (last_polled_at moved). Claims and reschedules without a poll record nothing.
--
-- Commit order: identity values are drawn when a row is inserted, and two transactions can commit in the other order
-- than they drew them, so a reader could see id 8 before id 7 commits and then skip 7. The transaction-scoped lock
-- below is taken before any id is drawn and held until commit, so a transaction that records events draws its ids
-- only after every earlier one has committed. It serialises only transactions that record events, from this
-- trigger to their commit, which the NOTIFY below (one global queue lock at commit) does nearly as much anyway.
--
-- NOTIFY clb_task_events (payload: the highest id written) is delivered at commit, so never for a rollback; it wakes
-- each process's one listener, which reads the new rows and wakes its waiters and streams.
CREATE FUNCTION clb.record_task_events() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    last_id bigint;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE o.state = 'pending'
          AND (n.state <> 'pending' OR n.last_polled_at IS DISTINCT FROM o.last_polled_at)) THEN
        RETURN NULL;
    END IF;

    -- 0x434C424556454E54: 'CLBEVENT'.
    PERFORM pg_advisory_xact_lock(4849323764338740820);

    WITH inserted AS (
        INSERT INTO clb.task_events (task_row_id, type, account, region, task_id, state, body, recorded_at, detection_lag_seconds)
        SELECT n.id,
               CASE WHEN n.state = 'pending' THEN 'task.polled' ELSE 'task.' || n.state END,
               n.account, n.region, n.task_id, n.state,
               CASE WHEN n.state = 'pending' THEN clb.task_poll_event_body(n) ELSE clb.task_webhook_body(n) END,
               -- Read once the lock is held, so that times grow with ids (retention cuts the log by time into id ranges).
               clock_timestamp(),
               CASE WHEN n.state IN ('succeeded', 'failed') AND n.last_polled_at IS NOT NULL
                         AND n.last_polled_at IS DISTINCT FROM o.last_polled_at
                    THEN greatest(0, extract(epoch FROM n.last_polled_at - coalesce(o.last_polled_at, o.created_at)))::double precision
               END
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        WHERE o.state = 'pending'
          AND (n.state <> 'pending' OR n.last_polled_at IS DISTINCT FROM o.last_polled_at)
        ORDER BY n.id
        RETURNING id
    )
    SELECT max(id) INTO last_id FROM inserted;

    PERFORM pg_notify('clb_task_events', last_id::text);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER tasks_record_events
    AFTER UPDATE ON clb.tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION clb.record_task_events();

-- The request-rate chart: send slots granted and RequestLimitExceeded noted per (account, endpoint host) and 10-second
-- bucket of the database clock, with the configured rate then. clb.rate_limits keeps only running totals; a row
-- trigger turns each change of them into an increment here. The reserving transaction holds the key's row lock
-- already, so this adds no contention. Retention deletes old buckets.
CREATE TABLE clb.rate_limit_history (
    account              text             NOT NULL,
    host                 text             NOT NULL,
    bucket_start         timestamptz      NOT NULL,
    granted              bigint           NOT NULL DEFAULT 0,
    limit_exceeded       bigint           NOT NULL DEFAULT 0,
    requests_per_second  double precision NOT NULL,
    CONSTRAINT rate_limit_history_pkey PRIMARY KEY (bucket_start, account, host)
);

CREATE FUNCTION clb.record_rate_limit_history() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
BEGIN
    INSERT INTO clb.rate_limit_history AS h (account, host, bucket_start, granted, limit_exceeded, requests_per_second)
    VALUES (NEW.account, NEW.host, date_bin('10 seconds', clock_timestamp(), timestamptz '2000-01-01 00:00:00+00'),
            greatest(0, NEW.granted_total - OLD.granted_total), greatest(0, NEW.limit_exceeded_total - OLD.limit_exceeded_total),
            NEW.requests_per_second)
    ON CONFLICT (bucket_start, account, host) DO UPDATE
    SET granted = h.granted + excluded.granted,
        limit_exceeded = h.limit_exceeded + excluded.limit_exceeded,
        requests_per_second = excluded.requests_per_second;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER rate_limits_record_history
    AFTER UPDATE ON clb.rate_limits
    FOR EACH ROW
    WHEN (NEW.granted_total <> OLD.granted_total OR NEW.limit_exceeded_total <> OLD.limit_exceeded_total)
    EXECUTE FUNCTION clb.record_rate_limit_history();
