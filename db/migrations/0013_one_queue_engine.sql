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
