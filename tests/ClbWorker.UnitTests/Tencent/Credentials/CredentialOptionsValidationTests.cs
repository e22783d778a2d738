using ClbWorker.Tencent;
using ClbWorker.Tencent.Credentials;

namespace ClbWorker.UnitTests.Tencent.Credentials;

/// <summary>Bad credential configuration stops the start, naming the key and what is allowed, and never a secret.</summary>
public sealed class CredentialOptionsValidationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("clbworker-credentials-").FullName;

    private static IReadOnlyList<string> Errors(TencentOptions options, Dictionary<string, string?>? variables = null) =>
        [.. new TencentOptionsValidator(new CredentialEnvironment(name => variables?.GetValueOrDefault(name)))
            .Validate(null, options).Failures ?? []];

    private static TencentOptions With(Action<TencentCredentialOptions> configure)
    {
        var options = new TencentOptions();
        configure(options.Credentials);
        return options;
    }

    private string File(string name, string content)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void An_unknown_source_names_the_key_and_the_sources() =>
        Assert.Equal("Tencent:Credentials:Source is 'cvm'; allowed: static, environment, profile, cvm-role, assume-role, oidc, chain.",
            Assert.Single(Errors(With(c => c.Source = "cvm"))));

    [Fact]
    public void Each_source_accepts_a_complete_section()
    {
        var token = File("token", "eyJhbGciOi");
        var profile = File("credentials", "[default]\nsecret_id = AKIDp\nsecret_key = pk\n");
        var tke = new Dictionary<string, string?>
        {
            ["TKE_ROLE_ARN"] = "qcs::cam::uin/100:roleName/tke", ["TKE_PROVIDER_ID"] = "tke-oidc", ["TKE_WEB_IDENTITY_TOKEN_FILE"] = token,
            ["TENCENTCLOUD_SECRET_ID"] = "AKIDenv", ["TENCENTCLOUD_SECRET_KEY"] = "envkey",
        };

        Assert.Empty(Errors(With(c => { c.Source = "static"; c.SecretId = "AKIDs"; c.SecretKey = "sk"; })));
        Assert.Empty(Errors(With(c => c.Source = "environment"), tke));
        Assert.Empty(Errors(With(c => { c.Source = "profile"; c.ProfileFile = profile; })));
        Assert.Empty(Errors(With(c => { c.Source = "cvm-role"; c.RoleName = "clb"; c.MetadataEndpoint = "http://127.0.0.1:9"; })));
        Assert.Empty(Errors(With(c =>
        {
            c.Source = "assume-role"; c.RoleArn = "qcs::cam::uin/100:roleName/clb"; c.DurationSeconds = 900; c.ExternalId = "ext-1";
            c.SourceCredentials.Source = "cvm-role";
        })));
        Assert.Empty(Errors(With(c => c.Source = "oidc"), tke));
        Assert.Empty(Errors(With(c => c.Source = "chain"), new() { ["HOME"] = folder }));
    }

    [Fact]
    public void AssumeRole_without_RoleArn_or_source_credentials_names_both_keys()
    {
        var errors = Errors(With(c => c.Source = "assume-role"));

        Assert.Equal(2, errors.Count);
        Assert.Contains("Tencent:Credentials:RoleArn is not set; allowed: a role ARN like qcs::cam::uin/100000000001:roleName/clbworker.", errors);
        Assert.Contains(errors, e => e.StartsWith("Tencent:Credentials:SourceCredentials is not set; it holds the credentials that sign AssumeRole", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(899)]
    [InlineData(43201)]
    public void DurationSeconds_out_of_range_names_the_range(int seconds) =>
        Assert.Equal($"Tencent:Credentials:DurationSeconds is {seconds}; allowed: 900 to 43200 (seconds; default 7200).",
            Assert.Single(Errors(With(c =>
            {
                c.Source = "assume-role"; c.RoleArn = "qcs::cam::uin/1:roleName/r"; c.DurationSeconds = seconds;
                c.SourceCredentials.SecretId = "AKIDsrc"; c.SourceCredentials.SecretKey = "srckey";
            }))));

    [Fact]
    public void The_signing_section_of_AssumeRole_is_checked_as_a_source_of_its_own_and_may_not_assume_a_role_again()
    {
        Assert.StartsWith("Tencent:Credentials:SourceCredentials:SecretKey is not set but Tencent:Credentials:SourceCredentials:SecretId is",
            Assert.Single(Errors(With(c => { c.Source = "assume-role"; c.RoleArn = "qcs::cam::uin/1:roleName/r"; c.SourceCredentials.SecretId = "AKIDx"; }))),
            StringComparison.Ordinal);
        Assert.StartsWith("Tencent:Credentials:SourceCredentials:Source is assume-role, which cannot sign another AssumeRole here",
            Assert.Single(Errors(With(c => { c.Source = "assume-role"; c.RoleArn = "qcs::cam::uin/1:roleName/r"; c.SourceCredentials.Source = "assume-role"; }))),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_file_that_is_missing_or_lacks_the_section_stops_the_start()
    {
        var missing = Path.Combine(folder, "nowhere");
        var other = File("other", "[prod]\nsecret_id = AKIDx\nsecret_key = secret-value\n");

        Assert.StartsWith($"Tencent:Credentials:ProfileFile names '{missing}', which does not exist",
            Assert.Single(Errors(With(c => { c.Source = "profile"; c.ProfileFile = missing; }))), StringComparison.Ordinal);
        var noSection = Assert.Single(Errors(With(c => c.Source = "profile"), new() { ["TENCENTCLOUD_CREDENTIALS_FILE"] = other }));
        Assert.StartsWith($"TENCENTCLOUD_CREDENTIALS_FILE names '{other}', which has no [default] section", noSection, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", noSection, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_source_needs_both_variables()
    {
        Assert.StartsWith("Tencent:Credentials:Source is environment, but neither of TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY is set",
            Assert.Single(Errors(With(c => c.Source = "environment"))), StringComparison.Ordinal);
        Assert.StartsWith("Tencent:Credentials:Source is environment, but TENCENTCLOUD_SECRET_KEY is not set",
            Assert.Single(Errors(With(c => c.Source = "environment"), new() { ["TENCENTCLOUD_SECRET_ID"] = "AKIDx" })), StringComparison.Ordinal);
        Assert.StartsWith("Tencent:Credentials:Source is environment, but TENCENTCLOUD_SECRET_KEY is set but empty",
            Assert.Single(Errors(With(c => c.Source = "environment"), new() { ["TENCENTCLOUD_SECRET_ID"] = "AKIDx", ["TENCENTCLOUD_SECRET_KEY"] = "" })),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Oidc_reads_its_defaults_from_the_tke_variables_and_names_them_when_absent()
    {
        var errors = Errors(With(c => c.Source = "oidc"));

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Tencent:Credentials:RoleArn (or TKE_ROLE_ARN) is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Tencent:Credentials:ProviderId (or TKE_PROVIDER_ID) is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Tencent:Credentials:WebIdentityTokenFile (or TKE_WEB_IDENTITY_TOKEN_FILE) is not set", StringComparison.Ordinal));
        Assert.Contains("which is empty", Assert.Single(Errors(With(c =>
        {
            c.Source = "oidc"; c.RoleArn = "qcs::cam::uin/1:roleName/r"; c.ProviderId = "p"; c.WebIdentityTokenFile = File("empty", "\n");
        }))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_another_source_is_refused_with_the_sources_that_read_it() =>
        Assert.Equal("Tencent:Credentials:RoleArn does not apply to Source 'cvm-role'; it is read by assume-role and oidc. "
            + "Remove it, or set Tencent:Credentials:Source to the source it belongs to.",
            Assert.Single(Errors(With(c => { c.Source = "cvm-role"; c.RoleArn = "qcs::cam::uin/1:roleName/r"; }))));

    [Fact]
    public void Todays_keys_together_with_another_source_are_refused_without_quoting_them()
    {
        var options = With(c => c.Source = "cvm-role");
        options.SecretId = "AKIDtop";
        options.SecretKey = "top-secret-key";

        var error = Assert.Single(Errors(options));

        Assert.StartsWith("Tencent:SecretId/SecretKey/Token are set, but Tencent:Credentials:Source is 'cvm-role'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret-key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_account_may_name_a_source_instead_of_keys()
    {
        var options = new TencentOptions();
        options.Accounts["prod"] = new TencentAccountOptions();
        options.Accounts["prod"].Credentials.Source = "chain";
        options.Accounts["broken"] = new TencentAccountOptions();
        options.Accounts["broken"].Credentials.Source = "assume-role";
        options.Accounts["broken"].Credentials.RoleArn = "arn:aws:iam::1:role/x";
        options.Accounts["broken"].Credentials.SourceCredentials.Source = "cvm-role";

        Assert.Equal("Tencent:Accounts:broken:Credentials:RoleArn is 'arn:aws:iam::1:role/x'; allowed: a role ARN like qcs::cam::uin/100000000001:roleName/clbworker.",
            Assert.Single(Errors(options, new() { ["HOME"] = folder })));
    }

    [Fact]
    public void A_chain_stops_at_a_broken_environment()
    {
        Assert.StartsWith("Tencent:Credentials:Source is chain, and the environment, its first source, is broken: TENCENTCLOUD_SECRET_ID is not set",
            Assert.Single(Errors(With(c => c.Source = "chain"), new() { ["TENCENTCLOUD_SECRET_KEY"] = "k" })), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
