-- The schema as it is meant to be, said once and truly where earlier migrations were wrong or repeated themselves.
--
-- tasks_task_id_idx: 0006 creates it and 0010 declares it again (IF NOT EXISTS, so it exists once), with a comment
-- that polling updates stay HOT. They never are: every poll changes next_poll_at, which tasks_due_by_account_idx holds
-- (0013; tasks_due_pending_idx before it), so each poll writes a new row version that gets an entry in every index of
-- the table, this one included. The index stays because three lookups need it: the API's taskId and dealName filters,
-- the dashboard's search, and the webhook deliveries of a task id. Its comment in the catalog now says so.
--
-- Numbering: there is no 0009. The runner applies the embedded files in name order and records each by name, so a
-- gap costs nothing; numbers are never reused.

COMMENT ON INDEX clb.tasks_task_id_idx IS
    'Tasks by Tencent task id (RequestId or DealName) in any account and region: the API''s taskId and dealName filters, '
    'the dashboard search, the deliveries of a task id. Every poll of a pending task adds an entry (polling updates are never HOT).';

COMMENT ON INDEX clb.tasks_due_by_account_idx IS
    'Pending tasks by (account, region) in due order: the skip scan that finds groups with due work and the claims per group.';

COMMENT ON INDEX clb.webhook_deliveries_due_by_host_idx IS
    'Pending deliveries by receiving host in due order: the skip scan that finds hosts with due work, the claims per host, '
    'and the flush of a host that answers again.';
