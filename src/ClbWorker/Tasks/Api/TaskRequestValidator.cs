using System.Text.RegularExpressions;
using ClbWorker.Api;
using ClbWorker.Tencent;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// Checks a task request against everything the database and the worker will insist on, so that a bad request is
/// answered with its field and the rule instead of a constraint error, and nothing is written: the task id rule,
/// a known region, a configured account with credentials, a callback URL the webhook sender would accept (the SSRF
/// guard's static checks: literal non-public addresses are refused unless allowed), the deadline and the metadata.
/// </summary>
public sealed partial class TaskRequestValidator(ClbRegions regions, TencentAccounts accounts, WebhookUrlPolicy urls)
{
    public TaskRequestValidation Validate(CreateTaskRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => errors[field] = [$"{field} {message}"];

        var (id, kind) = CheckId(request, Add, errors);

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
            : new TaskRequestValidation(new NewTask(id!, request.Region!, account!, callbackUrl, metadata, deadline, kind), errors);
    }

    // Exactly one of taskId (a RequestId) and dealName (an order id); both follow the task id rule.
    private static (string? Id, string Kind) CheckId(CreateTaskRequest request, Action<string, string> add, Dictionary<string, string[]> errors)
    {
        const string OneOf = "taskId (the RequestId of the mutating call) or dealName (the order id of a prepaid change)";
        if ((request.TaskId is null) == (request.DealName is null))
        {
            errors["taskId"] = errors["dealName"] = [request.TaskId is null
                ? $"taskId or dealName is required: give exactly one, {OneOf}; {TaskIdRule.Description}."
                : $"taskId and dealName are both given: give exactly one, {OneOf}."];
            return (null, TaskKinds.RequestId);
        }
        var (field, id, kind) = request.TaskId is { } taskId
            ? ("taskId", taskId, TaskKinds.RequestId)
            : ("dealName", request.DealName!, TaskKinds.DealName);
        if (TaskIdRule.Check(id) is { } problem)
            add(field, $"{problem}; allowed: {TaskIdRule.Description}.");
        return (id, kind);
    }

    // The configured name, as configured: account names are case-insensitive like configuration keys, and storing one
    // spelling keeps "Prod" and "prod" from becoming two tasks.
    private string? CheckAccount(string? requested, Action<string, string> add)
    {
        var name = requested ?? TencentAccounts.DefaultName;
        if (accounts.TryGet(name, out var account) && account.HasCredentials)
            return account.Name;
        var configured = accounts.All.Where(a => a.HasCredentials).Select(a => a.Name).ToList();
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
        // The rule the database applies (clb.is_usable_webhook_url), checked first so that nothing it would refuse gets
        // that far; then the address policy for hosts written as IP addresses.
        if (WebhookUrlRule.Check(url) is { } problem)
            add("callbackUrl", $"is not usable: {problem}; allowed: {WebhookUrlRule.Allowed}, whose host is a name or a public IP address.");
        else if (urls.Check(url) is { IsAllowed: false } refused)
            add("callbackUrl", $"is refused: {refused.Refusal}.");
        else
            return url;
        return null;
    }
}
