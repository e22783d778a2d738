using ClbWorker.Dashboard;
using ClbWorker.Dashboard.Access;

namespace ClbWorker.UnitTests.Dashboard;

public class DashboardOptionsValidatorTests
{
    private const string Hash = "pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=";

    [Fact]
    public void No_users_and_well_formed_users_are_accepted()
    {
        var options = Options(
            new DashboardUserOptions { Name = "ops", Password = "twelve chars!", Role = "admin" },
            new DashboardUserOptions { Name = "noc", PasswordHash = Hash, Role = "Viewer" });

        Assert.True(new DashboardOptionsValidator().Validate(null, new DashboardOptions()).Succeeded);
        Assert.True(new DashboardOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Each_error_names_its_key_and_none_quotes_a_password_or_hash()
    {
        var options = Options(
            new DashboardUserOptions { Name = "ops", Password = "ops password 1", Role = "root" },
            new DashboardUserOptions { Name = "OPS", Password = "s3cret" },
            new DashboardUserOptions { Name = "a:b", Password = "another secret here", PasswordHash = Hash },
            new DashboardUserOptions { Password = "yet another secret" },
            new DashboardUserOptions { Name = "noc", PasswordHash = Hash.Replace("100000", "1000", StringComparison.Ordinal) },
            new DashboardUserOptions { Name = "empty" });

        var result = new DashboardOptionsValidator().Validate(null, options);

        var errors = string.Join("\n", result.Failures!);
        Assert.Contains("Dashboard:Users:0:Role is 'root'; it must be 'admin' or 'viewer'", errors, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:1:Name 'OPS' is already used by Dashboard:Users:0", errors, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:1:Password is 6 characters; it must be 12 to 256", errors, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:2:Name must be 1 to 64 characters with no ':'", errors, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:2 needs exactly one of :Password and :PasswordHash; both are set", errors, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:3:Name is missing", errors, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:4:PasswordHash is not valid: its iteration count", errors, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Users:5 needs exactly one of :Password and :PasswordHash; neither is set", errors, StringComparison.Ordinal);
        foreach (var secret in new[] { "s3cret", "another secret here", "yet another secret", "yNEi7NuUd81IprF1" })
            Assert.DoesNotContain(secret, errors, StringComparison.Ordinal);
    }

    private static DashboardOptions Options(params DashboardUserOptions[] users)
    {
        var options = new DashboardOptions();
        foreach (var user in users)
            options.Users.Add(user);
        return options;
    }
}
