using ClbWorker.Hosting.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ClbWorker.UnitTests.Hosting;

public sealed class ConfigurationErrorReportTests
{
    [Fact]
    public void Failures_of_several_validators_are_each_written_once_as_plain_lines()
    {
        // As the host's start-up validation throws them: a validator depending on another options class fails with its error too.
        var tencent = new OptionsValidationException("Tencent", typeof(object), ["Tencent:RequestsPerSecond is 5000; allowed: more than 0 and at most 1000."]);
        var retention = new OptionsValidationException("Retention", typeof(object), ["Retention:BatchSize is 0; allowed 1 to 10000."]);
        var error = new AggregateException(tencent, retention, tencent);

        var report = ConfigurationErrorReport.For(error);

        Assert.NotNull(report);
        var output = new StringWriter();
        report.WriteTo(output);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "ClbWorker cannot start: 2 configuration errors.",
                "- Tencent:RequestsPerSecond is 5000; allowed: more than 0 and at most 1000.",
                "- Retention:BatchSize is 0; allowed 1 to 10000.",
                $"Fix the configuration and start again (exit code {ConfigurationErrorReport.ExitCode}).",
            ],
            lines);
    }

    [Fact]
    public void The_errors_of_the_configuration_check_are_reported()
    {
        var report = ConfigurationErrorReport.For(new ConfigurationException(["first", "second"]));

        Assert.Equal(["first", "second"], report?.Errors);
    }

    [Fact]
    public void A_conversion_error_of_the_binder_is_reported_by_its_message_alone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["S:Count"] = "many" }).Build();
        var error = Record.Exception(() => configuration.GetSection("S").Get<Counted>());

        var report = ConfigurationErrorReport.For(error!);

        Assert.Equal(["Failed to convert configuration value 'many' at 'S:Count' to type 'System.Int32'."], report?.Errors);
    }

    [Fact]
    public void Other_errors_are_not_configuration_errors_even_beside_one()
    {
        var validation = new OptionsValidationException("Polling", typeof(object), ["Polling:BatchSize is 0; allowed 1 to 1000."]);

        Assert.Null(ConfigurationErrorReport.For(new InvalidOperationException("The database is down.")));
        Assert.Null(ConfigurationErrorReport.For(new AggregateException(validation, new IOException("disk full"))));
    }

    private sealed class Counted
    {
        public int Count { get; set; }
    }
}
