using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClbWorker.Webhooks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

public class WebhookSenderTlsTests
{
    [Fact]
    public async Task A_receiver_with_an_untrusted_certificate_is_a_tls_failure_and_gets_no_request()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificate = SelfSigned("localhost");
        var requests = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        await using var receiver = builder.Build();
        receiver.Run(context =>
        {
            Interlocked.Increment(ref requests);
            return context.Response.WriteAsync("ok", ct);
        });
        await receiver.StartAsync(ct);
        var port = new Uri(receiver.Urls.Single()).Port;
        await using var host = await WebhookSenderHost.StartAsync(new() { ["Webhooks:AllowPrivateNetworks"] = "true" }, ct);

        var result = await host.Sender.SendAsync(new Uri($"https://localhost:{port}/hook"), "msg_tls", "{}"u8.ToArray(), [WebhookSecret.Generate()], ct);

        Assert.Null(result.StatusCode);
        Assert.False(result.RefusedBySsrfGuard);
        Assert.StartsWith($"the TLS handshake failed (localhost:{port}): ", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, requests);
        // The TLS connection ran over the guard's socket.
        Assert.Single(host.Connections.Attempts);
        await receiver.StopAsync(ct);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs the key in a form it can load on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
