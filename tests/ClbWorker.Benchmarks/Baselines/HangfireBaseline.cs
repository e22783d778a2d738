using System.Globalization;
using System.Text;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Webhooks.Security;
using Hangfire;
using Hangfire.PostgreSql;

namespace ClbWorker.Benchmarks.Baselines;

/// <summary>
/// What a team would build with Hangfire alone: one Hangfire job per CLB task on Hangfire.PostgreSql. The job polls
/// once; while the task runs it schedules itself again a second later; when it ends it sends the signed webhook
/// (failures throw, so Hangfire retries). It runs as a process of its own: this program started with
/// <see cref="ServeCommand"/>, its settings in environment variables.
/// </summary>
public static class HangfireBaseline
{
    public const string ServeCommand = "serve-hangfire-baseline";
    public const string Schema = "hangfire_baseline";
    /// <summary>Twice Hangfire's default for two cores (min(5 × cores, 20)), to give the baseline every chance.</summary>
    public const int WorkerCount = 20;

    /// <summary>The storage both sides use; the schema is created on first use.</summary>
    public static PostgreSqlStorage Storage(string connectionString) =>
        new(new ClbWorker.Hosting.DataSourceConnectionFactory(Npgsql.NpgsqlDataSource.Create(connectionString)), new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            // A tuned setting (the default is 15 s): jobs start within 200 ms of being enqueued.
            QueuePollInterval = TimeSpan.FromMilliseconds(200),
        });

    public static Dictionary<string, string> Environment(string connectionString, string endpoint, Credential credential, ReceiverNode receiver) => new()
    {
        ["BASELINE_CONNECTION"] = connectionString,
        ["BASELINE_ENDPOINT"] = endpoint,
        ["BASELINE_SECRET_ID"] = credential.SecretId,
        ["BASELINE_SECRET_KEY"] = credential.SecretKey,
        ["BASELINE_RECEIVER"] = receiver.Url,
        ["BASELINE_WEBHOOK_SECRET"] = receiver.Secret,
    };

    /// <summary>Runs a Hangfire server with the job until SIGTERM.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        _ = args;
        string Setting(string name) => System.Environment.GetEnvironmentVariable(name)
            ?? throw new HarnessException($"{name} is not set; the harness sets it when it starts the baseline.");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var credential = new Credential("default", Setting("BASELINE_SECRET_ID"), Setting("BASELINE_SECRET_KEY"));
        var job = new PollTaskJob(new SignedClbClient(http, Setting("BASELINE_ENDPOINT"), credential), http, new Uri(Setting("BASELINE_RECEIVER")),
            WebhookSecret.Parse(Setting("BASELINE_WEBHOOK_SECRET")));
        var storage = Storage(Setting("BASELINE_CONNECTION"));
        GlobalConfiguration.Configuration.UseStorage(storage).UseActivator(new SingleJobActivator(job));
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = WorkerCount, SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage))
        {
            Console.WriteLine("hangfire baseline serving");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return 0;
    }

    /// <summary>The baseline's one job.</summary>
    public sealed class PollTaskJob(SignedClbClient client, HttpClient http, Uri receiver, WebhookSecret secret)
    {
        public async Task RunAsync(string taskId, string region)
        {
            var (status, error) = await client.DescribeTaskStatusAsync(taskId, region, CancellationToken.None);
            if (error is not null)
                throw new InvalidOperationException($"DescribeTaskStatus answered {error}");
            if (status == 2)
            {
                BackgroundJob.Schedule<PollTaskJob>(j => j.RunAsync(taskId, region), TimeSpan.FromSeconds(1));
                return;
            }
            var state = status == 0 ? "succeeded" : "failed";
            var body = Encoding.UTF8.GetBytes($$$"""{"type":"task.{{{state}}}","data":{"taskId":"{{{taskId}}}","state":"{{{state}}}"}}""");
            var id = "msg_" + taskId;
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, receiver) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.Sign(id, timestamp, body, [secret]));
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
    }

    private sealed class SingleJobActivator(PollTaskJob job) : JobActivator
    {
        public override object ActivateJob(Type jobType) => jobType == typeof(PollTaskJob) ? job : base.ActivateJob(jobType);
    }
}
