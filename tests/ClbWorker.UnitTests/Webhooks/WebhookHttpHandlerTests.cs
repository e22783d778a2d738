using System.Net;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Security;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookHttpHandlerTests
{
    [Fact]
    public void The_handler_closes_the_framework_defaults_that_would_bypass_the_guard_or_buffer_without_bound()
    {
        var options = new WebhookOptions { ConnectTimeout = TimeSpan.FromSeconds(3) };
        using var handler = WebhookHttpHandler.Create(options, new WebhookConnector(SsrfAddressPolicy.FromOptions(options)));

        Assert.NotNull(handler.ConnectCallback);
        Assert.False(handler.UseProxy);
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.Equal(DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.Equal(TimeSpan.FromSeconds(3), handler.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), handler.PooledConnectionLifetime);
        Assert.Equal(0, handler.MaxResponseDrainSize);
    }
}
