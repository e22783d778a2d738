using ClbWorker.Tencent.Client;

namespace ClbWorker.UnitTests.Tencent;

public class ResponseBodyReaderTests
{
    // StreamContent over a non-seekable stream has no Content-Length, like a chunked answer.
    private static StreamContent Chunked(int length) => new(new NonSeekableStream(new byte[length]));

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(40_000)]
    public async Task Bodies_up_to_the_cap_are_read_whole(int length)
    {
        var (body, tooLarge) = await ResponseBodyReader.ReadAsync(Chunked(length), 40_000, TestContext.Current.CancellationToken);

        Assert.Equal((length, false), (body.Length, tooLarge));
    }

    [Fact]
    public async Task One_byte_over_the_cap_is_too_large_and_reading_stops_at_the_cap()
    {
        var (body, tooLarge) = await ResponseBodyReader.ReadAsync(Chunked(40_001), 40_000, TestContext.Current.CancellationToken);

        Assert.Equal((40_000, true), (body.Length, tooLarge));
    }

    [Fact]
    public async Task Declared_length_over_the_cap_is_refused_without_reading()
    {
        var content = new ByteArrayContent(new byte[10]);
        content.Headers.ContentLength = 2_000_000;

        var (body, tooLarge) = await ResponseBodyReader.ReadAsync(content, ResponseBodyReader.MaxBytes, TestContext.Current.CancellationToken);

        Assert.Equal((0, true), (body.Length, tooLarge));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
