using ClbWorker.Observability;
using ClbWorker.Tencent.Client;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.UnitTests.Observability;

public class MetricTagsTests
{
    public static TheoryData<DescribeTaskStatusResult, string, string?> Polls => new()
    {
        { new TaskStatusReported(ClbTaskStatus.Succeeded, "r"), "succeeded", null },
        { new TaskStatusReported(ClbTaskStatus.Failed, "r"), "failed", null },
        { new TaskStatusReported(ClbTaskStatus.Running, "r"), "status_running", null },
        { new ApiErrorReported("RequestLimitExceeded.UinLimitExceeded", "slow down", "r"), "api_error", "RequestLimitExceeded.UinLimitExceeded" },
        { new ApiErrorReported("InvalidParameter", "no such task", null), "api_error", "InvalidParameter" },
        { new HttpErrorReceived(502, "Bad Gateway"), "http_error", null },
        { new RequestTimedOut(TimeSpan.FromSeconds(2)), "timeout", null },
        { new ConnectionFailed("refused"), "connection_failed", null },
        { new MalformedResponse("not JSON"), "malformed", null },
    };

    [Theory]
    [MemberData(nameof(Polls))]
    public void A_poll_result_maps_to_its_outcome_and_Tencent_code(DescribeTaskStatusResult result, string outcome, string? code) =>
        Assert.Equal((outcome, code), MetricTags.PollOutcome(result));

    [Theory]
    [InlineData("AuthFailure.SignatureFailure", "AuthFailure.SignatureFailure")]
    [InlineData("InternalError", "InternalError")]
    [InlineData("task 4f1c-88 was not found", MetricTags.OtherCode)]
    [InlineData("", MetricTags.OtherCode)]
    [InlineData(null, MetricTags.OtherCode)]
    [InlineData("A.B.C.D.E", MetricTags.OtherCode)]
    public void Only_codes_shaped_like_Tencent_codes_become_tag_values(string? code, string tag) => Assert.Equal(tag, MetricTags.ErrorCode(code));

    [Fact]
    public void An_overlong_code_is_not_a_tag_value() => Assert.Equal(MetricTags.OtherCode, MetricTags.ErrorCode(new string('A', 65)));

    [Theory]
    [InlineData(204, false, false, true, "2xx")]
    [InlineData(302, false, false, true, "3xx")]
    [InlineData(410, false, false, true, "4xx")]
    [InlineData(503, false, false, true, "5xx")]
    [InlineData(null, true, false, true, "timeout")]
    [InlineData(null, false, true, true, "refused")]
    [InlineData(null, false, false, true, "no_response")]
    [InlineData(null, false, false, false, "not_sent")]
    public void A_webhook_attempt_maps_to_its_status_class_or_why_none_came(int? status, bool timedOut, bool refused, bool sent, string tag) =>
        Assert.Equal(tag, MetricTags.WebhookStatus(new DeliveryAttemptResult { StatusCode = status, TimedOut = timedOut, RefusedBySsrfGuard = refused }, sent));

    [Theory]
    [InlineData(DeliveryStates.Delivered, "delivered")]
    [InlineData(DeliveryStates.Pending, "retry")]
    [InlineData(DeliveryStates.Failed, "failed")]
    public void A_webhook_attempt_outcome_is_the_delivery_state_it_left(string state, string outcome) =>
        Assert.Equal(outcome, MetricTags.WebhookOutcome(state));
}
