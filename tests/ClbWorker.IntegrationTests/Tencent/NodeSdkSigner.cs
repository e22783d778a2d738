using System.Diagnostics;
using System.Text.Json;

namespace ClbWorker.IntegrationTests.Tencent;

/// <summary>
/// The official Node.js SDK's TC3 signer (<c>tencentcloud-sdk-nodejs-common</c>, <c>Sign.sign3</c>), installed from npm
/// into a folder of the test run: an implementation of the signature that shares nothing with ours.
/// </summary>
internal static class NodeSdkSigner
{
    public const string Package = "tencentcloud-sdk-nodejs-common@4.1.220";

    private static readonly SemaphoreSlim InstallOnce = new(1, 1);
    private static string? installed;

    /// <summary>Skips the test, saying why, where Node.js or npm is missing or the package cannot be installed; in CI (which installs Node.js) that is a failure.</summary>
    public static async Task<string> RequireAsync(CancellationToken ct)
    {
        await InstallOnce.WaitAsync(ct);
        try
        {
            if (installed is not null)
                return installed;
            var folder = Directory.CreateTempSubdirectory("clbworker-node-sdk-").FullName;
            var (code, output) = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", folder, Package], ct);
            if (code != 0)
                Unavailable($"'npm install {Package}' failed (exit {code}): {output}");
            return installed = folder;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Unavailable("npm is not on PATH; install Node.js (apt-get install nodejs npm; CI does)");
            throw;
        }
        finally
        {
            InstallOnce.Release();
        }
    }

    /// <summary>The Authorization header the Node SDK computes for a POST of <paramref name="body"/> to <paramref name="url"/>.</summary>
    public static async Task<string> SignAsync(string folder, string url, byte[] body, long timestamp, string service, string contentType,
        string secretId, string secretKey, CancellationToken ct)
    {
        const string Script = """
            const input = JSON.parse(process.argv[1]);
            const Sign = require(input.module).default;
            process.stdout.write(Sign.sign3({
              method: "POST", url: input.url, payload: Buffer.from(input.body, "base64"), timestamp: input.timestamp,
              service: input.service, secretId: input.secretId, secretKey: input.secretKey, multipart: false, boundary: "",
              headers: { "Content-Type": input.contentType },
            }));
            """;
        var input = JsonSerializer.Serialize(new
        {
            module = Path.Combine(folder, "node_modules", "tencentcloud-sdk-nodejs-common", "tencentcloud", "common", "sign.js"),
            url, body = Convert.ToBase64String(body), timestamp, service, secretId, secretKey, contentType,
        });
        var (code, output) = await RunAsync("node", ["-e", Script, input], ct);
        Assert.True(code == 0, $"node failed (exit {code}): {output}");
        return output;
    }

    private static void Unavailable(string reason)
    {
        var message = $"The official Node.js SDK's signer cannot run: {reason}.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail(message);
        Assert.Skip(message);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, (await stdout) + (await stderr).Trim());
    }
}
