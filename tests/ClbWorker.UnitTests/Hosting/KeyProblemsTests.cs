using ClbWorker.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClbWorker.UnitTests.Hosting;

public sealed class KeyProblemsTests
{
    private const string Secret = "s3cr3t-value-never-printed";

    private static readonly ConfigurationSchema Schema = ConfigurationCheck.Schema();

    private static IReadOnlyList<string> Problems(Dictionary<string, string?> settings) =>
        KeyProblems.Find(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Schema);

    [Fact]
    public void Nothing_configured_is_nothing_wrong() => Assert.Empty(Problems([]));

    [Fact]
    public void Known_keys_with_values_that_convert_pass_in_any_case()
    {
        Assert.Empty(Problems(new()
        {
            ["tencent:requestspersecond"] = "5", ["Tencent:Timeout"] = "00:00:02", ["Tencent:Accounts:prod:RequestsPerSecond"] = "",
            ["Polling:EarlyPolling"] = "false", ["Webhooks:RetrySchedule:0"] = "00:00:05", ["Dashboard:Users:0:Name"] = "ops",
            ["DevSimulator:TemporaryKeyLifetime"] = "00:01:00", ["Tencent:Credentials:Source"] = "oidc",
        }));
    }

    [Fact]
    public void A_misspelt_key_is_named_with_the_key_it_probably_meant()
    {
        var problem = Assert.Single(Problems(new() { ["Tencent:RequestPerSecond"] = "5" }));

        Assert.StartsWith("Tencent:RequestPerSecond is not a ClbWorker setting", problem, StringComparison.Ordinal);
        Assert.Contains("value '5'", problem, StringComparison.Ordinal);
        Assert.EndsWith("did you mean Tencent:RequestsPerSecond?", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_in_the_wrong_section_points_to_the_section_that_has_it()
    {
        var problem = Assert.Single(Problems(new() { ["Polling:RequestsPerSecond"] = "5" }));

        Assert.EndsWith("did you mean Tencent:RequestsPerSecond?", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_nothing_is_near_lists_the_keys_of_its_section()
    {
        var problem = Assert.Single(Problems(new() { ["Retention:Frequency"] = "1" }));

        Assert.EndsWith("the keys of Retention are BatchSize, Enabled, Schedule, TaskAge.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_keys_inside_named_entries_and_lists_are_found_too()
    {
        var problems = Problems(new()
        {
            ["Tencent:Accounts:prod:RequestPerSecond"] = "5",
            ["Dashboard:Users:0:Nmae"] = "ops",
            ["Tencent:Accounts:prod:Credentials:Sorce"] = "cvm-role",
        });

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.EndsWith("did you mean Tencent:Accounts:prod:RequestsPerSecond?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("did you mean Dashboard:Users:0:Name?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("did you mean Tencent:Accounts:prod:Credentials:Source?", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_section_of_several_keys_is_named_once()
    {
        var problem = Assert.Single(Problems(new()
        {
            ["Tencent:Acounts:prod:SecretId"] = "AKIDprod", ["Tencent:Acounts:prod:SecretKey"] = Secret,
        }));

        Assert.StartsWith("Tencent:Acounts is not a ClbWorker setting (set below it: Tencent:Acounts:prod:SecretId, Tencent:Acounts:prod:SecretKey)",
            problem, StringComparison.Ordinal);
        Assert.EndsWith("did you mean Tencent:Accounts?", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_top_level_section_one_slip_away_is_caught_but_other_programs_keys_are_not()
    {
        var problems = Problems(new()
        {
            ["Tencnet:SecretId"] = "AKID", ["Apis:Keys:ci:Key"] = Secret, ["Logging:LogLevel:Default"] = "Debug", ["PATH"] = "/usr/bin",
            ["DATABASE"] = "postgres", ["ConnectionStrings:Postgres"] = "Host=db",
        });

        var problem = Assert.Single(problems);
        Assert.StartsWith("Tencnet is not a ClbWorker setting", problem, StringComparison.Ordinal);
        Assert.EndsWith("did you mean Tencent?", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tencent:SecretKye")]
    [InlineData("Api:Keys:ci:Kye")]
    [InlineData("Dashboard:Users:0:Pasword")]
    [InlineData("Webhooks:SigningSecrt")]
    [InlineData("Webhooks:Endpoints:x:Secrt")]
    public void The_value_of_a_misspelt_secret_is_hidden(string key)
    {
        var problem = Assert.Single(Problems(new() { [key] = Secret }));

        Assert.Contains("value (hidden)", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tencent:RequestsPerSecond", "abc", "'abc', which is not a number; allowed: a number, with '.' as the decimal point; the default is 20.")]
    [InlineData("Tencent:RequestsPerSecond", "1,5", "'1,5', which is not a number")]
    [InlineData("Tencent:Timeout", "10s", "'10s', which is not a duration; allowed: a duration as hh:mm:ss")]
    [InlineData("Polling:BatchSize", "", "'', which is not a whole number; allowed: a whole number; the default is 50.")]
    [InlineData("Polling:EarlyPolling", "yes", "'yes', which is not true or false; allowed: true or false; the default is true.")]
    [InlineData("Webhooks:RetrySchedule:1", "5 minutes", "'5 minutes', which is not a duration")]
    [InlineData("Tencent:Accounts:prod:RequestsPerSecond", "fast", "'fast', which is not a number; allowed: a number, with '.' as the decimal point.")]
    [InlineData("DevSimulator:TemporaryKeyLifetime", "1h", "'1h', which is not a duration")]
    public void A_value_that_does_not_convert_is_named_with_what_is_allowed(string key, string value, string expected)
    {
        var problem = Assert.Single(Problems(new() { [key] = value }));

        Assert.StartsWith($"{key} is ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_given_to_a_key_that_holds_keys_is_refused_with_an_example()
    {
        var problem = Assert.Single(Problems(new() { ["Tencent:Accounts"] = "prod", ["Webhooks:RetrySchedule"] = "" }));

        Assert.Equal("Tencent:Accounts is 'prod', but it holds keys of its own, not a value; set them instead, e.g. Tencent:Accounts:<name>:Credentials.", problem);
    }

    [Fact]
    public void Secret_file_variables_of_known_keys_pass_and_of_unknown_keys_are_named_once_with_their_variable()
    {
        var problems = Problems(new()
        {
            ["Tencent:SecretKey_FILE"] = "/run/secrets/key", ["Tencent:SecretKey"] = Secret,
            ["Tencent:SecretKye_FILE"] = "/run/secrets/other", ["Tencent:SecretKye"] = Secret,
        });

        var problem = Assert.Single(problems);
        Assert.StartsWith("Tencent:SecretKye_FILE is not a ClbWorker setting (value '/run/secrets/other')", problem, StringComparison.Ordinal);
        Assert.EndsWith("did you mean Tencent:SecretKey_FILE?", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_file_variable_in_lower_case_is_not_read_and_points_to_the_one_that_is()
    {
        var problem = Assert.Single(Problems(new() { ["Tencent:SecretKey_file"] = "/run/secrets/key" }));

        Assert.EndsWith("did you mean Tencent:SecretKey_FILE?", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_file_variable_for_a_key_that_holds_keys_suggests_nothing_but_its_keys()
    {
        var problems = Problems(new() { ["Tencent:Credentials_FILE"] = "/run/secrets/credentials" });

        var problem = Assert.Single(problems);
        Assert.StartsWith("Tencent:Credentials_FILE is not a ClbWorker setting", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_below_a_value_says_the_value_has_no_keys()
    {
        var problem = Assert.Single(Problems(new() { ["Tencent:Timeout:Seconds"] = "3" }));

        Assert.EndsWith("Tencent:Timeout takes a value of its own, with no keys below it.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_and_files_are_named_as_where_a_key_was_set()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--Tencent:RequestPerSecond=5", "--Polling:BatchSize=many"]).Build();

        var problems = KeyProblems.Find(configuration, Schema);

        Assert.Equal(2, problems.Count);
        Assert.Contains("Polling:BatchSize is 'many' (the command line), which is not a whole number", problems[0], StringComparison.Ordinal);
        Assert.Contains("(the command line, value '5')", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_come_sorted_by_key()
    {
        var problems = Problems(new() { ["Webhooks:Timout"] = "1", ["Api:Kyes:x:Key"] = Secret, ["Polling:Jiter"] = "0.1" });

        Assert.Equal(["Api:Kyes", "Polling:Jiter", "Webhooks:Timout"], problems.Select(p => p[..p.IndexOf(' ', StringComparison.Ordinal)]));
    }
}
