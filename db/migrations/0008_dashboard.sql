-- The operators' dashboard reads finished tasks by state and by when they finished: how many of each state,
-- how many finished in the last hour, and the newest failed, invalid and timed-out ones.
--
-- Partial, so that it costs the polling engine nothing: every poll rewrites a pending row (next_poll_at is
-- indexed, so those updates are never HOT and add an entry to every index whose predicate the new row
-- satisfies). A pending row never satisfies this one; a task enters it once, when it becomes final, and final
-- rows are not updated again. Pending tasks are counted through tasks_due_pending_idx (0001) instead.
CREATE INDEX tasks_final_by_state_idx ON clb.tasks (state, completed_at) WHERE state <> 'pending';
