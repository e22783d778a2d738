-- Webhook notifications of final task states, kept as a transactional outbox: a delivery row is written in
-- the same transaction that makes a task final, whoever makes it (the polling writer, a cancel, an operator's
-- UPDATE), so a committed final state always has its notifications and a rolled-back one never has any.
-- Senders claim due deliveries with SKIP LOCKED and a lease, like pollers claim tasks.

-- A Standard Webhooks secret: whsec_ + padded standard base64 of 24 to 64 random bytes (the HMAC key is the
-- decoded bytes). The shape is checked before decoding because decode() raises on malformed input; CASE
-- guarantees that order.
CREATE FUNCTION clb.is_valid_webhook_secret(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN value ~ '^whsec_[A-Za-z0-9+/]+={0,2}$' AND (length(value) - 6) % 4 = 0
        THEN octet_length(decode(substr(value, 7), 'base64')) BETWEEN 24 AND 64
    ELSE false
END;

-- Receivers: statically configured ones (name 'config:<name>', kept in step with configuration at start-up)
-- and ones created through the API (no name).
CREATE TABLE clb.webhook_endpoints (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                        text        NULL,
    url                         text        NOT NULL,
    secret                      text        NOT NULL,
    -- After a rotation the previous secret signs too (a second v1 signature) until it expires, so receivers
    -- can switch secrets without rejecting anything.
    previous_secret             text        NULL,
    previous_secret_expires_at  timestamptz NULL,
    -- Empty: every event type.
    event_types                 text[]      NOT NULL DEFAULT '{}',
    enabled                     boolean     NOT NULL DEFAULT true,
    disabled_reason             text        NULL,
    disabled_at                 timestamptz NULL,
    source                      text        NOT NULL,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    -- The first failed attempt since the last successful one: how long the endpoint has been failing.
    first_failure_at            timestamptz NULL,

    CONSTRAINT webhook_endpoint_names_are_unique UNIQUE (name),
    CONSTRAINT source_must_be_config_or_api
        CHECK (source IN ('config', 'api')),
    CONSTRAINT config_endpoints_named_config_colon_name_api_endpoints_unnamed
        CHECK ((source = 'config' AND name LIKE 'config:_%') OR (source = 'api' AND name IS NULL)),
    CONSTRAINT url_must_be_absolute_http_or_https
        CHECK (clb.is_valid_callback_url(url)),
    CONSTRAINT secret_must_be_whsec_and_base64_of_24_to_64_bytes
        CHECK (clb.is_valid_webhook_secret(secret)),
    CONSTRAINT previous_secret_must_be_whsec_base64_of_24_to_64_bytes_when_set
        CHECK (previous_secret IS NULL OR clb.is_valid_webhook_secret(previous_secret)),
    CONSTRAINT previous_secret_and_its_expiry_go_together
        CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL)),
    -- <@ is false for an array holding NULL, so NULL elements are refused too.
    CONSTRAINT event_types_must_be_task_event_types
        CHECK (event_types <@ ARRAY['task.succeeded', 'task.failed', 'task.timed_out', 'task.invalid', 'task.cancelled']
               AND coalesce(array_ndims(event_types), 1) = 1),
    CONSTRAINT disabled_reason_and_disabled_at_are_set_exactly_when_disabled
        CHECK (enabled = (disabled_at IS NULL) AND enabled = (disabled_reason IS NULL))
);

