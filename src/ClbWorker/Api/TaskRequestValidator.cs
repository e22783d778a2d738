using System.Text.RegularExpressions;
using ClbWorker.Tasks;
using ClbWorker.Tencent;
using ClbWorker.Webhooks;

namespace ClbWorker.Api;

/// <summary>
/// Checks a task request against everything the database and the worker will insist on, so that a bad request is
/// answered with its field and the rule instead of a constraint error, and nothing is written: the task id rule,
/// a known region, a configured account with credentials, a callback URL the webhook sender would accept (the SSRF
/// guard's static checks: literal non-public addresses are refused unless allowed), the deadline and the metadata.
/// </summary>
public sealed partial class TaskRequestValidator(ClbRegions regions, TencentAccounts accounts, WebhookUrlPolicy urls)
{
    public const int MaxCallbackUrlLength = 2048;

    public TaskRequestValidation Validate(CreateTaskRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = [$"{field} {message}"];

        if (request.TaskId is null)
            Add("taskId", $"is required: the RequestId Tencent Cloud returned, {TaskIdRule.Description}.");
        else if (TaskIdRule.Check(request.TaskId) is { } taskIdProblem)
            Add("taskId", $"{taskIdProblem}; allowed: {TaskIdRule.Description}.");

        if (request.Region is null)
            Add("region", $"is required; known regions: {string.Join(", ", regions.Known)}.");
        else if (!regions.IsKnown(request.Region))
            Add("region", $"'{ApiProblems.Shorten(request.Region)}' is not a known CLB region; known regions: {string.Join(", ", regions.Known)} (Tencent:Regions configures the list).");

        var account = CheckAccount(request.Account, Add);
        var callbackUrl = CheckCallbackUrl(request.CallbackUrl, Add);

        DateTimeOffset? deadline = null;
        if (request.Deadline is not null)
        {
            if (TaskDeadline.TryParse(request.Deadline, now, out var at, out var deadlineProblem))
                deadline = at;
            else
                Add("deadline", deadlineProblem!);
        }

        if (!TaskMetadata.TryNormalize(request.Metadata, out var metadata, out var metadataProblem))
            Add("metadata", metadataProblem!);

        return errors.Count > 0
            ? new TaskRequestValidation(null, errors)
            : new TaskRequestValidation(new NewTask(request.TaskId!, request.Region!, account!, callbackUrl, metadata, deadline), errors);
    }

    // The configured name, as configured: account names are case-insensitive like configuration keys, and storing one
    // spelling keeps "Prod" and "prod" from becoming two tasks.
    private string? CheckAccount(string? requested, Action<string, string> add)
    {
        var name = requested ?? TencentAccounts.DefaultName;
        if (accounts.TryGet(name, out var account) && account.Credentials.IsComplete)
            return account.Name;
        var configured = accounts.All.Where(a => a.Credentials.IsComplete).Select(a => a.Name).ToList();
        var list = configured.Count == 0 ? "none" : string.Join(", ", configured);
        add("account", requested is null
            ? $"is required here: the '{TencentAccounts.DefaultName}' account has no credentials; configured accounts: {list}."
            : $"'{ApiProblems.Shorten(requested)}' is not a configured account; configured accounts: {list} (Tencent:Accounts:<name> adds one).");
        return null;
    }

    private string? CheckCallbackUrl(string? url, Action<string, string> add)
    {
        if (url is null)
            return null;
        const string Allowed = "allowed: an absolute http:// or https:// URL of at most 2048 characters whose host is a name or a public IP address";
        if (url.Length > MaxCallbackUrlLength)
            add("callbackUrl", $"is {url.Length} characters long; {Allowed}.");
        else if (!HttpUrl().IsMatch(url))
            add("callbackUrl", $"is not an absolute http:// or https:// URL; {Allowed}.");
        else if (urls.Check(url) is { IsAllowed: false } refused)
            add("callbackUrl", $"is refused: {refused.Refusal}.");
        else
            return url;
        return null;
    }

    // The database's clb.is_valid_callback_url, checked first so that nothing it would refuse gets that far.
    [GeneratedRegex(@"^https?://[^/?#\s]+([/?#]\S*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HttpUrl();
}
