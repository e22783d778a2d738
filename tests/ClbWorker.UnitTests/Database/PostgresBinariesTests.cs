using ClbWorker.Development;

namespace ClbWorker.UnitTests.Database;

public sealed class PostgresBinariesTests
{
    [Fact]
    public void Candidates_are_the_PATH_entries_in_order_then_versioned_folders_highest_version_first()
    {
        var path = string.Join(Path.PathSeparator, "/opt/pg/bin", "", "/usr/local/bin");
        string[] versioned = ["/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/current/bin", "/usr/lib/postgresql/10/bin"];

        var candidates = PostgresBinaries.CandidateDirectories(path, versioned);

        Assert.Equal(
            ["/opt/pg/bin", "/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/10/bin", "/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/current/bin"],
            candidates);
    }

    [Fact]
    public void Candidates_without_PATH_are_the_versioned_folders()
    {
        Assert.Equal(["/usr/lib/postgresql/16/bin"], PostgresBinaries.CandidateDirectories(null, ["/usr/lib/postgresql/16/bin"]));
    }

    [Fact]
    public void Find_picks_the_first_folder_holding_both_initdb_and_pg_ctl()
    {
        var files = new HashSet<string> { "/a/initdb", "/b/pg_ctl", "/c/initdb", "/c/pg_ctl", "/d/initdb", "/d/pg_ctl" };

        Assert.Equal("/c", PostgresBinaries.Find(["/a", "/b", "/c", "/d"], files.Contains));
    }

    [Fact]
    public void Find_returns_null_when_no_folder_holds_both()
    {
        Assert.Null(PostgresBinaries.Find(["/a", "/b"], new HashSet<string> { "/a/initdb", "/b/pg_ctl" }.Contains));
    }

    [Fact]
    public void The_not_available_message_says_how_to_get_a_server()
    {
        var message = new PostgresNotAvailableException().Message;

        Assert.Contains("apt-get install postgresql", message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Postgres", message, StringComparison.Ordinal);
        Assert.Contains("Docker", message, StringComparison.Ordinal);
    }
}
