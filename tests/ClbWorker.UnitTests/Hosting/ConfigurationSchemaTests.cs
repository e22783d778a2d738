using System.Text.RegularExpressions;
using ClbWorker.Hosting.Configuration;
using ClbWorker.Polling;
using ClbWorker.UnitTests.Deployment;
using ClbWorker.Webhooks;

namespace ClbWorker.UnitTests.Hosting;

public sealed class ConfigurationSchemaTests
{
    private static readonly ConfigurationSchema Sample = ConfigurationSchema.Of(
        [KeyValuePair.Create(SampleOptions.Section, typeof(SampleOptions))],
        [KeyValuePair.Create("Sample:ByHand", typeof(int)), KeyValuePair.Create("Elsewhere:Url", typeof(string))]);

    private static readonly ConfigurationSchema ClbWorkerSchema = ConfigurationCheck.Schema();

    [Theory]
    [InlineData("Sample:Count")]
    [InlineData("sample:COUNT")]
    [InlineData("Sample:Child:Url")]
    [InlineData("Sample:Named:anything:Secret")]
    [InlineData("Sample:Schedule:0")]
    [InlineData("Sample:Tags:3")]
    [InlineData("Sample:renamed_key")]
    [InlineData("Sample:ByHand")]
    [InlineData("Elsewhere:Url")]
    public void Settable_properties_nested_objects_dictionaries_lists_and_hand_read_keys_are_known(string key) =>
        Assert.True(Sample.Find(key).IsKnown, key);

    [Theory]
    [InlineData("Sample:IsDefault")]
    [InlineData("Sample:EffectiveSchedule:0")]
    [InlineData("Sample:Shared")]
    [InlineData("Sample:Renamed")]
    [InlineData("Sample:Child:Nope")]
    [InlineData("Sample:Count:Deeper")]
    [InlineData("Other:Count")]
    public void Computed_static_renamed_and_made_up_properties_are_not(string key) => Assert.False(Sample.Find(key).IsKnown, key);

    [Fact]
    public void A_lookup_tells_how_far_a_key_is_known()
    {
        var lookup = Sample.Find("Sample:Named:prod:Ulr");

        Assert.Equal(3, lookup.KnownSegments);
        Assert.Equal("Sample:Named:prod:Ulr", lookup.UnknownPrefix);
        Assert.Contains("Url", lookup.Deepest.Children.Keys);
    }

    [Fact]
    public void Values_carry_their_type_and_the_default_of_their_options_class()
    {
        var count = Sample.Find("Sample:Count").Deepest;
        var wait = Sample.Find("Sample:Wait").Deepest;
        var rate = Sample.Find("Sample:Rate").Deepest;

        Assert.Equal((SettingKind.Value, typeof(int), (object?)7), (count.Kind, count.ValueType, count.Default));
        Assert.Equal(TimeSpan.FromSeconds(3), wait.Default);
        Assert.Equal(typeof(double?), rate.ValueType);
        Assert.Null(rate.Default);
        Assert.Equal(SettingKind.Dictionary, Sample.Find("Sample:Named").Deepest.Kind);
        Assert.Equal(SettingKind.List, Sample.Find("Sample:Schedule").Deepest.Kind);
    }

    [Fact]
    public void Paths_spell_dictionary_and_list_entries_as_placeholders()
    {
        var paths = Sample.Paths().ToList();

        Assert.Contains("Sample:Named:<name>:Secret", paths);
        Assert.Contains("Sample:Schedule:<n>", paths);
        Assert.Contains("Sample:Child:Url", paths);
    }

    [Fact]
    public void Every_options_class_of_ClbWorker_that_names_its_section_is_a_section()
    {
        var sections = ClbWorkerSchema.Sections.Order(StringComparer.Ordinal);

        Assert.Equal(["Api", "Dashboard", "Database", "DevSimulator", "Events", "Polling", "ProgressLog", "Retention", "Tencent", "Webhooks"], sections);
    }

    [Theory]
    [InlineData("Tencent:RequestsPerSecond")]
    [InlineData("Tencent:Accounts:prod:Credentials:SourceCredentials:Source")]
    [InlineData("Tencent:Credentials:WebIdentityTokenFile")]
    [InlineData("Tencent:Regions:0")]
    [InlineData("Webhooks:Endpoints:dev-receiver:EventTypes:1")]
    [InlineData("Webhooks:RetrySchedule:6")]
    [InlineData("Webhooks:AllowedNetworks:0")]
    [InlineData("Api:Keys:ci:Role")]
    [InlineData("Dashboard:Users:2:PasswordHash")]
    [InlineData("DevSimulator:Url")]
    [InlineData("DevSimulator:CredentialSource")]
    [InlineData("DevSimulator:TemporaryKeyLifetime")]
    [InlineData("ProgressLog:Enabled")]
    [InlineData("Events:KeepAliveInterval")]
    [InlineData("Database:LocalClusterPort")]
    public void ClbWorker_knows_the_keys_its_documentation_names(string key) => Assert.True(ClbWorkerSchema.Find(key).IsKnown, key);

    [Theory]
    [InlineData("Tencent:HasDefaultCredentials")]
    [InlineData("Tencent:Credentials:IsEmpty")]
    [InlineData("Webhooks:EffectiveRetrySchedule:0")]
    [InlineData("Webhooks:DefaultRetrySchedule:0")]
    public void Computed_properties_of_ClbWorker_options_are_not_keys(string key) => Assert.False(ClbWorkerSchema.Find(key).IsKnown, key);

    [Fact]
    public void Every_key_the_sources_spell_out_is_known()
    {
        // A key read by hand (configuration["Webhooks:Foo"]) must be known as well, or the start-up check would refuse it.
        var sections = string.Join('|', ClbWorkerSchema.Sections);
        var spelt = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "ClbWorker"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => Regex.Matches(File.ReadAllText(path), $"\"\\$?((?:{sections})(?::[A-Za-z][A-Za-z0-9]*)+)").Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.Contains("DevSimulator:TemporaryKeyLifetime", spelt);
        Assert.All(spelt, key => Assert.True(ClbWorkerSchema.Find(key).IsKnown, key));
    }

    [Theory]
    [InlineData(typeof(PollingOptions), PollingOptions.Section)]
    [InlineData(typeof(WebhookOptions), WebhookOptions.Section)]
    public void Every_settable_property_of_the_polling_and_webhook_options_is_known_without_a_list(Type options, string section)
    {
        // Properties others add to these classes are known as soon as they compile: nothing lists them here either.
        foreach (var property in options.GetProperties().Where(p => p.SetMethod is { IsPublic: true }))
            Assert.True(ClbWorkerSchema.Find($"{section}:{property.Name}").IsKnown, property.Name);
    }
}
