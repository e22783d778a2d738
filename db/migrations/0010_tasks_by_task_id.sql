-- Finding tasks by the Tencent Cloud task id alone (in any account and region), e.g. the webhook deliveries of
-- the task an operator holds a RequestId for. The unique (account, region, task_id) index cannot serve that:
-- its leading column is the account. task_id never changes, so the index costs nothing on the polling updates
-- (they stay HOT); it is written once per enqueued task.
CREATE INDEX IF NOT EXISTS tasks_task_id_idx ON clb.tasks (task_id);
