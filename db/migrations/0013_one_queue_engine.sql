-- One queue engine for polls and deliveries (src/ClbWorker/LeasedWork): what its claims need from the schema.
--
-- 1. Claims per partition, whatever the backlog. Polling claims per (account, region) and delivery per receiving
--    host, each through an index that starts with that partition, and finds the partitions with due work by a skip
--    scan that touches each one once. So a paused account's or a dead receiver's backlog of any size costs each round
--    one index probe instead of a walk through every due row (see PollingStore.DueGroupsSql, DeliveryStore.DueHostsSql).
--    The old indexes ordered by due time alone served only the walk, and every index costs a write on each poll.
-- 2. One URL rule for webhooks, the same here and in ClbWorker (WebhookUrlRule.Pattern holds the same text), so that
--    whatever one accepts the other accepts: clb.is_usable_webhook_url. New callback and endpoint URLs must follow it.
--    clb.is_valid_callback_url stays as it was, in the CHECK constraints made with it: replacing it would make every
--    later update of an older row whose URL breaks the new rule fail (the polling writer's among them), so older rows
--    keep their URL, and the sender fails such a delivery alone, with the reason, when it comes due.
-- 3. A minimum grant for send slots: a process's first request on a key goes out on a connection not yet open, so it
--    may arrive late; it needs the slot after it kept free, which only a grant of two consecutive slots guarantees. A
--    grant smaller than asked for is not made at all, so asking costs the shared budget nothing.

-- The host[:port] a URL is sent to, lower-case, without user info and without the scheme's default port: the key of
-- the per-host cap and of the flush after a receiver comes back.
CREATE FUNCTION clb.url_authority(url text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN regexp_replace(
    regexp_replace(lower(substring(url FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)')), '^.*@', ''),
    CASE WHEN lower(url) LIKE 'https://%' THEN ':443$' ELSE ':80$' END,
    '');

CREATE INDEX tasks_due_by_account_idx ON clb.tasks (account, region, next_poll_at, id) WHERE state = 'pending';
DROP INDEX clb.tasks_due_pending_idx;

CREATE INDEX webhook_deliveries_due_by_host_idx
    ON clb.webhook_deliveries (clb.url_authority(url), next_attempt_at, id) WHERE state = 'pending';
DROP INDEX clb.webhook_deliveries_due_idx;

-- http:// or https:// (any case); a host name (labels of letters, digits, '-', '_' that start with a letter or digit,
-- the last one with a letter), a dotted IPv4 address or a bracketed IPv6 address; an optional port 1-65535; an optional path and query of printable ASCII
-- without spaces or '#'; at most 2048 characters. Everything this accepts parses as a .NET Uri.
CREATE FUNCTION clb.is_usable_webhook_url(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN length(value) <= 2048
   AND value ~ '^(?:[Hh][Tt][Tt][Pp][Ss]?://(?:(?:[A-Za-z0-9][A-Za-z0-9_-]*\.)*[0-9]*[A-Za-z][A-Za-z0-9_-]*|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])|\[(?:(?:[0-9A-Fa-f]{1,4}:){6}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))|::(?:[0-9A-Fa-f]{1,4}:){5}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))|(?:[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:){4}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,1}[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:){3}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,2}[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:){2}(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,3}[0-9A-Fa-f]{1,4})?::[0-9A-Fa-f]{1,4}:(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,4}[0-9A-Fa-f]{1,4})?::(?:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))|(?:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4})?::[0-9A-Fa-f]{1,4}|(?:(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})?::)\])(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?(?:[/?][!-"$-~]*)?)$';

-- Refuses a new URL that breaks the rule, as the CHECK constraint named by the second argument would (same error code
-- and constraint name). The first argument names the column.
CREATE FUNCTION clb.refuse_unusable_webhook_url() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    value text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    IF value IS NOT NULL AND NOT clb.is_usable_webhook_url(value) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            CONSTRAINT = TG_ARGV[1],
            SCHEMA = TG_TABLE_SCHEMA,
            TABLE = TG_TABLE_NAME,
            COLUMN = TG_ARGV[0],
            MESSAGE = format('%s.%s is not a usable webhook URL', TG_TABLE_NAME, TG_ARGV[0]),
            DETAIL = 'Allowed: an absolute http:// or https:// URL with a host name or IP address, an optional port 1-65535, '
                  || 'no user info and no fragment, in printable ASCII (percent-encode anything else), at most 2048 characters.';
    END IF;
    RETURN NEW;
END
$fn$;

-- Only when the URL is written: polling updates never name callback_url, so they never run this.
CREATE TRIGGER tasks_callback_url_must_be_usable
    BEFORE INSERT OR UPDATE OF callback_url ON clb.tasks
    FOR EACH ROW WHEN (NEW.callback_url IS NOT NULL)
    EXECUTE FUNCTION clb.refuse_unusable_webhook_url('callback_url', 'callback_url_must_be_absolute_http_or_https_when_set');

CREATE TRIGGER webhook_endpoints_url_must_be_usable
    BEFORE INSERT OR UPDATE OF url ON clb.webhook_endpoints
    FOR EACH ROW
    EXECUTE FUNCTION clb.refuse_unusable_webhook_url('url', 'url_must_be_absolute_http_or_https');

-- As in 0004, plus p_min_granted: when fewer than that many slots fit before now + p_horizon, nothing is granted and the
-- budget is left as it was.
DROP FUNCTION clb.reserve_send_slots(text, text, double precision, integer, interval, interval, double precision);
CREATE FUNCTION clb.reserve_send_slots(
    p_account text, p_host text, p_requests_per_second double precision, p_wanted integer,
    p_horizon interval, p_window_slack interval, p_recovery_per_second double precision, p_min_granted integer DEFAULT 1)
RETURNS TABLE (granted integer, first_slot_at timestamptz, spacing_ms double precision,
               next_free_at timestamptz, database_now timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    v_now     timestamptz;
    v_row     clb.rate_limits%ROWTYPE;
    v_factor  double precision;
    v_spacing interval;
    v_first   timestamptz;
    v_granted integer;
BEGIN
    INSERT INTO clb.rate_limits (account, host, requests_per_second)
    VALUES (p_account, p_host, p_requests_per_second)
    ON CONFLICT (account, host) DO NOTHING;

    SELECT * INTO v_row FROM clb.rate_limits r
    WHERE r.account = p_account AND r.host = p_host FOR UPDATE;
    -- Read the clock only once the row is ours: time spent waiting for another worker's grant must
    -- not shift this grant's offsets.
    v_now := clock_timestamp();

    v_factor := least(1.0, v_row.rate_factor
        + p_recovery_per_second * extract(epoch FROM v_now - v_row.rate_factor_changed_at));
    -- The slack stretches each second of the plan a little so that jitter between send and arrival
    -- (scheduling, GC, network) cannot squeeze limit + 1 arrivals into one second at the server.
    v_spacing := (interval '1 second' + p_window_slack) / (p_requests_per_second * v_factor);
    v_first := greatest(v_row.next_slot_at, v_now);

    IF v_first >= v_now + p_horizon OR p_wanted <= 0 THEN
        v_granted := 0;
    ELSE
        v_granted := least(p_wanted,
            ceil(extract(epoch FROM (v_now + p_horizon - v_first)) / extract(epoch FROM v_spacing))::integer);
        IF v_granted < p_min_granted THEN
            v_granted := 0;
        END IF;
    END IF;

    UPDATE clb.rate_limits r
    SET next_slot_at = v_first + v_spacing * v_granted,
        requests_per_second = p_requests_per_second,
        granted_total = r.granted_total + v_granted
    WHERE r.account = p_account AND r.host = p_host;

    RETURN QUERY SELECT
        v_granted,
        v_first,
        extract(epoch FROM v_spacing)::double precision * 1000,
        v_first + v_spacing * v_granted,
        v_now;
END $$;
