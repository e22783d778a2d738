using ClbWorker.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Dashboard;

public class DashboardUsersTests
{
    private const string Hash = "pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Clear_and_hashed_passwords_log_in_with_their_role_and_nothing_else_does()
    {
        var users = Users(
            new DashboardUserOptions { Name = "ops", Password = "ops password 1", Role = "ADMIN" },
            new DashboardUserOptions { Name = "noc", PasswordHash = Hash });

        Assert.Equal(new DashboardUser("ops", DashboardRoles.Admin), users.Verify("ops", "ops password 1"));
        Assert.Equal(new DashboardUser("noc", DashboardRoles.Viewer), users.Verify("noc", "correct horse battery"));
        Assert.Null(users.Verify("ops", "ops password 2"));
        Assert.Null(users.Verify("OPS", "ops password 1"));
        Assert.Null(users.Verify("noc", "ops password 1"));
        Assert.Null(users.Verify("nobody", "correct horse battery"));
        Assert.Null(users.Verify("", ""));
    }

    [Fact]
    public void A_verified_hashed_password_is_remembered_for_a_while_and_a_wrong_one_never_is()
    {
        var users = Users(new DashboardUserOptions { Name = "noc", PasswordHash = Hash });

        Assert.NotNull(users.Verify("noc", "correct horse battery"));
        time.Advance(DashboardUsers.RememberVerifiedFor - TimeSpan.FromSeconds(1));
        Assert.NotNull(users.Verify("noc", "correct horse battery"));
        Assert.Null(users.Verify("noc", "wrong horse battery"));
        time.Advance(DashboardUsers.RememberVerifiedFor * 2);
        Assert.NotNull(users.Verify("noc", "correct horse battery"));
    }

    private DashboardUsers Users(params DashboardUserOptions[] users)
    {
        var options = new DashboardOptions();
        foreach (var user in users)
            options.Users.Add(user);
        return new DashboardUsers(Microsoft.Extensions.Options.Options.Create(options), time);
    }
}
