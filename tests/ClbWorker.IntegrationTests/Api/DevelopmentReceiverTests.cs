using System.Net;
using System.Text;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.IntegrationTests.Api;

/// <summary>The dev run's own receiver (<c>/dev/webhooks</c>) accepts what endpoints registered through the API sign.</summary>
public sealed class DevelopmentReceiverTests(PostgresServer server)
{
    private const string Body = """{"type":"task.succeeded","timestamp":null,"data":{"id":1,"taskId":"dev-1","state":"succeeded"}}""";

    [Fact]
    public async Task The_development_receiver_verifies_messages_signed_with_a_registered_endpoints_secret_old_and_new()
    {
        await using var bed = await WebhookApiTestBed.StartAsync(server, ("environment", "Development"));
        var (id, first) = await bed.CreateEndpointAsync("https://hooks.example.com/clb");
        var second = (await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{id}/rotate-secret")).GetProperty("secret").GetString()!;

        var withOld = await PostSignedAsync(bed, first);
        var withNew = await PostSignedAsync(bed, second);
        var withStranger = await PostSignedAsync(bed, WebhookSecret.Generate().Reveal());

        Assert.Equal(HttpStatusCode.NoContent, withOld);
        Assert.Equal(HttpStatusCode.NoContent, withNew);
        Assert.Equal(HttpStatusCode.Unauthorized, withStranger);
    }

    private static async Task<HttpStatusCode> PostSignedAsync(WebhookApiTestBed bed, string secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var messageId = $"msg_dev_{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev/webhooks")
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(messageId, timestamp, Encoding.UTF8.GetBytes(Body), [WebhookSecret.Parse(secret)]));
        using var response = await bed.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
