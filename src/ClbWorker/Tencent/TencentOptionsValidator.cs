using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ClbWorker.Tencent;

/// <summary>
/// Start-up validation of <see cref="TencentOptions"/>. Every error names its full configuration key and the
/// allowed values; none contains a SecretKey or Token value. Missing default credentials are not an error
/// here (a development host may use a built-in simulator): see <see cref="TencentOptions.HasDefaultCredentials"/>.
/// </summary>
public sealed partial class TencentOptionsValidator : IValidateOptions<TencentOptions>
{
    private const string Section = TencentOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TencentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        TencentSettingChecks.Credentials(errors, Section, options.SecretId, options.SecretKey, options.Token, required: false);
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

    private static void CheckAccount(List<string> errors, TencentOptions options, string accountName, TencentAccountOptions? account)
    {
        var prefix = $"{Section}:Accounts:{accountName}";
        if (!AccountName().IsMatch(accountName))
            errors.Add($"{prefix}: the account name '{accountName}' is not allowed; "
                + "allowed: 1-64 characters, each a letter, digit, '.', '_' or '-'.");
        if (account is null)
        {
            errors.Add($"{prefix} has no settings; allowed: SecretId, SecretKey, Token, Endpoint, RequestsPerSecond.");
            return;
        }

        var isDefault = string.Equals(accountName, TencentAccounts.DefaultName, StringComparison.OrdinalIgnoreCase);
        if (isDefault && HasAnyCredential(options.SecretId, options.SecretKey) && HasAnyCredential(account.SecretId, account.SecretKey))
            errors.Add($"{prefix}:SecretId/SecretKey conflict with {Section}:SecretId/SecretKey: both configure the "
                + $"'{TencentAccounts.DefaultName}' account; keep one of the two.");

        // The default account may stay without credentials (the host decides); a named account exists to carry them.
        TencentSettingChecks.Credentials(errors, prefix, account.SecretId, account.SecretKey, account.Token, required: !isDefault);
        TencentSettingChecks.Endpoint(errors, $"{prefix}:Endpoint", account.Endpoint);
        if (account.RequestsPerSecond is { } rps)
            TencentSettingChecks.RequestsPerSecond(errors, $"{prefix}:RequestsPerSecond", rps);
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
