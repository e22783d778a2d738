-- Tasks identified by an order id, and what DescribeTaskStatus says beyond Status.
--
-- A task is identified by the RequestId of the mutating call (task_kind 'request_id', the default) or by the order id
-- a prepaid CreateLoadBalancer, RenewLoadBalancers, ModifyLoadBalancerSla or billing switch hands back (task_kind
-- 'deal_name'), never both: DescribeTaskStatus is asked with TaskId or with DealName accordingly. task_id holds either
-- id; both follow the same shape rule (clb.is_valid_task_id).
--
-- load_balancer_ids and last_message keep the LoadBalancerIds (the instances a create or clone made, or the ones a
-- task touched) and the Message (why a task failed) of the latest answer that had them.

-- A constant default: PostgreSQL 11+ adds these columns without rewriting the table.
ALTER TABLE clb.tasks
    ADD COLUMN task_kind         text   NOT NULL DEFAULT 'request_id',
    ADD COLUMN load_balancer_ids text[] NULL,
    ADD COLUMN last_message      text   NULL,
    ADD CONSTRAINT task_kind_must_be_request_id_or_deal_name
        CHECK (task_kind IN ('request_id', 'deal_name')),
    -- <@-style checks would accept an array holding NULL; array_position finds one.
    ADD CONSTRAINT load_balancer_ids_must_be_a_flat_list_without_nulls
        CHECK (load_balancer_ids IS NULL
               OR (coalesce(array_ndims(load_balancer_ids), 1) = 1 AND array_position(load_balancer_ids, NULL) IS NULL));

-- The same id may be a RequestId in one task and a DealName in another: one task per (account, region, task_kind,
-- task_id). task_id comes before task_kind so that the index still serves lookups by (account, region, task_id), as
-- the dashboard's search does.
ALTER TABLE clb.tasks
    DROP CONSTRAINT one_task_per_account_region_task_id,
    ADD CONSTRAINT one_task_per_account_region_task_kind_task_id UNIQUE (account, region, task_id, task_kind);

-- clb.enqueue_task gains task_kind, last so that positional calls keep their meaning. Same checks, same idempotency:
-- the same (account, region, task_kind, task_id) returns the existing row's id and changes nothing.
DROP FUNCTION clb.enqueue_task(text, text, text, text, jsonb, timestamptz);

CREATE FUNCTION clb.enqueue_task(
    task_id      text,
    region       text,
    account      text        DEFAULT 'default',
    callback_url text        DEFAULT NULL,
    metadata     jsonb       DEFAULT '{}',
    deadline     timestamptz DEFAULT NULL,
    task_kind    text        DEFAULT 'request_id')
RETURNS bigint
LANGUAGE plpgsql
AS $fn$
DECLARE
    task_row_id bigint;
