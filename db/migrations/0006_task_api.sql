-- The HTTP API's task routes: enqueueing a batch in one round trip, and the indexes that keep listing tasks
-- (newest first, keyset on id, optional filters) cheap on a large table.

-- clb.enqueue_tasks: many tasks at once, with clb.enqueue_task's semantics: the same (account, region, task_id)
-- returns the existing row and never changes it. The caller validates every element first (the API does, with
-- the table's own rules) and passes distinct keys; ordinal is the element's 1-based position in the arrays.
-- created is true for rows this call inserted.
--
-- Two statements, deliberately: ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit
-- and then skips it, but the inserting statement's snapshot predates that commit and cannot see the row. The
-- lookup runs as a second statement, whose fresh snapshot sees it. If a conflicting row vanished in between
-- (deleted), the loop inserts again.
CREATE FUNCTION clb.enqueue_tasks(
    task_ids      text[],
    regions       text[],
    accounts      text[],
    callback_urls text[],
    metadata      jsonb[],
    deadlines     timestamptz[])
RETURNS TABLE (ordinal integer, created boolean, task clb.tasks)
LANGUAGE plpgsql
AS $fn$
DECLARE
    created_ids bigint[] := '{}';
    rounds integer := 0;
BEGIN
    IF cardinality(task_ids) IS DISTINCT FROM cardinality(regions)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(accounts)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(callback_urls)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(metadata)
       OR cardinality(task_ids) IS DISTINCT FROM cardinality(deadlines) THEN
        RAISE EXCEPTION 'enqueue_tasks needs six arrays of the same length'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    LOOP
        rounds := rounds + 1;
        WITH input AS (
            SELECT i.task_id, i.region, i.account, i.callback_url, i.metadata, i.deadline, i.ordinal
            FROM unnest(task_ids, regions, accounts, callback_urls, metadata, deadlines)
                WITH ORDINALITY AS i(task_id, region, account, callback_url, metadata, deadline, ordinal)
            WHERE NOT EXISTS (
                SELECT 1 FROM clb.tasks t
                WHERE t.account = i.account AND t.region = i.region AND t.task_id = i.task_id)
        ), inserted AS (
            INSERT INTO clb.tasks AS t (task_id, region, account, callback_url, metadata, deadline_at)
            SELECT input.task_id, input.region, input.account, input.callback_url, coalesce(input.metadata, '{}'), input.deadline
            FROM input
            ORDER BY input.ordinal
            ON CONFLICT ON CONSTRAINT one_task_per_account_region_task_id DO NOTHING
            RETURNING t.id
        )
        SELECT created_ids || coalesce(array_agg(inserted.id), '{}') INTO created_ids FROM inserted;

        EXIT WHEN rounds >= 3 OR NOT EXISTS (
            SELECT 1
            FROM unnest(task_ids, regions, accounts) AS i(task_id, region, account)
            WHERE NOT EXISTS (
                SELECT 1 FROM clb.tasks t
                WHERE t.account = i.account AND t.region = i.region AND t.task_id = i.task_id));
    END LOOP;

    RETURN QUERY
    SELECT i.ordinal::integer, t.id = ANY (created_ids), t
    FROM unnest(task_ids, regions, accounts) WITH ORDINALITY AS i(task_id, region, account, ordinal)
    JOIN clb.tasks t ON t.account = i.account AND t.region = i.region AND t.task_id = i.task_id
    ORDER BY i.ordinal;
END
$fn$;

COMMENT ON FUNCTION clb.enqueue_tasks(text[], text[], text[], text[], jsonb[], timestamptz[]) IS
    'Adds many CLB tasks in one call; each existing (account, region, task_id) is returned unchanged with created = false.';

-- Listing: GET /api/tasks?state=&region=&account=&taskId=&createdAfter= orders by id, newest first, and pages
-- with "id < last id seen". Without a filter that is a backward scan of the primary key. Each filter that can be
-- selective has an index the planner can start from instead:
--
-- Every poll rewrites a pending row and changes next_poll_at, which tasks_due_pending_idx holds, so those updates
-- are never HOT and insert into every full index on the table. The indexes below are therefore kept few, and
-- partial where the rows they serve are no longer polled.

-- state = a final state: final rows are never polled again, so this index is written once per task, when it
-- ends. (state = 'pending' is served by the primary key: pending rows are the newest, where its backward scan
-- starts, and by tasks_due_pending_idx when few are pending.)
CREATE INDEX tasks_final_state_id_idx ON clb.tasks (state, id) WHERE state <> 'pending';

-- taskId = a RequestId, in any account and region: the unique (account, region, task_id) index leads with the
-- account and cannot serve it. (The webhook delivery routes need the same index; IF NOT EXISTS lets both
-- migrations declare it.)
CREATE INDEX IF NOT EXISTS tasks_task_id_idx ON clb.tasks (task_id);

-- createdAfter = a recent time: without it a backward scan of the primary key finds the few recent rows at
-- once but then reads the whole table to be sure there are no more.
CREATE INDEX tasks_created_at_idx ON clb.tasks (created_at);
