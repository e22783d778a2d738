using System.Text;
using ClbWorker.Tencent.Client;

namespace ClbWorker.UnitTests.Tencent;

public class DescribeTaskStatusResponseParserTests
{
    private static DescribeTaskStatusResult Parse(string body, int status = 200) =>
        DescribeTaskStatusResponseParser.Parse(status, Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData(0, ClbTaskStatus.Succeeded)]
    [InlineData(1, ClbTaskStatus.Failed)]
    [InlineData(2, ClbTaskStatus.Running)]
    public void Success_envelope_yields_the_task_status_and_request_id(int status, ClbTaskStatus expected)
    {
        var result = Parse($$$"""{"Response":{"Status":{{{status}}},"RequestId":"req-1"}}""");

        Assert.Equal(new TaskStatusReported(expected, "req-1"), result);
    }

    [Fact]
    public void Message_and_LoadBalancerIds_are_read_and_unknown_fields_of_newer_api_versions_ignored()
    {
        var result = Assert.IsType<TaskStatusReported>(Parse("""
            {"Response":{"Status":0,"Message":"done","LoadBalancerIds":["lb-1","lb-2"],"RequestId":"req-2","Extra":{"a":[1,2]}}}
            """));

        Assert.Equal((ClbTaskStatus.Succeeded, "req-2", "done"), (result.Status, result.RequestId, result.Message));
        Assert.Equal(["lb-1", "lb-2"], result.LoadBalancerIds!);
    }

    [Theory]
    [InlineData("""{"Response":{"Status":1,"RequestId":"r"}}""")]
    [InlineData("""{"Response":{"Status":1,"LoadBalancerIds":null,"Message":null,"RequestId":"r"}}""")]
    [InlineData("""{"Response":{"Status":1,"LoadBalancerIds":[],"Message":"","RequestId":"r"}}""")]
    public void Absent_null_or_empty_Message_and_LoadBalancerIds_are_null(string body)
    {
        var result = Assert.IsType<TaskStatusReported>(Parse(body));

        Assert.Null(result.LoadBalancerIds);
        Assert.Null(result.Message);
    }

    [Theory]
    [InlineData("""{"Response":{"Status":1,"LoadBalancerIds":"lb-1","RequestId":"r"}}""", "LoadBalancerIds is neither an array nor null")]
    [InlineData("""{"Response":{"Status":1,"LoadBalancerIds":["lb-1",7],"RequestId":"r"}}""", "LoadBalancerIds holds an element")]
    [InlineData("""{"Response":{"Status":1,"Message":{"Text":"x"},"RequestId":"r"}}""", "Message is neither a string nor null")]
    public void Mistyped_Message_or_LoadBalancerIds_is_a_malformed_answer(string body, string reason) =>
        Assert.Contains(reason, Assert.IsType<MalformedResponse>(Parse(body)).Reason, StringComparison.Ordinal);

    [Fact]
    public void A_very_long_Message_is_kept_to_its_first_4000_characters()
    {
        var result = Assert.IsType<TaskStatusReported>(Parse($$$"""{"Response":{"Status":1,"Message":"{{{new string('m', 5000)}}}","RequestId":"r"}}"""));

        Assert.Equal(DescribeTaskStatusResponseParser.MaxMessageLength, result.Message!.Length);
    }

    [Fact]
    public void Error_envelope_yields_code_message_request_id_and_kind()
    {
        var result = Parse("""
            {"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"req-3"}}
            """);

        var error = Assert.IsType<ApiErrorReported>(result);
        Assert.Equal(("RequestLimitExceeded", "slow down", "req-3"), (error.Code, error.Message, error.RequestId));
        Assert.Equal(TencentErrorKind.RateLimited, error.Kind);
    }

    [Fact]
    public void Error_envelope_wins_over_a_status_in_the_same_response()
    {
        var result = Parse("""{"Response":{"Status":0,"Error":{"Code":"InternalError","Message":""},"RequestId":"r"}}""");

        Assert.Equal("InternalError", Assert.IsType<ApiErrorReported>(result).Code);
    }

