using ClbWorker.Api;
using ClbWorker.Tasks;

namespace ClbWorker.UnitTests.Api;

public sealed class PageCursorTests
{
    private static readonly TaskFilter Failed = new("failed", null, null, null, null);
    private static readonly PagedList Tasks = PagedList.Tasks;

    [Fact]
    public void A_cursor_round_trips_the_last_id_for_the_same_filters()
    {
        var cursor = PageCursor.Encode(Tasks, 123456789, Failed.Canonical);

        Assert.True(PageCursor.TryDecode(cursor, Tasks, (Failed with { }).Canonical, out var lastId, out var error), error);
        Assert.Equal(123456789, lastId);
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
    }

    [Fact]
    public void A_cursor_is_refused_for_other_filters()
    {
        var cursor = PageCursor.Encode(Tasks, 42, Failed.Canonical);

        Assert.False(PageCursor.TryDecode(cursor, Tasks, (Failed with { State = "succeeded" }).Canonical, out _, out var error));
        Assert.Contains("other filters", error, StringComparison.Ordinal);
        Assert.False(PageCursor.TryDecode(cursor, Tasks, (Failed with { CreatedAfter = DateTimeOffset.UnixEpoch }).Canonical, out _, out _));
    }

    [Fact]
    public void Every_single_character_change_is_detected()
    {
        var cursor = PageCursor.Encode(Tasks, 987654321, Failed.Canonical);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < cursor.Length; i++)
        {
            foreach (var c in Alphabet.Where(c => c != cursor[i]))
            {
                var tampered = cursor[..i] + c + cursor[(i + 1)..];
                Assert.False(PageCursor.TryDecode(tampered, Tasks, Failed.Canonical, out _, out _), $"{tampered} was accepted");
            }
        }
    }

    [Fact]
    public void A_cursor_of_one_listing_is_refused_by_the_other_even_with_the_same_filters()
    {
        var cursor = PageCursor.Encode(PagedList.WebhookDeliveries, 42, Failed.Canonical);

        Assert.False(PageCursor.TryDecode(cursor, Tasks, Failed.Canonical, out _, out var error));
        Assert.Contains("another listing", error, StringComparison.Ordinal);
        Assert.True(PageCursor.TryDecode(cursor, PagedList.WebhookDeliveries, Failed.Canonical, out var lastId, out _));
        Assert.Equal(42, lastId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AQAAAAAAAAAqAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_else_is_not_a_cursor(string text)
    {
        Assert.False(PageCursor.TryDecode(text, Tasks, Failed.Canonical, out _, out var error));
        Assert.StartsWith("cursor ", error, StringComparison.Ordinal);
    }
}