-- The outbox: one row per (event, target). The target is an endpoint, or the task's own callback_url when
-- endpoint_id is NULL. body holds the exact bytes that are signed and sent, built once, so every retry sends
-- the same bytes under the same message_id.
CREATE TABLE clb.webhook_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The Standard Webhooks webhook-id: the receiver's idempotency key, the same on every retry and for
    -- every target of one event.
    message_id       text        NOT NULL,
    task_row_id      bigint      NOT NULL REFERENCES clb.tasks (id) ON DELETE CASCADE,
    endpoint_id      bigint      NULL REFERENCES clb.webhook_endpoints (id) ON DELETE CASCADE,
    -- Where the next attempt goes (where the last one went, once finished).
    url              text        NOT NULL,
    event_type       text        NOT NULL,
    body             text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending',
    attempts         integer     NOT NULL DEFAULT 0,
    -- 'infinity' parks a pending delivery while its endpoint is disabled, so the due index skips it.
    next_attempt_at  timestamptz NOT NULL,
    lease_owner      text        NULL,
    lease_expires_at timestamptz NULL,
    last_status_code integer     NULL,
    last_error       text        NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz NULL,
    failed_at        timestamptz NULL,

    CONSTRAINT delivery_state_must_be_pending_delivered_or_failed
        CHECK (state IN ('pending', 'delivered', 'failed')),
    CONSTRAINT delivery_event_type_must_be_a_task_event_type
        CHECK (event_type IN ('task.succeeded', 'task.failed', 'task.timed_out', 'task.invalid', 'task.cancelled')),
    CONSTRAINT delivery_url_must_be_absolute_http_or_https
        CHECK (clb.is_valid_callback_url(url)),
    CONSTRAINT delivery_attempts_must_not_be_negative
        CHECK (attempts >= 0),
    CONSTRAINT delivery_lease_owner_and_lease_expires_at_go_together
        CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL)),
    CONSTRAINT delivered_at_must_be_set_exactly_when_delivered
        CHECK ((state = 'delivered') = (delivered_at IS NOT NULL)),
    CONSTRAINT failed_at_must_be_set_exactly_when_failed
        CHECK ((state = 'failed') = (failed_at IS NOT NULL)),
    CONSTRAINT delivery_last_error_is_at_most_2000_characters
        CHECK (length(last_error) <= 2000)
);

-- The claim query: due pending deliveries, oldest first. Finished deliveries never come back here unless
-- redelivered, so the index holds only the working set.
CREATE INDEX webhook_deliveries_due_idx ON clb.webhook_deliveries (next_attempt_at, id) WHERE state = 'pending';

-- An event reaches each target at most once. endpoint_id is NULL for the callback target, and NULLs are
-- distinct in a plain unique constraint, hence the expression (identity ids start at 1, so 0 is free).
CREATE UNIQUE INDEX webhook_deliveries_one_per_message_and_target
    ON clb.webhook_deliveries (message_id, (coalesce(endpoint_id, 0)));

-- Listing by task and by endpoint, newest first; they also serve the ON DELETE CASCADE of the foreign keys.
CREATE INDEX webhook_deliveries_task_idx ON clb.webhook_deliveries (task_row_id, id);
CREATE INDEX webhook_deliveries_endpoint_idx ON clb.webhook_deliveries (endpoint_id, id);

-- Failed deliveries: listing them, and recovering an endpoint's since a time. Partial, so the inserts of the
-- trigger (pending rows) never touch them; pending ones are listed through the due index, and delivered ones,
-- the bulk of the table, through the primary key.
CREATE INDEX webhook_deliveries_failed_idx ON clb.webhook_deliveries (id) WHERE state = 'failed';
CREATE INDEX webhook_deliveries_failed_by_endpoint_idx ON clb.webhook_deliveries (endpoint_id, created_at) WHERE state = 'failed';

-- The delivery log: one row per HTTP attempt.
CREATE TABLE clb.webhook_attempts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      bigint      NOT NULL REFERENCES clb.webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at     timestamptz NOT NULL,
    -- NULL when no response arrived (refused, timed out, blocked before connecting).
    status_code      integer     NULL,
    duration_ms      integer     NOT NULL,
    error            text        NULL,
    -- The start of the response body; enough to see what a receiver complained about.
    response_excerpt text        NULL,

    CONSTRAINT attempt_duration_ms_must_not_be_negative
        CHECK (duration_ms >= 0),
    CONSTRAINT attempt_error_is_at_most_2000_characters
        CHECK (length(error) <= 2000),
    CONSTRAINT attempt_response_excerpt_is_at_most_4096_characters
        CHECK (length(response_excerpt) <= 4096)
);

CREATE INDEX webhook_attempts_delivery_idx ON clb.webhook_attempts (delivery_id, id);