    [Fact]
    public void Error_without_request_id_or_message_is_still_an_api_error()
    {
        var result = Parse("""{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure"}}}""");

        Assert.Equal(new ApiErrorReported("AuthFailure.SignatureFailure", "", null), result);
    }

    [Theory]
    [InlineData("""{"Response":{"Error":{"Message":"no code"},"RequestId":"r"}}""", "Response.Error has no Code")]
    [InlineData("""{"Response":{"Error":{"Code":"","Message":"m"},"RequestId":"r"}}""", "Response.Error has no Code")]
    [InlineData("""{"Response":{"Error":{"Code":42},"RequestId":"r"}}""", "Response.Error has no Code")]
    [InlineData("""{"Response":{"Error":"boom","RequestId":"r"}}""", "Response.Error is not an object")]
    [InlineData("""{"Response":{"Status":2}}""", "Response.RequestId is missing")]
    [InlineData("""{"Response":{"Status":2,"RequestId":""}}""", "Response.RequestId is missing")]
    [InlineData("""{"Response":{"RequestId":"r"}}""", "Response.Status is missing")]
    [InlineData("""{"Response":{"Status":"2","RequestId":"r"}}""", "Response.Status is not an integer")]
    [InlineData("""{"Response":{"Status":2.5,"RequestId":"r"}}""", "Response.Status is not an integer")]
    [InlineData("""{"Response":{"Status":null,"RequestId":"r"}}""", "Response.Status is not an integer")]
    [InlineData("""{"Response":{"Status":99999999999,"RequestId":"r"}}""", "Response.Status is not an integer")]
    [InlineData("""{"Response":{"Status":3,"RequestId":"r"}}""", "Response.Status is 3;")]
    [InlineData("""{"Response":{"Status":-1,"RequestId":"r"}}""", "Response.Status is -1;")]
    [InlineData("""{"Status":2,"RequestId":"r"}""", "no Response object")]
    [InlineData("""{"Response":"ok"}""", "no Response object")]
    [InlineData("""[{"Response":{}}]""", "no Response object")]
    [InlineData("""{"Response":{"Status":2,"RequestId":"r"}} trailing""", "not JSON")]
    [InlineData("""{"Response":{"Status":2,""", "not JSON")]
    [InlineData("""<html><body>Bad Gateway</body></html>""", "not JSON")]
    public void Bodies_that_are_not_a_trustworthy_envelope_are_malformed(string body, string reason)
    {
        var result = Parse(body);

        Assert.Contains(reason, Assert.IsType<MalformedResponse>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_body_is_malformed() =>
        Assert.Equal(new MalformedResponse("the body is empty"), DescribeTaskStatusResponseParser.Parse(200, []));

    [Fact]
    public void Html_502_page_is_an_http_error_with_a_readable_excerpt()
    {
        var result = Parse("""
            <html>
            <head><title>502 Bad Gateway</title></head>
            <body><center><h1>502 Bad Gateway</h1></center></body>
            </html>
            """, status: 502);

        var error = Assert.IsType<HttpErrorReceived>(result);
        Assert.Equal(502, error.StatusCode);
        Assert.StartsWith("<html> <head><title>502 Bad Gateway</title></head> <body>", error.BodyExcerpt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(302)]
    [InlineData(404)]
    [InlineData(500)]
    public void Any_status_other_than_200_is_an_http_error_even_with_a_valid_envelope(int status)
    {
        var result = Parse("""{"Response":{"Status":0,"RequestId":"r"}}""", status);

        Assert.Equal(status, Assert.IsType<HttpErrorReceived>(result).StatusCode);
    }

    [Fact]
    public void Http_error_excerpt_is_bounded_for_large_bodies()
    {
        var result = Parse(new string('x', 100_000), status: 503);

        var excerpt = Assert.IsType<HttpErrorReceived>(result).BodyExcerpt;
        Assert.Equal(201, excerpt.Length);
        Assert.EndsWith("x…", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsed_results_leave_elapsed_for_the_caller() =>
        Assert.Equal(TimeSpan.Zero, Parse("""{"Response":{"Status":2,"RequestId":"r"}}""").Elapsed);
}
