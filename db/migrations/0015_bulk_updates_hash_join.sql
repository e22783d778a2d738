-- A bulk UPDATE of clb.tasks by SQL (moving deadlines, cancelling an account's tasks) must not take hours.
--
-- The two statement triggers on UPDATE (clb.record_task_events from 0012, clb.enqueue_task_webhooks from 0005) join the
-- statement's old and new rows on id. The planner has no statistics for transition tables and chose a nested loop,
-- which compares every new row with every old one: an UPDATE of 20,000 pending tasks took 50 s here, and of 500,000 it
-- would take hours while holding its row locks. A hash join does the same in well under a second per 20,000 rows. The
-- setting holds only while each trigger function runs; the statements the product itself writes touch a batch of rows
-- at a time and are not affected either way.

ALTER FUNCTION clb.record_task_events() SET enable_nestloop = off;
ALTER FUNCTION clb.enqueue_task_webhooks() SET enable_nestloop = off;
