using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ClbWorker.Dashboard.Access;

/// <summary>
/// The configured dashboard logins as kept in memory: a clear-text password only as its SHA-256, a hash as parsed.
/// Every check takes the same time whether the name exists or not and wherever the password differs.
/// </summary>
public sealed class DashboardUsers
{
    /// <summary>
    /// HTTP Basic sends the password with every request (each page, script, and the statistics poll every 2 s), and one
    /// PBKDF2 check at 600,000 iterations costs about 0.2 s of CPU. A pair that passed is therefore remembered this long,
    /// with the client address it came from, as an HMAC under a key made up at start-up, so memory holds neither the
    /// password nor a plain digest of it.
    /// </summary>
    public static readonly TimeSpan RememberVerifiedFor = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Login> byName;
    private readonly Login decoy;
    private readonly TimeProvider time;
    private readonly byte[] rememberKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DateTimeOffset> remembered = new(StringComparer.Ordinal);

    public DashboardUsers(IOptions<DashboardOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        byName = options.Value.Users.ToDictionary(u => u.Name!, Load, StringComparer.Ordinal);
        All = [.. byName.Values.Select(l => l.User)];
        // An unknown name is checked against a login of the same kind and cost as the configured ones.
        var hashed = byName.Values.Where(l => l.Hash is not null).MaxBy(l => l.Hash!.Iterations);
        decoy = hashed is null
            ? new Login(new DashboardUser("", DashboardRoles.Viewer), Digest(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))), null)
            : new Login(new DashboardUser("", DashboardRoles.Viewer), null,
                PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), hashed.Hash!.Iterations));
    }

    public IReadOnlyList<DashboardUser> All { get; }

    /// <summary>The user whose name and password these are, or null.</summary>
    /// <param name="address">The client's address: a verified login is remembered for it alone.</param>
    public DashboardUser? Verify(string name, string password, IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var found = byName.TryGetValue(name, out var login);
        login ??= decoy;
        bool matches;
        if (login.Hash is null)
            matches = CryptographicOperations.FixedTimeEquals(Digest(password), login.Digest);
        else
        {
            var token = RememberToken(name, password, address);
            matches = IsRemembered(token) || login.Hash.Verify(password);
            if (matches && found)
                remembered[token] = time.GetUtcNow() + RememberVerifiedFor;
        }
        return matches && found ? login.User : null;
    }

    /// <summary>
    /// The user when this name, password and address passed <see cref="Verify"/> within <see cref="RememberVerifiedFor"/>;
    /// otherwise null, without checking the password.
    /// </summary>
    public DashboardUser? Remembered(string name, string password, IPAddress? address) =>
        byName.TryGetValue(name, out var login) && login.Hash is not null && IsRemembered(RememberToken(name, password, address))
            ? login.User
            : null;

    private bool IsRemembered(string token) => remembered.TryGetValue(token, out var until) && until > time.GetUtcNow();

    private static Login Load(DashboardUserOptions options)
    {
        var user = new DashboardUser(options.Name!, options.Role.ToLowerInvariant());
        if (!string.IsNullOrEmpty(options.PasswordHash) && PasswordHash.TryParse(options.PasswordHash, out var hash, out _))
            return new Login(user, null, hash);
        return new Login(user, Digest(options.Password ?? ""), null);
    }

    private static byte[] Digest(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));

    private string RememberToken(string name, string password, IPAddress? address) =>
        Convert.ToHexString(HMACSHA256.HashData(rememberKey, Encoding.UTF8.GetBytes($"{name}\0{password}\0{address}")));

    private sealed record Login(DashboardUser User, byte[]? Digest, PasswordHash? Hash);
}