BEGIN
    IF enqueue_task.task_kind IS NULL OR enqueue_task.task_kind NOT IN ('request_id', 'deal_name') THEN
        RAISE EXCEPTION 'task_kind % is not valid: it must be ''request_id'' (task_id is a RequestId) or ''deal_name'' (task_id is an order id, DealName)',
            coalesce(quote_literal(left(enqueue_task.task_kind, 80)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave task_kind out for a RequestId.';
    END IF;
    IF enqueue_task.task_id IS NULL OR NOT clb.is_valid_task_id(enqueue_task.task_id) THEN
        RAISE EXCEPTION 'task_id % is not valid: it must be 1 to 64 characters with no whitespace or control characters',
            coalesce(quote_literal(left(enqueue_task.task_id, 80)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the RequestId that Tencent Cloud returned for the asynchronous call, or its DealName with task_kind => ''deal_name''.';
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

    -- As in 0002: ON CONFLICT DO NOTHING waits for a concurrent insert of the same key, then the SELECT finds it; a
    -- row that vanished in between is inserted again.
    LOOP
        INSERT INTO clb.tasks AS t (task_id, region, account, callback_url, metadata, deadline_at, task_kind)
        VALUES (enqueue_task.task_id, enqueue_task.region, enqueue_task.account,
                enqueue_task.callback_url, enqueue_task.metadata, enqueue_task.deadline, enqueue_task.task_kind)
        ON CONFLICT ON CONSTRAINT one_task_per_account_region_task_kind_task_id DO NOTHING
        RETURNING t.id INTO task_row_id;
        IF task_row_id IS NOT NULL THEN
            RETURN task_row_id;
        END IF;

        SELECT t.id INTO task_row_id
        FROM clb.tasks AS t
        WHERE t.account = enqueue_task.account
          AND t.region = enqueue_task.region
          AND t.task_id = enqueue_task.task_id
          AND t.task_kind = enqueue_task.task_kind;
        IF task_row_id IS NOT NULL THEN
            RETURN task_row_id;
        END IF;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION clb.enqueue_task(text, text, text, text, jsonb, timestamptz, text) IS
    'Adds a CLB task to poll, or returns the id of the existing one with the same (account, region, task_kind, task_id).';

-- clb.enqueue_tasks gains task_kinds (NULL, or a NULL element: 'request_id'), with 0006's semantics otherwise.
DROP FUNCTION clb.enqueue_tasks(text[], text[], text[], text[], jsonb[], timestamptz[]);

CREATE FUNCTION clb.enqueue_tasks(
    task_ids      text[],
    regions       text[],
    accounts      text[],
    callback_urls text[],
    metadata      jsonb[],
    deadlines     timestamptz[],
    task_kinds    text[] DEFAULT NULL)
RETURNS TABLE (ordinal integer, created boolean, task clb.tasks)
LANGUAGE plpgsql
AS $fn$
DECLARE
    created_ids bigint[] := '{}';
    rounds integer := 0;
    kinds text[];
BEGIN
    IF cardinality(task_ids) IS DISTINCT FROM cardinality(regions)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(accounts)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(callback_urls)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(metadata)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(deadlines)
       OR (task_kinds IS NOT NULL AND cardinality(task_ids) IS DISTINCT FROM cardinality(task_kinds)) THEN
        RAISE EXCEPTION 'enqueue_tasks needs six (or seven, with task_kinds) arrays of the same length'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    kinds := ARRAY(SELECT coalesce(k.kind, 'request_id')
                   FROM unnest(coalesce(task_kinds, array_fill(NULL::text, ARRAY[cardinality(task_ids)])))
                        WITH ORDINALITY AS k(kind, ordinal)
                   ORDER BY k.ordinal);

    LOOP
        rounds := rounds + 1;
        WITH input AS (
            SELECT i.task_id, i.region, i.account, i.callback_url, i.metadata, i.deadline, i.task_kind, i.ordinal
            FROM unnest(task_ids, regions, accounts, callback_urls, metadata, deadlines, kinds)
                WITH ORDINALITY AS i(task_id, region, account, callback_url, metadata, deadline, task_kind, ordinal)
            WHERE NOT EXISTS (
                SELECT 1 FROM clb.tasks t
                WHERE t.account = i.account AND t.region = i.region AND t.task_id = i.task_id AND t.task_kind = i.task_kind)
        ), inserted AS (
            INSERT INTO clb.tasks AS t (task_id, region, account, callback_url, metadata, deadline_at, task_kind)
            SELECT input.task_id, input.region, input.account, input.callback_url, coalesce(input.metadata, '{}'), input.deadline,
                   input.task_kind
            FROM input
            ORDER BY input.ordinal
            ON CONFLICT ON CONSTRAINT one_task_per_account_region_task_kind_task_id DO NOTHING
            RETURNING t.id
        )
        SELECT created_ids || coalesce(array_agg(inserted.id), '{}') INTO created_ids FROM inserted;

        EXIT WHEN rounds >= 3 OR NOT EXISTS (
            SELECT 1
            FROM unnest(task_ids, regions, accounts, kinds) AS i(task_id, region, account, task_kind)
            WHERE NOT EXISTS (
                SELECT 1 FROM clb.tasks t
                WHERE t.account = i.account AND t.region = i.region AND t.task_id = i.task_id AND t.task_kind = i.task_kind));
    END LOOP;

    RETURN QUERY
    SELECT i.ordinal::integer, t.id = ANY (created_ids), t
    FROM unnest(task_ids, regions, accounts, kinds) WITH ORDINALITY AS i(task_id, region, account, task_kind, ordinal)
    JOIN clb.tasks t ON t.account = i.account AND t.region = i.region AND t.task_id = i.task_id AND t.task_kind = i.task_kind
    ORDER BY i.ordinal;
END
$fn$;

COMMENT ON FUNCTION clb.enqueue_tasks(text[], text[], text[], text[], jsonb[], timestamptz[], text[]) IS
    'Adds many CLB tasks in one call; each existing (account, region, task_kind, task_id) is returned unchanged with created = false.';

-- The notification body, now with the task's kind and the answer's LoadBalancerIds and Message. taskId is the RequestId
-- and dealName the order id: each is null for a task of the other kind. This one function builds the body for every
-- consumer (webhooks and anything that reuses it), so the fields are added here only.
CREATE OR REPLACE FUNCTION clb.task_webhook_body(task clb.tasks) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN '{"type":' || to_json('task.' || task.state)::text
    || ',"timestamp":' || coalesce(to_json(clb.iso_utc(task.completed_at))::text, 'null')
    || ',"data":{"id":' || task.id
    || ',"taskId":' || CASE WHEN task.task_kind = 'request_id' THEN to_json(task.task_id)::text ELSE 'null' END
    || ',"taskKind":' || to_json(task.task_kind)::text
    || ',"dealName":' || CASE WHEN task.task_kind = 'deal_name' THEN to_json(task.task_id)::text ELSE 'null' END
    || ',"region":' || to_json(task.region)::text
    || ',"account":' || to_json(task.account)::text
    || ',"state":' || to_json(task.state)::text
    || ',"status":' || coalesce(task.last_status::text, 'null')
    || ',"errorCode":' || coalesce(to_json(task.last_error_code)::text, 'null')
    || ',"errorMessage":' || coalesce(to_json(task.last_error_message)::text, 'null')
    || ',"message":' || coalesce(to_json(task.last_message)::text, 'null')
    || ',"loadBalancerIds":' || coalesce(to_json(task.load_balancer_ids)::text, 'null')
    || ',"attempts":' || task.attempts
    || ',"requestId":' || coalesce(to_json(task.last_request_id)::text, 'null')
    || ',"enqueuedAt":' || to_json(clb.iso_utc(task.created_at))::text
    || ',"completedAt":' || coalesce(to_json(clb.iso_utc(task.completed_at))::text, 'null')
    || ',"metadata":' || task.metadata::text
    || '}}';
