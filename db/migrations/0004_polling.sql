-- Polling engine state: when each task was last asked about, the cluster-wide request budget per
-- (account, endpoint host), and accounts paused because Tencent Cloud refused their credentials.

ALTER TABLE clb.tasks ADD COLUMN last_polled_at timestamptz NULL;

-- One row per (account, endpoint host): a GCRA schedule ("generic cell rate algorithm").
-- next_slot_at is the earliest time the next request may be sent. Every grant moves it forward by one
-- spacing per request, under a row lock, so the requests of all worker processes are spaced at least
-- 1 / (requests_per_second * rate_factor) apart: no 1-second window holds more than the limit, and
-- there is no burst to spend.
CREATE TABLE clb.rate_limits (
    account                 text             NOT NULL,
    host                    text             NOT NULL,
    requests_per_second     double precision NOT NULL,
    next_slot_at            timestamptz      NOT NULL DEFAULT '-infinity',
    -- 1 = full configured rate; halved on RequestLimitExceeded, recovers linearly over time.
    rate_factor             double precision NOT NULL DEFAULT 1,
    rate_factor_changed_at  timestamptz      NOT NULL DEFAULT now(),
    granted_total           bigint           NOT NULL DEFAULT 0,
    limit_exceeded_total    bigint           NOT NULL DEFAULT 0,
    last_limit_exceeded_at  timestamptz      NULL,
    CONSTRAINT rate_limits_pkey PRIMARY KEY (account, host),
    CONSTRAINT requests_per_second_must_be_positive CHECK (requests_per_second > 0),
    CONSTRAINT rate_factor_must_be_within_0_and_1 CHECK (rate_factor > 0 AND rate_factor <= 1)
);

-- Grants up to p_wanted send slots that start before now + p_horizon. Returns how many were granted, the
-- first slot and the spacing, when the next slot will be free, and the database clock's reading: slot times
-- are on the database clock, which every worker maps to its own (so worker clocks need not agree).
CREATE FUNCTION clb.reserve_send_slots(
    p_account text, p_host text, p_requests_per_second double precision, p_wanted integer,
    p_horizon interval, p_window_slack interval, p_recovery_per_second double precision)
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

-- Another client of the same account used the budget: halve this key's rate (at most once per
-- p_cooldown) and hold every worker back for p_cooldown.
CREATE FUNCTION clb.note_limit_exceeded(
    p_account text, p_host text, p_cooldown interval, p_min_factor double precision,
    p_recovery_per_second double precision)
RETURNS double precision
LANGUAGE sql AS $$
    UPDATE clb.rate_limits r
    SET rate_factor = CASE
            WHEN r.last_limit_exceeded_at IS NOT NULL AND r.last_limit_exceeded_at > clock_timestamp() - p_cooldown
                THEN r.rate_factor
            ELSE greatest(p_min_factor, least(1.0, r.rate_factor
                + p_recovery_per_second * extract(epoch FROM clock_timestamp() - r.rate_factor_changed_at)) / 2)
        END,
        rate_factor_changed_at = CASE
            WHEN r.last_limit_exceeded_at IS NOT NULL AND r.last_limit_exceeded_at > clock_timestamp() - p_cooldown
                THEN r.rate_factor_changed_at
            ELSE clock_timestamp()
        END,
        next_slot_at = greatest(r.next_slot_at, clock_timestamp() + p_cooldown),
        limit_exceeded_total = r.limit_exceeded_total + 1,
        last_limit_exceeded_at = clock_timestamp()
    WHERE r.account = p_account AND r.host = p_host
    RETURNING r.rate_factor;
$$;

-- Accounts whose credentials, clock or network policy Tencent Cloud refused. Their tasks are left
-- untouched; one probe request is allowed once retry_at has passed.
CREATE TABLE clb.account_pauses (
    account        text        NOT NULL,
    reason         text        NOT NULL,
    error_code     text        NOT NULL,
    error_message  text        NOT NULL,
    paused_at      timestamptz NOT NULL,
    retry_at       timestamptz NOT NULL,
    refusals       integer     NOT NULL DEFAULT 1,
    CONSTRAINT account_pauses_pkey PRIMARY KEY (account),
    CONSTRAINT pause_reason_must_be_known
        CHECK (reason IN ('credentials', 'clock_skew', 'network_policy', 'client_misbuilt'))
);
