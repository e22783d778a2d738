using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using ClbWorker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.Dashboard;

/// <summary>
/// The application with dashboard settings, hosted in the test server. Requests may say which address they come from
/// in <see cref="RemoteAddressHeader"/>: the test server has no network connection of its own, so this is how a request
/// from another machine is made (without the header a request has no remote address, like an unknown peer).
/// </summary>
internal static partial class DashboardHost
{
    public const string RemoteAddressHeader = "X-Test-Remote-Address";
    public const string AdminName = "ops";
    public const string AdminPassword = "ops password 123";
    public const string ViewerName = "noc";
    public const string ViewerPassword = "noc password 456";

    /// <summary>The settings <c>PollingWorld.StartWorker</c> uses, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(PollingWorld world, IEnumerable<KeyValuePair<string, string?>> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = world.ConnectionString,
            ["Tencent:SecretId"] = PollingWorld.Credential.SecretId,
            ["Tencent:SecretKey"] = PollingWorld.Credential.SecretKey,
            ["Tencent:Endpoint"] = world.Endpoint.ToString(),
            ["Tencent:RequestsPerSecond"] = "150",
            ["Tencent:Timeout"] = "00:00:02",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }

    /// <summary>An admin (clear-text password) and a viewer (PBKDF2 hash of <see cref="ViewerPassword"/>).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Users() =>
    [
        new("Dashboard:Users:0:Name", AdminName),
        new("Dashboard:Users:0:Password", AdminPassword),
        new("Dashboard:Users:0:Role", "admin"),
        new("Dashboard:Users:1:Name", ViewerName),
        new("Dashboard:Users:1:PasswordHash", ClbWorker.Dashboard.Access.PasswordHash.Create(ViewerPassword, 100_000).ToString()),
        new("Dashboard:Users:1:Role", "viewer"),
    ];

    public static WebApplicationFactory<Program> Start(WorkerApp app)
    {
        var host = app.WithWebHostBuilder(builder => builder.ConfigureServices(
            services => services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>()));
        _ = host.Services;
        return host;
    }

    public static HttpClient Client(WebApplicationFactory<Program> host, string? remoteAddress, string? user = null, string? password = null)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (remoteAddress is not null)
            client.DefaultRequestHeaders.Add(RemoteAddressHeader, remoteAddress);
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    /// <summary>Hangfire's layout carries the antiforgery token in a meta tag; the matching cookie is in the client.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, CancellationToken ct)
    {
        var page = await client.GetStringAsync("/hangfire/", ct);
        return CsrfToken().Match(page).Groups[1].Value;
    }

    /// <summary>A form POST as the dashboard's buttons send it.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string? token, CancellationToken ct,
        params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
            form.Add(new("__RequestVerificationToken", token));
        return client.PostAsync(path, new FormUrlEncodedContent(form), ct);
    }

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();

    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(RemoteAddressHeader, out var value)
                    ? IPAddress.Parse(value.ToString()) : null;
                return following(context);
            });
            next(app);
        };
    }
}
