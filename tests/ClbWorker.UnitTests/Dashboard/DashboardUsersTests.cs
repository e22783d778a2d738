using System.Net;
using ClbWorker.Dashboard;
using ClbWorker.Dashboard.Access;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Dashboard;

public class DashboardUsersTests
{
    private const string Hash = "pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=";
    private static readonly IPAddress Here = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress There = IPAddress.Parse("198.51.100.7");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Clear_and_hashed_passwords_log_in_with_their_role_and_nothing_else_does()
    {
        var users = Users(
            new DashboardUserOptions { Name = "ops", Password = "ops password 1", Role = "ADMIN" },
            new DashboardUserOptions { Name = "noc", PasswordHash = Hash });

        Assert.Equal(new DashboardUser("ops", DashboardRoles.Admin), users.Verify("ops", "ops password 1", Here));
        Assert.Equal(new DashboardUser("noc", DashboardRoles.Viewer), users.Verify("noc", "correct horse battery", Here));
        Assert.Null(users.Verify("ops", "ops password 2", Here));
        Assert.Null(users.Verify("OPS", "ops password 1", Here));
        Assert.Null(users.Verify("noc", "ops password 1", Here));
        Assert.Null(users.Verify("nobody", "correct horse battery", Here));
        Assert.Null(users.Verify("", "", Here));
    }

    [Fact]
    public void A_verified_hashed_password_is_remembered_for_a_while_and_a_wrong_one_never_is()
    {
        var users = Users(new DashboardUserOptions { Name = "noc", PasswordHash = Hash });

        Assert.NotNull(users.Verify("noc", "correct horse battery", Here));
        time.Advance(DashboardUsers.RememberVerifiedFor - TimeSpan.FromSeconds(1));
        Assert.NotNull(users.Verify("noc", "correct horse battery", Here));
        Assert.Null(users.Verify("noc", "wrong horse battery", Here));
        time.Advance(DashboardUsers.RememberVerifiedFor * 2);
        Assert.NotNull(users.Verify("noc", "correct horse battery", Here));
    }

    [Fact]
    public void Remembered_answers_only_for_a_pair_verified_lately_from_the_same_address_and_checks_no_password()
    {
        var users = Users(new DashboardUserOptions { Name = "noc", PasswordHash = Hash },
            new DashboardUserOptions { Name = "ops", Password = "ops password 1", Role = "admin" });

        Assert.Null(users.Remembered("noc", "correct horse battery", Here));
        Assert.NotNull(users.Verify("noc", "correct horse battery", Here));
        Assert.Equal(new DashboardUser("noc", DashboardRoles.Viewer), users.Remembered("noc", "correct horse battery", Here));
        Assert.Null(users.Remembered("noc", "correct horse battery", There));
        Assert.Null(users.Remembered("noc", "wrong horse battery", Here));
        // A clear-text password costs nothing to check, so it is never remembered.
        Assert.NotNull(users.Verify("ops", "ops password 1", Here));
        Assert.Null(users.Remembered("ops", "ops password 1", Here));
        time.Advance(DashboardUsers.RememberVerifiedFor);
        Assert.Null(users.Remembered("noc", "correct horse battery", Here));
    }

    private DashboardUsers Users(params DashboardUserOptions[] users)
    {
        var options = new DashboardOptions();
        foreach (var user in users)
            options.Users.Add(user);
        return new DashboardUsers(Microsoft.Extensions.Options.Options.Create(options), time);
    }
}
