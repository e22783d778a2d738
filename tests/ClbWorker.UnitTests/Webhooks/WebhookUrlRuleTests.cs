using ClbWorker.UnitTests.Deployment;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookUrlRuleTests
{
    [Theory]
    [InlineData("http://example.test:99999/hook", "the URL's port '99999' is not a number from 1 to 65535")]
    [InlineData("http://[::1/hook", "the URL's host is not a host name, a dotted IPv4 address or a bracketed IPv6 address")]
    [InlineData("http://user:secret@example.test/", "the URL contains user info")]
    [InlineData("https://example.test/a#b", "the URL has a fragment")]
    [InlineData("mailto:someone@example.test", "the URL's scheme is 'mailto'; only http and https are allowed")]
    public void A_refusal_says_what_is_wrong_without_quoting_the_url(string url, string reason)
    {
        var said = WebhookUrlRule.Check(url);

        Assert.StartsWith(reason, said, StringComparison.Ordinal);
        Assert.DoesNotContain(url, said!, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", said!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_longer_than_2048_characters_is_refused_with_its_length() =>
        Assert.Equal("the URL is 2049 characters long; at most 2048 are allowed",
            WebhookUrlRule.Check("https://example.test/" + new string('a', 2049 - "https://example.test/".Length)));

    [Fact]
    public void A_trailing_newline_is_refused_as_the_database_refuses_it() =>
        Assert.False(WebhookUrlRule.IsValid("https://example.test/\n"));

    [Fact]
    public void The_newest_migration_with_the_rule_holds_it_word_for_word() =>
        Assert.Contains($"value ~ '^(?:{WebhookUrlRule.Pattern})$'", Repository.Read("db/migrations/0013_one_queue_engine.sql"), StringComparison.Ordinal);
}
