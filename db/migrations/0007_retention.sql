-- Retention deletes final tasks whose completed_at is older than its cutoff, oldest first, a batch at a time.
-- Partial like tasks_due_pending_idx, the other way round: it holds only final rows, which are never updated
-- again, so polling updates of pending rows never touch it. id breaks ties so that a run can continue after the
-- last row it examined.
CREATE INDEX tasks_final_completed_idx ON clb.tasks (completed_at, id) WHERE state <> 'pending';
