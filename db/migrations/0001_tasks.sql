-- clb.tasks: one row per Tencent Cloud CLB asynchronous task (the RequestId of a call such as
-- CreateLoadBalancer), polled with DescribeTaskStatus until it reports 0 (succeeded) or 1 (failed).
-- The table is the queue: due pending rows are claimed in batches, everything else is history.

-- The regular expressions below spell non-ASCII characters as \uXXXX, which needs a UTF8 database.
DO $$
BEGIN
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RAISE EXCEPTION 'ClbWorker needs a UTF8 database, this one is %', current_setting('server_encoding')
            USING HINT = 'Create the database with ENCODING ''UTF8''.';
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS clb;

-- The shape rules live in these predicates so that the table's CHECK constraints and clb.enqueue_task
-- cannot drift apart. They are IMMUTABLE because CHECK constraints require it: a later migration that
-- changes one must re-validate the constraints that use it, since existing rows are not re-checked.

-- A task id is the RequestId Tencent Cloud returned: 1 to 64 characters, none of them whitespace
-- (including Unicode spaces: NBSP, U+1680, U+180E, U+2000-U+200B, U+2028/9, U+202F, U+205F, U+2060,
-- U+3000, BOM) or control characters (U+0001-U+001F, DEL and the C1 block U+007F-U+009F).
CREATE FUNCTION clb.is_valid_task_id(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN value ~ '^[^\u0001-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]{1,64}$';

-- Tencent Cloud regions: ap-guangzhou, na-siliconvalley, and the finance zones such as ap-shanghai-fsi.
CREATE FUNCTION clb.is_valid_region(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN value ~ '^[a-z]{2}-[a-z]+(-fsi)?$';

-- The name of the credential set the task was created with; it ends up in logs and configuration keys.
CREATE FUNCTION clb.is_valid_account(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN value ~ '^[A-Za-z0-9._-]{1,64}$';

-- Where the outcome is POSTed: an absolute http(s) URL with a host and no whitespace.
CREATE FUNCTION clb.is_valid_callback_url(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN value ~* '^https?://[^/?#\s]+([/?#]\S*)?$';

CREATE TABLE clb.tasks (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id            text        NOT NULL,
    region             text        NOT NULL,
    account            text        NOT NULL DEFAULT 'default',
    state              text        NOT NULL DEFAULT 'pending',
    -- The last Status DescribeTaskStatus reported: 0 succeeded, 1 failed, 2 still running.
    last_status        smallint    NULL,
    last_error_code    text        NULL,
    last_error_message text        NULL,
    -- The RequestId of our latest DescribeTaskStatus call, for support tickets.
    last_request_id    text        NULL,
    attempts           integer     NOT NULL DEFAULT 0,
    -- Defaults to now() so that a plain INSERT is due at once.
    next_poll_at       timestamptz NOT NULL DEFAULT now(),
    lease_owner        text        NULL,
    lease_expires_at   timestamptz NULL,
    -- NULL means the worker's configured default deadline, counted from created_at.
    deadline_at        timestamptz NULL,
    callback_url       text        NULL,
    metadata           jsonb       NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    completed_at       timestamptz NULL,

    CONSTRAINT one_task_per_account_region_task_id UNIQUE (account, region, task_id),
    CONSTRAINT task_id_must_be_1_to_64_chars_no_whitespace_or_control
        CHECK (clb.is_valid_task_id(task_id)),
    CONSTRAINT region_must_look_like_ap_guangzhou_or_ap_shanghai_fsi
        CHECK (clb.is_valid_region(region)),
    CONSTRAINT account_must_be_1_to_64_letters_digits_dot_underscore_dash
        CHECK (clb.is_valid_account(account)),
    CONSTRAINT state_must_be_pending_or_a_known_final_state
        CHECK (state IN ('pending', 'succeeded', 'failed', 'timed_out', 'invalid', 'cancelled')),
    CONSTRAINT last_status_must_be_0_1_or_2_when_set
        CHECK (last_status IN (0, 1, 2)),
    CONSTRAINT attempts_must_not_be_negative
        CHECK (attempts >= 0),
    CONSTRAINT lease_owner_and_lease_expires_at_go_together
        CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL)),
    CONSTRAINT callback_url_must_be_absolute_http_or_https_when_set
        CHECK (callback_url IS NULL OR clb.is_valid_callback_url(callback_url)),
    CONSTRAINT metadata_must_be_a_json_object
        CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT completed_at_must_be_set_exactly_when_state_is_final
        CHECK ((state = 'pending') = (completed_at IS NULL))
)
-- Every poll rewrites a row (attempts, last_status, next_poll_at, lease), so this table churns far
-- more than it grows. fillfactor 80 leaves room on each page for the new row versions: updates that do
-- not touch an indexed column stay HOT, and the others at least stay on the same page. The default
-- autovacuum trigger (20% of the table dead) would let millions of dead versions pile up in a big
-- table, so vacuum at 2% (plus 1000 rows) and analyze at 5% to keep the due-task plan accurate.
WITH (
    fillfactor = 80,
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.05
);

-- The claim query is "pending rows with next_poll_at <= now, oldest first". Finished rows are the vast
-- majority over time and never claimed again, so they stay out of this index: it holds only the
-- working set and stays small and hot however large the history grows. id breaks ties so that a
-- batch's order is stable.
CREATE INDEX tasks_due_pending_idx ON clb.tasks (next_poll_at, id) WHERE state = 'pending';
