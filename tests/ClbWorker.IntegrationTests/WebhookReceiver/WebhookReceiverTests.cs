using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Webhooks.Sending;
using ClbWorker.WebhookReceiver;
using ClbWorker.Webhooks.Security;
using Microsoft.AspNetCore.Builder;

namespace ClbWorker.IntegrationTests.WebhookReceiver;

/// <summary>The demo receiver on loopback, sent to by ClbWorker's own webhook sender.</summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private readonly WebhookSecret secret = WebhookSecret.Generate();
    private readonly string record = Path.Combine(Path.GetTempPath(), $"receipts-{Guid.NewGuid():N}.csv");
    private WebApplication receiver = null!;
    private WebhookSenderHost sender = null!;
    private Uri url = null!;

    public async ValueTask InitializeAsync()
    {
        var options = new ReceiverOptions();
        options.Secrets.Add(WebhookSecret.Generate().Reveal());
        options.Secrets.Add(secret.Reveal());
        options.RecordFile = record;
        receiver = ReceiverHost.Build(options, "http://127.0.0.1:0");
        await receiver.StartAsync(TestContext.Current.CancellationToken);
        url = new Uri(ReceiverHost.BaseAddress(receiver), "/webhooks");
        sender = await WebhookSenderHost.StartAsync(SenderScenario.Configuration(), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await sender.DisposeAsync();
        await receiver.DisposeAsync();
        File.Delete(record);
    }

    [Fact]
    public async Task Every_notification_is_appended_to_the_record_file_verified_or_not()
    {
        await sender.Sender.SendAsync(url, "msg_7_succeeded_1", Body("task-recorded"), [secret], TestContext.Current.CancellationToken);
        await sender.Sender.SendAsync(url, "msg_8_succeeded_1", Body("task-forged"), [WebhookSecret.Generate()], TestContext.Current.CancellationToken);

        var lines = (await File.ReadAllLinesAsync(record, TestContext.Current.CancellationToken)).Select(l => l.Split(',')).ToList();

        Assert.Equal(2, lines.Count);
        Assert.Equal(["msg_7_succeeded_1", "task.succeeded", "task-recorded", "succeeded", "Verified"], lines[0][1..]);
        Assert.Equal(("msg_8_succeeded_1", "NoMatchingSignature"), (lines[1][1], lines[1][5]));
        var receivedAt = DateTimeOffset.UnixEpoch.AddTicks(long.Parse(lines[0][0], System.Globalization.CultureInfo.InvariantCulture) * 10);
        Assert.InRange(DateTimeOffset.UtcNow - receivedAt, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_notification_signed_by_the_worker_is_verified_and_listed()
    {
        var result = await sender.Sender.SendAsync(url, "msg_1_succeeded_1", Body("task-ok"), [secret], TestContext.Current.CancellationToken);

        Assert.Equal(204, result.StatusCode);
        var latest = Assert.Single(await LatestAsync());
        Assert.Equal("msg_1_succeeded_1", latest.GetProperty("messageId").GetString());
        Assert.Equal("task.succeeded", latest.GetProperty("type").GetString());
        Assert.Equal("task-ok", latest.GetProperty("taskId").GetString());
        Assert.Equal("Verified", latest.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_notification_signed_with_another_secret_is_refused()
    {
        var result = await sender.Sender.SendAsync(url, "msg_2_failed_1", Body("task-forged"), [WebhookSecret.Generate()], TestContext.Current.CancellationToken);

        Assert.Equal(401, result.StatusCode);
        Assert.Equal("NoMatchingSignature", Assert.Single(await LatestAsync()).GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var body = Body("task-changed");
        var signature = WebhookSigner.Sign("msg_3", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body, [secret]);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Body("task-other")) };
        request.Headers.Add("webhook-id", "msg_3");
        request.Headers.Add("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void A_receiver_without_a_valid_secret_does_not_start_and_does_not_quote_it()
    {
        var options = new ReceiverOptions();
        options.Secrets.Add("whsec_not-base64!");

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ReceiverHost.Build(options, "http://127.0.0.1:0"));

        Assert.Contains("Receiver:Secrets:0 is not a webhook secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-base64!", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Body(string taskId) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type = "task.succeeded", data = new { taskId, state = "succeeded" } });

    private async Task<List<JsonElement>> LatestAsync()
    {
        using var http = new HttpClient();
        return (await http.GetFromJsonAsync<List<JsonElement>>(url, TestContext.Current.CancellationToken))!;
    }
}
