using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ClbWorker.Api;

/// <summary>
/// Finds the configured key a request presents. Both sides are hashed first, so every comparison is of 32 bytes
/// whatever the lengths, and every key is compared in constant time with no early exit: the time taken tells an
/// attacker neither how much of a key matched nor which key it was.
/// </summary>
public sealed class ApiKeyRing(IOptions<ApiOptions> options)
{
    private readonly ApiKey[] keys = [.. options.Value.Keys
        .Where(k => !string.IsNullOrEmpty(k.Value.Key))
        .Select(k => new ApiKey(k.Key, k.Value.Role.ToLowerInvariant(), Hash(k.Value.Key!)))];


    public ApiKey? Find(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = Hash(presented);
        ApiKey? found = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
                found = key;
        }
        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
