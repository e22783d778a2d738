-- Wakes idle pollers when tasks arrive: NOTIFY clb_tasks_enqueued, payload = number of rows inserted.
-- The notification is only a hint to poll now; pollers keep polling on a timer, because a listener's
-- connection can drop and NOTIFY is not delivered to anyone who was not listening at commit time.
-- The trigger is per statement, not per row: a 10,000-row INSERT sends one notification instead of
-- queueing 10,000 (NOTIFY serialises committing transactions on a global lock), and an INSERT that
-- inserted nothing, such as an ON CONFLICT DO NOTHING duplicate, sends none.
CREATE FUNCTION clb.notify_tasks_enqueued() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    inserted bigint;
BEGIN
    SELECT count(*) INTO inserted FROM inserted_rows;
    IF inserted > 0 THEN
        PERFORM pg_notify('clb_tasks_enqueued', inserted::text);
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER tasks_notify_enqueued
    AFTER INSERT ON clb.tasks
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION clb.notify_tasks_enqueued();
