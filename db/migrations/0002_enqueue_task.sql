-- clb.enqueue_task: the supported way for other systems to hand us a task by SQL, e.g.
--   SELECT clb.enqueue_task(task_id => '55c85074-3e7f-4c6d-864f-673660d4f8de', region => 'ap-guangzhou');
-- It checks every argument first and raises invalid_parameter_value (22023) naming the argument and
-- what is allowed, so a caller gets a readable error instead of a constraint name. It is idempotent:
-- the same (account, region, task_id) always returns the one row's id and never changes that row, even
-- when the other arguments differ, because the task was already accepted with its original settings.
CREATE FUNCTION clb.enqueue_task(
    task_id      text,
    region       text,
    account      text        DEFAULT 'default',
    callback_url text        DEFAULT NULL,
    metadata     jsonb       DEFAULT '{}',
    deadline     timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql
AS $fn$
DECLARE
    task_row_id bigint;
BEGIN
    -- Parameters share their names with columns, so every parameter is qualified with the function
    -- name and every column with the table alias; an unqualified name would be ambiguous.
    IF enqueue_task.task_id IS NULL OR NOT clb.is_valid_task_id(enqueue_task.task_id) THEN
        RAISE EXCEPTION 'task_id % is not valid: it must be 1 to 64 characters with no whitespace or control characters',
            coalesce(quote_literal(left(enqueue_task.task_id, 80)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the RequestId that Tencent Cloud returned for the asynchronous call.';
    END IF;
    IF enqueue_task.region IS NULL OR NOT clb.is_valid_region(enqueue_task.region) THEN
        RAISE EXCEPTION 'region % is not valid: it must look like ap-guangzhou or ap-shanghai-fsi (lowercase, two-letter area, name, optional -fsi)',
            coalesce(quote_literal(left(enqueue_task.region, 80)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF enqueue_task.account IS NULL OR NOT clb.is_valid_account(enqueue_task.account) THEN
        RAISE EXCEPTION 'account % is not valid: it must be 1 to 64 letters, digits, dots, underscores or dashes',
            coalesce(quote_literal(left(enqueue_task.account, 80)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave account out to use ''default''.';
    END IF;
    IF enqueue_task.callback_url IS NOT NULL AND NOT clb.is_valid_callback_url(enqueue_task.callback_url) THEN
        RAISE EXCEPTION 'callback_url % is not valid: it must be an absolute http:// or https:// URL, or NULL for no callback',
            quote_literal(left(enqueue_task.callback_url, 200))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF enqueue_task.metadata IS NULL OR jsonb_typeof(enqueue_task.metadata) <> 'object' THEN
        RAISE EXCEPTION 'metadata must be a JSON object such as {"order": 42}, not %',
            coalesce(jsonb_typeof(enqueue_task.metadata), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave metadata out, or pass ''{}'', for none.';
    END IF;
    IF enqueue_task.deadline IS NOT NULL AND enqueue_task.deadline <= now() THEN
        RAISE EXCEPTION 'deadline % is not valid: it must be in the future, or NULL for the configured default',
            enqueue_task.deadline
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit and then inserts
    -- nothing, so the SELECT finds that row. If the row vanished in between (rolled back or deleted),
    -- the loop inserts again rather than returning NULL.
    LOOP
        INSERT INTO clb.tasks AS t (task_id, region, account, callback_url, metadata, deadline_at)
        VALUES (enqueue_task.task_id, enqueue_task.region, enqueue_task.account,
                enqueue_task.callback_url, enqueue_task.metadata, enqueue_task.deadline)
        ON CONFLICT ON CONSTRAINT one_task_per_account_region_task_id DO NOTHING
        RETURNING t.id INTO task_row_id;
        IF task_row_id IS NOT NULL THEN
            RETURN task_row_id;
        END IF;

        SELECT t.id INTO task_row_id
        FROM clb.tasks AS t
        WHERE t.account = enqueue_task.account
          AND t.region = enqueue_task.region
          AND t.task_id = enqueue_task.task_id;
        IF task_row_id IS NOT NULL THEN
            RETURN task_row_id;
        END IF;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION clb.enqueue_task(text, text, text, text, jsonb, timestamptz) IS
    'Adds a CLB task to poll, or returns the id of the existing one with the same (account, region, task_id).';
