using System.Globalization;
using System.Text.RegularExpressions;
using ClbWorker.Tencent.Credentials;
using Microsoft.Extensions.Options;

namespace ClbWorker.Tencent;

/// <summary>
/// Start-up validation of <see cref="TencentOptions"/>. Every error names its full configuration key and the
/// allowed values; none contains a SecretKey or Token value. Missing default credentials are not an error
/// here (a development host may use a built-in simulator): see <see cref="TencentOptions.HasDefaultCredentials"/>.
/// Credential sources are checked with what they read at start (environment variables, profile and token files).
/// </summary>
public sealed partial class TencentOptionsValidator(CredentialEnvironment environment) : IValidateOptions<TencentOptions>
{
    private const string Section = TencentOptions.SectionName;

    /// <summary>Without environment variables: for configuration that reads none.</summary>
    public TencentOptionsValidator() : this(CredentialEnvironment.Empty)
    {
    }

    public ValidateOptionsResult Validate(string? name, TencentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        CheckDefaultCredentials(errors, options);
        TencentSettingChecks.Endpoint(errors, $"{Section}:Endpoint", options.Endpoint);
        TencentSettingChecks.RequestsPerSecond(errors, $"{Section}:RequestsPerSecond", options.RequestsPerSecond);
        CheckTimeout(errors, options.Timeout);
        foreach (var (accountName, account) in options.Accounts)
            CheckAccount(errors, options, accountName, account);
        CheckRegions(errors, options.Regions);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckTimeout(List<string> errors, TimeSpan timeout)
    {
        if (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(5))
            errors.Add($"{Section}:Timeout is {timeout.ToString("c", CultureInfo.InvariantCulture)}; "
                + "allowed: 00:00:01 to 00:05:00 (1 second to 5 minutes).");
    }

    private void CheckAccount(List<string> errors, TencentOptions options, string accountName, TencentAccountOptions? account)
    {
        var prefix = $"{Section}:Accounts:{accountName}";
        if (!AccountName().IsMatch(accountName))
            errors.Add($"{prefix}: the account name '{accountName}' is not allowed; "
                + "allowed: 1-64 characters, each a letter, digit, '.', '_' or '-'.");
        if (account is null)
        {
            errors.Add($"{prefix} has no settings; allowed: SecretId, SecretKey, Token, Credentials, Endpoint, RequestsPerSecond.");
            return;
        }

        var isDefault = string.Equals(accountName, TencentAccounts.DefaultName, StringComparison.OrdinalIgnoreCase);
        if (isDefault && HasAnyCredential(options.SecretId, options.SecretKey) && HasAnyCredential(account.SecretId, account.SecretKey))
            errors.Add($"{prefix}:SecretId/SecretKey conflict with {Section}:SecretId/SecretKey: both configure the "
                + $"'{TencentAccounts.DefaultName}' account; keep one of the two.");

        // The default account may stay without credentials (the host decides); a named account exists to carry them.
        if (!isDefault)
            CredentialChecks.Account(errors, prefix, account.SecretId, account.SecretKey, account.Token, account.Credentials,
                $"{prefix}:Credentials", required: true, environment);
        TencentSettingChecks.Endpoint(errors, $"{prefix}:Endpoint", account.Endpoint);
        if (account.RequestsPerSecond is { } rps)
            TencentSettingChecks.RequestsPerSecond(errors, $"{prefix}:RequestsPerSecond", rps);
    }

    // The default account's keys may sit at the top level or under Tencent:Accounts:default, its section at
    // Tencent:Credentials or Tencent:Accounts:default:Credentials: one of each pair, checked where it is.
    private void CheckDefaultCredentials(List<string> errors, TencentOptions options)
    {
        options.Accounts.TryGetValue(TencentAccounts.DefaultName, out var entry);
        var entryKey = $"{Section}:Accounts:{TencentAccounts.DefaultName}";
        if (entry is not null && !options.Credentials.IsEmpty && !entry.Credentials.IsEmpty)
        {
            errors.Add($"{entryKey}:Credentials conflicts with {Section}:Credentials: both configure the "
                + $"'{TencentAccounts.DefaultName}' account's credentials; keep one of the two.");
            return;
        }
        var (section, sectionKey) = entry is null || !options.Credentials.IsEmpty
            ? (options.Credentials, $"{Section}:Credentials")
            : (entry.Credentials, $"{entryKey}:Credentials");
        if (entry is not null && HasAnyCredential(entry.SecretId, entry.SecretKey) && !HasAnyCredential(options.SecretId, options.SecretKey))
            CredentialChecks.Account(errors, entryKey, entry.SecretId, entry.SecretKey, entry.Token, section, sectionKey, required: false, environment);
        else
            CredentialChecks.Account(errors, Section, options.SecretId, options.SecretKey, options.Token, section, sectionKey, required: false, environment);
    }

    private static void CheckRegions(List<string> errors, IList<string> regions)
    {
        for (var i = 0; i < regions.Count; i++)
        {
            if (!ClbRegions.IsWellFormed(regions[i]))
                errors.Add($"{Section}:Regions:{i} is '{regions[i]}'; allowed: a region name like 'ap-guangzhou' "
                    + "or 'ap-shanghai-fsi' (pattern ^[a-z]{2}-[a-z]+(-fsi)?$).");
        }
    }

    private static bool HasAnyCredential(string? secretId, string? secretKey) =>
        !string.IsNullOrEmpty(secretId) || !string.IsNullOrEmpty(secretKey);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();
}
