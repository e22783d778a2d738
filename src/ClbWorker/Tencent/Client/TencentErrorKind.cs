namespace ClbWorker.Tencent.Client;

/// <summary>What a Tencent Cloud error code means for a poller of asynchronous tasks.</summary>
public enum TencentErrorKind
{
    /// <summary>A code outside the known table. Read it like <see cref="Transient"/> and make it visible; see <see cref="TencentErrorCodes.Classify"/>.</summary>
    Unknown = 0,

    /// <summary>Rate limit hit: slow that account down; not the task's fault.</summary>
    RateLimited,

    /// <summary>The request timestamp is over 5 minutes from Tencent's clock: fix the host clock.</summary>
    ClockSkew,

    /// <summary>Credentials or permissions refused: pause the account, leave its tasks untouched.</summary>
    CredentialsRejected,

    /// <summary>The caller's IP is blocked or not allowed: pause the account.</summary>
    NetworkPolicy,

    /// <summary>The request itself is wrong (task id, region): permanent for that task.</summary>
    InvalidRequest,

    /// <summary>Server-side or temporary: retry with backoff.</summary>
    Transient,

    /// <summary>Action, version, product or protocol refused: a bug or misconfiguration in the worker; alert loudly.</summary>
    ClientMisbuilt,
}
