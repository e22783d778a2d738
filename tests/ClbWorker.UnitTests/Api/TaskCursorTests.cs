using ClbWorker.Api;
using ClbWorker.Tasks;

namespace ClbWorker.UnitTests.Api;

public sealed class TaskCursorTests
{
    private static readonly TaskFilter Failed = new("failed", null, null, null, null);

    [Fact]
    public void A_cursor_round_trips_the_last_id_for_the_same_filters()
    {
        var cursor = TaskCursor.Encode(123456789, Failed);

        Assert.True(TaskCursor.TryDecode(cursor, Failed with { }, out var lastId, out var error), error);
        Assert.Equal(123456789, lastId);
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
    }

    [Fact]
    public void A_cursor_is_refused_for_other_filters()
    {
        var cursor = TaskCursor.Encode(42, Failed);

        Assert.False(TaskCursor.TryDecode(cursor, Failed with { State = "succeeded" }, out _, out var error));
        Assert.Contains("other filters", error, StringComparison.Ordinal);
        Assert.False(TaskCursor.TryDecode(cursor, Failed with { CreatedAfter = DateTimeOffset.UnixEpoch }, out _, out _));
    }

    [Fact]
    public void Every_single_character_change_is_detected()
    {
        var cursor = TaskCursor.Encode(987654321, Failed);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < cursor.Length; i++)
        {
            foreach (var c in Alphabet.Where(c => c != cursor[i]))
            {
                var tampered = cursor[..i] + c + cursor[(i + 1)..];
                Assert.False(TaskCursor.TryDecode(tampered, Failed, out _, out _), $"{tampered} was accepted");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AQAAAAAAAAAqAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_else_is_not_a_cursor(string text)
    {
        Assert.False(TaskCursor.TryDecode(text, Failed, out _, out var error));
        Assert.StartsWith("cursor ", error, StringComparison.Ordinal);
    }
}
