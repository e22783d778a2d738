using System.Text.Json;
using ClbWorker.Tasks.Api;

namespace ClbWorker.UnitTests.Api;

public sealed class TaskMetadataTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Absent_or_null_metadata_is_an_empty_object()
    {
        Assert.True(TaskMetadata.TryNormalize(null, out var absent, out _));
        Assert.True(TaskMetadata.TryNormalize(Parse("null"), out var nul, out _));
        Assert.Equal(("{}", "{}"), (absent, nul));
    }

    [Fact]
    public void An_object_is_written_compactly_keeping_unicode_readable()
    {
        Assert.True(TaskMetadata.TryNormalize(Parse("{ \"change\" : \"add listener 443\", \"who\": \"张三\", \"n\": [1, 2.5e3] }"), out var json, out var error), error);
        Assert.Equal("{\"change\":\"add listener 443\",\"who\":\"张三\",\"n\":[1,2.5e3]}", json);
    }

    [Fact]
    public void Up_to_16_KiB_is_allowed_and_one_byte_more_is_not()
    {
        var filler = new string('a', TaskMetadata.MaxBytes - "{\"x\":\"\"}".Length);
        Assert.True(TaskMetadata.TryNormalize(Parse($"{{\"x\":\"{filler}\"}}"), out _, out _));
        Assert.False(TaskMetadata.TryNormalize(Parse($"{{\"x\":\"{filler}a\"}}"), out _, out var error));
        Assert.Contains("16385 bytes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]", "is an array")]
    [InlineData("\"{}\"", "is a string")]
    [InlineData("42", "is a number")]
    [InlineData("true", "is a boolean")]
    [InlineData("{\"x\": \"a\\u0000b\"}", "NUL character")]
    [InlineData("{\"a\\u0000\": 1}", "property name")]
    [InlineData("{\"x\": [\"\\ud800\"]}", "unpaired surrogate at metadata.x[0]")]
    [InlineData("{\"x\": 1e400000}", "exponent")]
    [InlineData("{\"x\": 1234567890123456789012345678901234567890123}", "at most 40 characters")]
    public void Values_jsonb_cannot_store_are_refused_with_where_they_are(string json, string reason)
    {
        Assert.False(TaskMetadata.TryNormalize(Parse(json), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
