using System.Net;
using ClbWorker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ClbWorker.IntegrationTests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright (its bundled driver runs offline; no browser is downloaded), against the
/// application served by a real Kestrel on a loopback port, as a browser needs.
/// </summary>
internal static class DashboardBrowser
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Where the test saves its screenshots: beside the test assembly, under TestResults/screenshots.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Skips the test, saying why, where no Chromium is installed; in CI (which installs it) that is a failure.</summary>
    public static void RequireChromium()
    {
        if (File.Exists(Chromium))
            return;
        var reason = $"No Chromium at {Chromium}, so the real-browser dashboard test cannot run: install it with 'apt-get install chromium' (CI does).";
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail(reason);
        Assert.Skip(reason);
    }

    /// <summary>Starts the application on Kestrel at 127.0.0.1 on a free port and returns its address.</summary>
    public static Uri StartOnKestrel(WorkerApp app)
    {
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        // This machine has no network beyond loopback: keep Chromium from reaching for its update and sync services.
        Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>A browser context logged in as one dashboard user; confirmation dialogs are accepted.</summary>
    public static async Task<IPage> LogInAsync(IBrowser browser, Uri baseAddress, string user, string password)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            HttpCredentials = new() { Username = user, Password = password },
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
