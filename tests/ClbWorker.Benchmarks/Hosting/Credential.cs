using System.Security.Cryptography;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>A key pair the simulator accepts and one ClbWorker account signs with; <paramref name="Account"/> names it in ClbWorker.</summary>
public sealed record Credential(string Account, string SecretId, string SecretKey)
{
    /// <summary><paramref name="count"/> accounts: <c>default</c> first, then <c>acct02</c>, <c>acct03</c> ...</summary>
    public static IReadOnlyList<Credential> Make(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Credential(
            i == 1 ? "default" : $"acct{i:00}",
            $"AKIDBENCH{i:000}{Convert.ToHexString(RandomNumberGenerator.GetBytes(12))}",
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30))))];
}
