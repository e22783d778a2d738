using System.Collections.Concurrent;
using System.Net;
using ClbWorker.Webhooks.Security;
using Microsoft.Extensions.Options;

namespace ClbWorker.Dashboard.Access;

/// <summary>
/// Counts failed dashboard logins per client address and in all, a minute at a time. Once an address reaches its
/// limit, every login from it is refused until that minute ends, without checking the password; once all addresses
/// together reach theirs, only logins this address verified lately still pass. Each check of a PBKDF2 hash costs about
/// 0.2 s of CPU, so unthrottled guessing would both try passwords at will and take the CPU the polling loop needs to
/// send on time.
/// </summary>
public sealed class DashboardLoginThrottle(IOptions<DashboardOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    // Addresses remembered at most; past it, expired ones are dropped, and the total limit still holds.
    private const int MaxTrackedAddresses = 10_000;

    private readonly ConcurrentDictionary<string, Counter> byAddress = new(StringComparer.Ordinal);
    private readonly Counter total = new();

    /// <returns>
    /// Null when a login from <paramref name="address"/> may be checked; otherwise how long logins stay refused, and
    /// whether because of this address's own failures (rather than everyone's).
    /// </returns>
    public (TimeSpan Wait, bool ThisAddress)? Refusal(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var limits = options.Value;
        if (byAddress.TryGetValue(Key(address), out var counter) && counter.BlockedUntil(now, limits.MaxFailedLoginsPerAddress) is { } until)
            return (until - now, true);
        return total.BlockedUntil(now, limits.MaxFailedLogins) is { } totalUntil ? (totalUntil - now, false) : null;
    }

    /// <returns>Which limit this failure reached, for the log: "address", "total", or null for neither.</returns>
    public string? Failed(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var limits = options.Value;
        var reached = total.Add(now) == limits.MaxFailedLogins ? "total" : null;
        if (byAddress.Count >= MaxTrackedAddresses)
        {
            foreach (var (key, counter) in byAddress)
            {
                if (counter.Expired(now))
                    byAddress.TryRemove(key, out _);
            }
        }
        if ((byAddress.Count < MaxTrackedAddresses || byAddress.ContainsKey(Key(address)))
            && byAddress.GetOrAdd(Key(address), _ => new Counter()).Add(now) == limits.MaxFailedLoginsPerAddress)
            reached = "address";
        return reached;
    }

    private static string Key(IPAddress? address) =>
        address is null ? "unknown" : SsrfAddressPolicy.Normalize(address).ToString();

    /// <summary>Failures in the current fixed one-minute window.</summary>
    private sealed class Counter
    {
        private readonly Lock gate = new();
        private DateTimeOffset start = DateTimeOffset.MinValue;
        private int count;

        /// <returns>The failures in the window, this one included.</returns>
        public int Add(DateTimeOffset now)
        {
            lock (gate)
            {
                if (now >= start + Window)
                    (start, count) = (now, 0);
                return ++count;
            }
        }

        public DateTimeOffset? BlockedUntil(DateTimeOffset now, int limit)
        {
            lock (gate)
                return now < start + Window && count >= limit ? start + Window : null;
        }

        public bool Expired(DateTimeOffset now)
        {
            lock (gate)
                return now >= start + Window;
        }
    }
}
