using System.Text.Json;
using ClbWorker.Api;
using ClbWorker.Tasks.Api;

namespace ClbWorker.UnitTests.Api;

public sealed class JsonErrorDescriptionTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static (string Field, string Message) Describe(string json)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CreateTaskRequest>(json, Web));
        return JsonErrorDescription.Describe(error, Web.GetTypeInfo(typeof(CreateTaskRequest)));
    }

    [Fact]
    public void A_wrong_type_names_the_property_and_the_json_type_it_wants()
    {
        Assert.Equal(("taskId", "taskId has the wrong JSON type; it must be a string."), Describe("{\"taskId\": 42}"));
        Assert.Equal(("region", "region has the wrong JSON type; it must be a string."), Describe("{\"region\": [\"ap-guangzhou\"]}"));
    }

    [Fact]
    public void Json_cut_off_is_the_bodys_fault_and_says_where_it_stopped()
    {
        var (field, message) = Describe("{\"taskId\": ");

        Assert.Equal("body", field);
        Assert.StartsWith("The request body is not valid JSON (line 1, byte 12, in taskId): ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_that_cannot_be_read_is_the_fields_fault()
    {
        var (field, message) = Describe("{\"taskId\": \"a\\ud800\"}");

        Assert.Equal("taskId", field);
        Assert.StartsWith("taskId is not valid", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_is_named_with_the_allowed_ones()
    {
        var (field, message) = Describe("{\"taskId\": \"a\", \"regoin\": \"ap-guangzhou\"}");

        Assert.Equal("regoin", field);
        Assert.Contains("allowed: taskId, region, account, callbackUrl, deadline, metadata", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{nope}", "The request body is not valid JSON (line 1, byte 2): ")]
    [InlineData("[1]", "The request body must be a JSON object.")]
    [InlineData("", "The request body is empty; send a JSON object.")]
    public void Broken_json_is_described_without_dotnet_type_names(string json, string start)
    {
        var (field, message) = Describe(json);

        Assert.Equal("body", field);
        Assert.StartsWith(start, message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("ClbWorker", message, StringComparison.Ordinal);
    }
}
