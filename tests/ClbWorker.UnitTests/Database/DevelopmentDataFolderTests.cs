using ClbWorker.Development;

namespace ClbWorker.UnitTests.Database;

public sealed class DevelopmentDataFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("clbworker-root-test-").FullName;

    [Fact]
    public void The_repository_root_is_the_nearest_folder_above_holding_the_solution()
    {
        var nested = Directory.CreateDirectory(Path.Combine(root, "repo", "src", "ClbWorker", "bin")).FullName;
        File.WriteAllText(Path.Combine(root, "repo", "ClbWorker.sln"), "");

        Assert.Equal(Path.Combine(root, "repo"), DevelopmentDataFolder.FindRepositoryRoot(nested));
        Assert.Equal(Path.Combine(root, "repo", ".data", "postgres"), DevelopmentDataFolder.For(nested));
    }

    [Fact]
    public void Without_a_repository_the_data_folder_is_under_the_content_root()
    {
        var contentRoot = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;

        Assert.Null(DevelopmentDataFolder.FindRepositoryRoot(contentRoot));
        Assert.Equal(Path.Combine(contentRoot, ".data", "postgres"), DevelopmentDataFolder.For(contentRoot));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
