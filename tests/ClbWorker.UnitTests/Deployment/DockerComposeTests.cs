namespace ClbWorker.UnitTests.Deployment;

/// <summary>
/// docker-compose.yml checked without a Docker engine: configuration keys, build paths, referenced files and
/// variables, against the application's own options classes and the repository as it is.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly ComposeFile Compose = ComposeFile.Parse(Repository.Read("docker-compose.yml"));
    private static readonly string EnvExample = Repository.Read(".env.example");

    [Fact]
    public void Every_environment_variable_of_our_services_is_a_real_configuration_key()
    {
        NoProblems(ComposeChecks.EnvironmentKeys(Compose, Repository.Root, DeployedApplications.KeysOf));
    }

    [Fact]
    public void Every_build_context_and_dockerfile_exists()
    {
        NoProblems(ComposeChecks.BuildPaths(Compose, Repository.Root));
    }

    [Fact]
    public void Every_env_file_and_secret_file_exists_or_is_explained_in_env_example()
    {
        NoProblems(ComposeChecks.ReferencedFiles(Compose, Repository.Root, EnvExample));
    }

    [Fact]
    public void Every_variable_compose_reads_is_listed_in_env_example_and_no_other()
    {
        NoProblems(ComposeChecks.Variables(Compose, EnvExample));
    }

    [Fact]
    public void Every_dependency_runs_in_the_profiles_of_the_service_that_waits_for_it()
    {
        NoProblems(ComposeChecks.Dependencies(Compose));
    }

    private static void NoProblems(IEnumerable<string> problems)
    {
        var found = problems.ToList();
        if (found.Count > 0)
            Assert.Fail(string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void The_merged_anchors_give_both_workers_the_clbworker_image_and_its_health_check()
    {
        foreach (var worker in new[] { "clbworker", "clbworker-demo" })
            Assert.Equal("src/ClbWorker/Dockerfile", Compose.Service(worker).Dockerfile);
    }

    [Fact]
    public void The_production_worker_reads_its_secret_key_from_a_compose_secret_and_waits_for_a_healthy_database()
    {
        var worker = Compose.Service("clbworker");

        Assert.DoesNotContain("Tencent__SecretKey", worker.Environment.Keys);
        Assert.Equal("/run/secrets/tencent_secret_key", worker.Environment["Tencent__SecretKey_FILE"]);
        Assert.Contains("postgres", worker.DependsOn);
        Assert.Equal(["production"], worker.Profiles);
        Assert.Matches(@"^postgres:\d+\.\d+-", Compose.Service("postgres").Image);
    }

    [Fact]
    public void No_service_runs_in_both_profiles_so_the_demo_never_shares_production_data()
    {
        Assert.All(Compose.Services, service => Assert.Single(service.Profiles));
        Assert.DoesNotContain(Compose.Services.Where(s => s.Profiles.Contains("production")).SelectMany(s => s.Environment.Values),
            value => value.Contains("AKIDSIMULATOR", StringComparison.Ordinal) || value.Contains("simulator", StringComparison.Ordinal));
    }
}
