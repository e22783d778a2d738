using ClbWorker.Hosting.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Secrets;

public sealed class SecretFilesConfigurationTests : IDisposable
{
    private const string Secret = "s3cr3t-value-never-printed";
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("clb-secret-files-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void A_file_named_by_a_FILE_variable_becomes_the_key_without_its_trailing_line_break()
    {
        var path = Write("tencent_secret_key", Secret + "\n");

        var configuration = Build(new() { ["Tencent__SecretKey_FILE"] = path });

        Assert.Equal(Secret, configuration["Tencent:SecretKey"]);
    }

    [Fact]
    public void Only_trailing_line_breaks_are_removed_not_spaces_or_inner_lines()
    {
        var path = Write("value", "Host=db;Password= two words \r\n\r\n");

        var configuration = Build(new() { ["ConnectionStrings__Postgres_FILE"] = path });

        Assert.Equal("Host=db;Password= two words ", configuration["ConnectionStrings:Postgres"]);
    }

    [Fact]
    public void Nested_keys_map_like_environment_variables()
    {
        var path = Write("account", "key-of-prod");

        var configuration = Build(new() { ["Tencent__Accounts__prod__SecretKey_FILE"] = path });

        Assert.Equal("key-of-prod", configuration["Tencent:Accounts:prod:SecretKey"]);
    }

    [Fact]
    public void Variables_of_other_programs_ending_in_FILE_are_left_alone()
    {
        var configuration = Build(new()
        {
            ["SSL_CERT_FILE"] = Path.Combine(folder.FullName, "missing.pem"),
            ["POSTGRES_PASSWORD_FILE"] = Path.Combine(folder.FullName, "missing"),
        });

        Assert.DoesNotContain(configuration.AsEnumerable(), pair => pair.Value is not null);
    }

    [Fact]
    public void A_missing_file_stops_the_start_naming_the_variable_and_the_path()
    {
        var path = Path.Combine(folder.FullName, "not-there");

        var error = Assert.Throws<ConfigurationException>(() => Build(new() { ["Tencent__SecretKey_FILE"] = path }));

        Assert.Contains("Tencent__SecretKey_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var path = Write("empty", "\n");

        var error = Assert.Throws<ConfigurationException>(() => Build(new() { ["Tencent__SecretKey_FILE"] = path }));

        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tencent:SecretKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Build(new() { ["Tencent__SecretKey_FILE"] = folder.FullName }));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_variable_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Build(new() { ["Tencent__SecretKey_FILE"] = " " }));

        Assert.Contains("Tencent__SecretKey_FILE is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_too_large_for_a_secret_is_refused_without_quoting_it()
    {
        var path = Write("large", Secret + new string('x', SecretFileVariables.MaxBytes));

        var error = Assert.Throws<ConfigurationException>(() => Build(new() { ["Tencent__SecretKey_FILE"] = path }));

        Assert.Contains($"at most {SecretFileVariables.MaxBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Setting_a_key_directly_and_by_file_is_refused_whatever_the_case_of_the_names()
    {
        var path = Write("key", Secret);

        var error = Assert.Throws<ConfigurationException>(() => Build(new()
        {
            ["Tencent__SecretKey_FILE"] = path,
            ["TENCENT__SECRETKEY"] = "another",
        }));

        Assert.Contains("Both Tencent__SecretKey and Tencent__SecretKey_FILE are set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("another", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_variable_is_reported_at_once()
    {
        var error = Assert.Throws<ConfigurationException>(() => Build(new()
        {
            ["Tencent__SecretKey_FILE"] = Path.Combine(folder.FullName, "a"),
            ["Webhooks__SigningSecret_FILE"] = Path.Combine(folder.FullName, "b"),
        }));

        Assert.Contains("Tencent__SecretKey_FILE", error.Message, StringComparison.Ordinal);
        Assert.Contains("Webhooks__SigningSecret_FILE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_outranks_appsettings_and_the_command_line_outranks_the_file()
    {
        var path = Write("rps", "7");
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Tencent:RequestsPerSecond"] = "1", ["Tencent:Timeout"] = "00:00:05" });
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(["--Tencent:Timeout=00:00:09"]);

        SecretFilesSetup.AddSecretFiles(configuration, new Dictionary<string, string>
        {
            ["Tencent__RequestsPerSecond_FILE"] = path,
            ["Tencent__Timeout_FILE"] = Write("timeout", "00:00:08"),
        });

        Assert.Equal("7", configuration["Tencent:RequestsPerSecond"]);
        Assert.Equal("00:00:09", configuration["Tencent:Timeout"]);
        var sources = configuration.Sources.Select(source => source.GetType().Name).ToList();
        Assert.Equal(sources.IndexOf("EnvironmentVariablesConfigurationSource") + 1, sources.IndexOf(nameof(SecretFilesConfigurationSource)));
    }

    [Fact]
    public void A_rotated_file_is_read_again_and_reloads_the_configuration_while_one_being_replaced_keeps_its_value()
    {
        var path = Write("tencent_secret_key", "old-key\n");
        var clock = new FakeTimeProvider();
        using var configuration = new ConfigurationManager();
        configuration.Sources.Add(new SecretFilesConfigurationSource
        {
            Variables = new Dictionary<string, string> { ["Tencent__SecretKey_FILE"] = path }, Time = clock,
        });
        var reloads = 0;
        using var subscription = ChangeToken.OnChange(((IConfiguration)configuration).GetReloadToken, () => reloads++);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(("old-key", 0), (configuration["Tencent:SecretKey"], reloads));

        File.WriteAllText(path, "new-key\n");
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(("new-key", 1), (configuration["Tencent:SecretKey"], reloads));

        File.Delete(path); // a secret being replaced: gone for a moment
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(("new-key", 1), (configuration["Tencent:SecretKey"], reloads));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static ConfigurationManager Build(Dictionary<string, string> variables)
    {
        var configuration = new ConfigurationManager();
        SecretFilesSetup.AddSecretFiles(configuration, variables);
        return configuration;
    }
}
