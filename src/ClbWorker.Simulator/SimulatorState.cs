using ClbWorker.Simulator.Authentication;
using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Faults;
using ClbWorker.Simulator.RateLimiting;
using ClbWorker.Simulator.Sts;
using ClbWorker.Simulator.Randomness;
using ClbWorker.Simulator.Tasks;
using ClbWorker.Simulator.Traffic;

namespace ClbWorker.Simulator;

/// <summary>
/// Everything a running simulator knows: tasks, credentials, faults and traffic. One instance per host,
/// resolved with <c>app.Services.GetRequiredService&lt;SimulatorState&gt;()</c> by code that embeds the simulator
/// and wants to arrange or inspect it without going through the <c>/_sim/</c> admin routes. Thread-safe.
/// </summary>
public sealed class SimulatorState
{
    internal SimulatorState(SimulatorOptions options, TimeProvider time)
    {
        var random = new SimulatorRandom(options.Seed);
        Time = time;
        Regions = new ClbRegions(options.Regions);
        Credentials = new CredentialStore(options.Credentials);
        Faults = new FaultInjector(options.Faults, random);
        Traffic = new TrafficRecorder(time);
        Tasks = new TaskRegistry(ActionTaskSettings.From(options), Regions, random, time);
        Temporary = new TemporaryCredentialIssuer(Credentials, options.TemporaryCredentials, time);
        var rateLimiter = new RequestRateLimiter(options.RateLimitPerSecond, time);
        var verifier = new Tc3RequestVerifier(Credentials, options.TimestampTolerance, time, Temporary);
        Processor = new CloudApiProcessor(verifier, rateLimiter, Regions, Tasks, new StsActions(verifier, Temporary), time);
        Arrivals = options.ArrivalLog is { } path ? new ArrivalLog(path) : null;
    }

    internal TimeProvider Time { get; }
    internal ClbRegions Regions { get; }
    internal CredentialStore Credentials { get; }
    internal FaultInjector Faults { get; }
    internal TrafficRecorder Traffic { get; }
    internal TaskRegistry Tasks { get; }
    internal CloudApiProcessor Processor { get; }
    internal ArrivalLog? Arrivals { get; }
    internal TemporaryCredentialIssuer Temporary { get; }

    /// <summary>Creates tasks as <c>POST /_sim/tasks</c> does.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message names each field and the allowed values.</exception>
    public IReadOnlyList<SimulatedTask> CreateTasks(SimulatedTaskRequest request)
    {
        var errors = Tasks.TryCreate(request, out var created);
        return errors.IsEmpty ? created : throw new ArgumentException(errors.ToString(), nameof(request));
    }

    /// <summary>The task with this id (a TaskId, or a DealName), or null when DescribeTaskStatus would not know it.</summary>
    public SimulatedTask? FindTask(string taskId, SimulatedTaskKind kind = SimulatedTaskKind.TaskId) => Tasks.Find(taskId, kind);

    /// <summary>The fault settings in force.</summary>
    public SimulatorFaults CurrentFaults => Faults.Current;

    /// <summary>Replaces the fault settings as <c>PUT /_sim/faults</c> does.</summary>
    /// <exception cref="ArgumentException">A rate or duration is out of range; the message names it.</exception>
    public void SetFaults(SimulatorFaults faults)
    {
        var errors = Faults.TrySet(faults, property => property);
        if (!errors.IsEmpty)
            throw new ArgumentException(errors.ToString(), nameof(faults));
    }

    /// <summary>
    /// Every credential accepted right now, configured and temporary, secrets included: for a host that embeds the
    /// simulator to inspect what was handed out (a test looking for leaked keys). Never served over HTTP.
    /// </summary>
    public IReadOnlyList<SimulatorCredential> AcceptedCredentials => Credentials.All;

    /// <summary>The SecretIds accepted right now.</summary>
    public IReadOnlyList<string> SecretIds => Credentials.All.Select(c => c.SecretId).ToList();

    /// <summary>Accepts this credential from now on, replacing any with the same SecretId.</summary>
    /// <exception cref="ArgumentException">The SecretId or SecretKey is empty.</exception>
    public void PutCredential(SimulatorCredential credential)
    {
        var errors = Credentials.TryPut(credential);
        if (!errors.IsEmpty)
            throw new ArgumentException(errors.ToString(), nameof(credential));
    }

    /// <summary>How temporary keys were issued and used since start (not reset by <see cref="ResetStats"/>).</summary>
    public TemporaryCredentialStats TemporaryCredentialStats => Temporary.Stats;

    /// <summary>The temporary key settings in force.</summary>
    public SimulatorTemporaryCredentials CurrentTemporaryCredentials
    {
        get
        {
            var settings = Temporary.Settings;
            var current = new SimulatorTemporaryCredentials
            {
                Lifetime = settings.Lifetime, InstanceRole = settings.InstanceRole,
                WebIdentityProviderId = settings.WebIdentityProviderId, WebIdentityToken = settings.WebIdentityToken,
            };
            foreach (var arn in settings.RoleArns)
                current.RoleArns.Add(arn);
            return current;
        }
    }

    /// <summary>Replaces the temporary key settings as <c>PUT /_sim/temporary-credentials</c> does; keys already issued keep their expiry.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void SetTemporaryCredentials(SimulatorTemporaryCredentials settings)
    {
        var errors = TemporaryCredentialRules.Check(settings, property => property);
        if (!errors.IsEmpty)
            throw new ArgumentException(errors.ToString(), nameof(settings));
        Temporary.Replace(TemporaryCredentialSettings.From(settings));
    }

    /// <summary>Gives every temporary key issued so far a new token: their holders get TokenFailure until they fetch new keys.</summary>
    public int RevokeTemporaryCredentials() => Temporary.Revoke();

    /// <summary>Traffic per key since start or the last <see cref="ResetStats"/>.</summary>
    public SimulatorStats GetStats() => Traffic.Snapshot();

    /// <summary>Forgets traffic statistics. The rate limiter keeps its windows: a reset must not grant extra requests.</summary>
    public void ResetStats() => Traffic.Reset();
}
