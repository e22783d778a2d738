using System.Text;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.UnitTests.Webhooks;

public class ResponseExcerptReaderTests
{
    private static Task<(string? Excerpt, bool Truncated, Exception? Failure)> Read(byte[] body, int max) =>
        ResponseExcerptReader.ReadAsync(new StreamContent(new MemoryStream(body)), max, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_body_within_the_cap_is_read_whole()
    {
        var (excerpt, truncated, failure) = await Read(Encoding.UTF8.GetBytes("""{"ok":true}"""), 11);

        Assert.Equal("""{"ok":true}""", excerpt);
        Assert.False(truncated);
        Assert.Null(failure);
    }

    [Fact]
    public async Task A_longer_body_is_cut_at_the_cap_and_flagged()
    {
        var (excerpt, truncated, _) = await Read(Encoding.UTF8.GetBytes(new string('x', 5000)), 1000);

        Assert.Equal(new string('x', 1000), excerpt);
        Assert.True(truncated);
    }

    [Fact]
    public async Task An_empty_body_has_no_excerpt()
    {
        var (excerpt, truncated, _) = await Read([], 1000);

        Assert.Null(excerpt);
        Assert.False(truncated);
    }

    [Fact]
    public async Task A_cap_of_zero_keeps_nothing()
    {
        var (excerpt, truncated, _) = await Read([1, 2, 3], 0);

        Assert.Null(excerpt);
        Assert.True(truncated);
    }

    [Fact]
    public void Nul_and_invalid_utf8_become_replacement_characters() =>
        Assert.Equal("a\uFFFDb\uFFFD", ResponseExcerptReader.Decode([(byte)'a', 0, (byte)'b', 0xE4, 0xB8]));

    [Fact]
    public async Task A_failing_body_keeps_what_was_read_and_reports_the_failure()
    {
        var content = new StreamContent(new FailingAfter(Encoding.UTF8.GetBytes("partial")));

        var (excerpt, truncated, failure) = await ResponseExcerptReader.ReadAsync(content, 1000, TestContext.Current.CancellationToken);

        Assert.Equal("partial", excerpt);
        Assert.False(truncated);
        Assert.IsType<IOException>(failure);
    }

    private sealed class FailingAfter(byte[] first) : MemoryStream(first)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("connection reset");
    }
}