-- ISO 8601 in UTC with a Z and milliseconds, the form every JSON date parser reads (JavaScript's included).
CREATE FUNCTION clb.iso_utc(value timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

-- The notification body of a final task, compact JSON with its keys in a fixed order. Assembled as text
-- rather than with json(b)_build_object: jsonb reorders keys and json_build_object pads every colon.
-- to_json escapes each string; NULLs become null.
CREATE FUNCTION clb.task_webhook_body(task clb.tasks) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN '{"type":' || to_json('task.' || task.state)::text
    || ',"timestamp":' || coalesce(to_json(clb.iso_utc(task.completed_at))::text, 'null')
    || ',"data":{"id":' || task.id
    || ',"taskId":' || to_json(task.task_id)::text
    || ',"region":' || to_json(task.region)::text
    || ',"account":' || to_json(task.account)::text
    || ',"state":' || to_json(task.state)::text
    || ',"status":' || coalesce(task.last_status::text, 'null')
    || ',"errorCode":' || coalesce(to_json(task.last_error_code)::text, 'null')
    || ',"errorMessage":' || coalesce(to_json(task.last_error_message)::text, 'null')
    || ',"attempts":' || task.attempts
    || ',"requestId":' || coalesce(to_json(task.last_request_id)::text, 'null')
    || ',"enqueuedAt":' || to_json(clb.iso_utc(task.created_at))::text
    || ',"completedAt":' || coalesce(to_json(clb.iso_utc(task.completed_at))::text, 'null')
    || ',"metadata":' || task.metadata::text
    || '}}';

-- Enqueues the notifications of every task the UPDATE statement moved from pending to a final state: one
-- delivery to its callback_url when set, and one per enabled endpoint whose event_types is empty or holds
-- the event type. It runs once per statement over the transition tables, set-based, so a 500-row batch
-- costs one INSERT ... SELECT; statements that finish nothing (claims, reschedules) leave after one scan of
-- the new rows.
--
-- message_id names the event: the task row, its final state and when it became final (microseconds). A task
-- that an operator puts back to pending and that finishes again is a new event with a new id; within one
-- event every target and every retry share the id. ON CONFLICT DO NOTHING means a repeated event can never
-- fail the writer's transaction.
--
-- The delivery is due at the completed_at the writer set (the writer's clock, which tests pin), but never
-- later than this transaction's now(), so a completed_at set in the future cannot hold a notification back.
CREATE FUNCTION clb.enqueue_task_webhooks() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    enqueued bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows WHERE state <> 'pending') THEN
        RETURN NULL;
    END IF;

    -- MATERIALIZED: each event's body is built once, not once per target.
    WITH event AS MATERIALIZED (
        SELECT n.id AS task_row_id,
               n.callback_url,
               'task.' || n.state AS event_type,
               'msg_' || n.id || '_' || n.state || '_'
                   || (extract(epoch FROM n.completed_at) * 1000000)::bigint AS message_id,
               clb.task_webhook_body(n) AS body,
               least(n.completed_at, now()) AS due_at
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        WHERE o.state = 'pending' AND n.state <> 'pending'
    )
    INSERT INTO clb.webhook_deliveries (message_id, task_row_id, endpoint_id, url, event_type, body, next_attempt_at)
    SELECT e.message_id, e.task_row_id, target.endpoint_id, target.url, e.event_type, e.body, e.due_at
    FROM event e
    CROSS JOIN LATERAL (
        SELECT NULL::bigint AS endpoint_id, e.callback_url AS url
        WHERE e.callback_url IS NOT NULL
        UNION ALL
        SELECT w.id, w.url
        FROM clb.webhook_endpoints w
        WHERE w.enabled AND (cardinality(w.event_types) = 0 OR e.event_type = ANY (w.event_types))
    ) target
    ON CONFLICT (message_id, (coalesce(endpoint_id, 0))) DO NOTHING;

    GET DIAGNOSTICS enqueued = ROW_COUNT;
    -- A hint for idle senders, like clb_tasks_enqueued: delivered at commit, so never for a rollback.
    IF enqueued > 0 THEN
        PERFORM pg_notify('clb_webhooks_enqueued', enqueued::text);
    END IF;
    RETURN NULL;
END
$fn$;

-- Transition tables require a trigger without a column list, so it fires for every UPDATE of clb.tasks;
-- the early exit above keeps that cheap.
CREATE TRIGGER tasks_enqueue_webhooks
    AFTER UPDATE ON clb.tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION clb.enqueue_task_webhooks();
