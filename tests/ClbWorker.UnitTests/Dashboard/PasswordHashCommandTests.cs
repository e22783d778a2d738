using ClbWorker.Dashboard.Access;

namespace ClbWorker.UnitTests.Dashboard;

public class PasswordHashCommandTests
{
    [Fact]
    public void Hash_password_reads_the_password_from_input_and_prints_only_a_hash_of_it()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var ran = PasswordHashCommand.TryRun(["--hash-password"], new StringReader("dashboard secret 1\n"), output, error);

        Assert.True(ran);
        var printed = output.ToString().Trim();
        Assert.DoesNotContain("dashboard secret 1", printed + error, StringComparison.Ordinal);
        Assert.True(PasswordHash.TryParse(printed, out var hash, out var problem), problem);
        Assert.True(hash.Verify("dashboard secret 1"));
        Assert.Equal(600_000, hash.Iterations); // OWASP's figure for PBKDF2-HMAC-SHA256
    }

    [Fact]
    public void A_short_password_is_refused_and_nothing_is_printed()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Environment.ExitCode;
        try
        {
            Assert.True(PasswordHashCommand.TryRun(["--hash-password"], new StringReader("short\n"), output, error));

            Assert.Equal("", output.ToString());
            Assert.Contains("5 characters; it must be 12 to 256", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public void Without_the_flag_nothing_runs()
    {
        Assert.False(PasswordHashCommand.TryRun(["--urls", "http://127.0.0.1:5080"], TextReader.Null, TextWriter.Null, TextWriter.Null));
    }
}
