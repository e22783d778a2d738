using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Webhooks.Security;
using Dapper;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// The webhook URL rule is one rule: whatever the database accepts for a callback or endpoint URL, the sender accepts
/// and can parse, and the other way round, over hand-picked edge cases and thousands of mutations of them.
/// </summary>
public sealed class WebhookUrlRuleAgreementTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    internal static readonly string[] Cases =
    [
        "https://hooks.example.com/clb", "http://hooks.example.com:8080/clb?token=abc", "HTTPS://Hooks.Example.COM/", "http://receiver:8080",
        "http://receiver_1:8080/hook", "https://xn--bcher-kva.example/", "https://8.8.8.8/hook", "http://255.255.255.255:65535/",
        "https://[2606:4700:4700::1111]/hook", "http://[::1]:9/", "http://[::ffff:10.1.2.3]/", "http://[1:2:3:4:5:6:7:8]/", "http://[::]/",
        "http://example.test:99999/hook", "http://[::1/hook", "http://example.test:0/", "http://example.test:65536/", "http://example.test:/",
        "http://user:pw@example.test/", "http://@example.test/", "https://example.test/#top", "https://example.test/a b", "https://bücher.example/",
        "ftp://example.test/", "http:/example.test/", "http:///x", "http://", "http://.example/", "http://a..b/", "http://example./",
        "http://999.1.1.1/", "http://1.2.3/", "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://01.2.3.4/",
        "http://[1::2::3]/", "http://[fe80::1%25eth0]/", "http://[12345::]/", "http://[::ffff:1.2.3]/", "http://example.test/\n",
        "http://example.test/\t", "http://example.test\\path", "http://example.test/%zz", "http://example.test/<>{}|^`\"", "http://-a-/", "http://_/",
        "http://a.1b/", "http://1a/", "http://example.test?x", "http://example.test/?#", "https://a" + new string('b', 2040) + ".example/",
    ];

    private const string Alphabet = "abcXYZ019:/?#@[]._-%~ \t\n\\\"'ü!$&()*+,;=";

    [Fact]
    public async Task The_database_and_the_sender_accept_exactly_the_same_urls_and_every_accepted_one_parses()
    {
        var random = new Random(20261205);
        var urls = Cases.Concat(Enumerable.Range(0, 4000).Select(_ => Mutate(Cases[random.Next(Cases.Length)], random))).Distinct().ToArray();

        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var inDatabase = (await connection.QueryAsync<bool>(
            "SELECT clb.is_usable_webhook_url(u) FROM unnest(@urls) WITH ORDINALITY AS x(u, n) ORDER BY n", new { urls })).ToArray();

        var disagreements = urls.Where((url, i) => inDatabase[i] != WebhookUrlRule.IsValid(url)).ToList();
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} URLs judged differently, e.g. {string.Join(" | ", disagreements.Take(5))}");
        var accepted = urls.Where(WebhookUrlRule.IsValid).ToList();
        Assert.All(accepted, url => Assert.True(Uri.TryCreate(url, UriKind.Absolute, out _), $"'{url}' is accepted but does not parse"));
        Assert.InRange(accepted.Count, 200, urls.Length - 200);
        Assert.Contains("http://example.test:99999/hook", urls.Except(accepted));
        Assert.Contains("http://[::1/hook", urls.Except(accepted));
    }

    // One to three edits: a character replaced, inserted or removed at a random place.
    private static string Mutate(string url, Random random)
    {
        var chars = url.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count + 1);
            var c = Alphabet[random.Next(Alphabet.Length)];
            switch (random.Next(3))
            {
                case 0 when at < chars.Count:
                    chars[at] = c;
                    break;
                case 1 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                default:
                    chars.Insert(at, c);
                    break;
            }
        }
        return new string([.. chars]);
    }
}
