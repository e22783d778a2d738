using ClbWorker.Webhooks.Sending;

namespace ClbWorker.UnitTests.Webhooks;

public class DeliveryAttemptResultTests
{
    [Theory]
    [InlineData(null, false, false)]
    [InlineData(199, false, false)]
    [InlineData(200, true, false)]
    [InlineData(202, true, false)]
    [InlineData(299, true, false)]
    [InlineData(300, false, false)]
    [InlineData(302, false, false)]
    [InlineData(404, false, false)]
    [InlineData(410, false, true)]
    [InlineData(500, false, false)]
    public void Only_2xx_is_success_and_only_410_is_gone(int? status, bool success, bool gone)
    {
        var result = new DeliveryAttemptResult { StatusCode = status };

        Assert.Equal(success, result.IsSuccess);
        Assert.Equal(gone, result.IsGone);
    }

    [Theory]
    [InlineData(500, null, "HTTP 500")]
    [InlineData(302, "redirect not followed", "HTTP 302: redirect not followed")]
    [InlineData(null, "connecting failed", "connecting failed")]
    [InlineData(null, null, "no response")]
    public void The_summary_combines_status_and_error(int? status, string? error, string expected) =>
        Assert.Equal(expected, new DeliveryAttemptResult { StatusCode = status, Error = error }.Summary);
}
