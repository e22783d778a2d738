namespace ClbWorker.UnitTests.Deployment;

/// <summary>The checks catch what they are for, on small compose files written here.</summary>
public sealed class ComposeCheckTests
{
    private const string Worker = """
        services:
          clbworker:
            build:
              context: .
              dockerfile: src/ClbWorker/Dockerfile
            environment:

        """;

    [Fact]
    public void A_misspelt_key_is_reported_with_the_keys_that_exist()
    {
        var problem = Assert.Single(KeyProblems("      Tencent__SecretKy: abc\n"));

        Assert.Contains("Tencent__SecretKy", problem, StringComparison.Ordinal);
        Assert.Contains("Tencent has no key 'SecretKy'", problem, StringComparison.Ordinal);
        Assert.Contains("SecretKey", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tencent__SecretId: x")]
    [InlineData("TENCENT__SECRETID: x")]
    [InlineData("Tencent__Accounts__prod__RequestsPerSecond: 5")]
    [InlineData("Tencent__Regions__0: ap-guangzhou")]
    [InlineData("Webhooks__Endpoints__crm__EventTypes__1: task.failed")]
    [InlineData("Webhooks__RetrySchedule__0: 00:00:05")]
    [InlineData("Polling__BatchSize: 10")]
    [InlineData("Retention__TaskAge: 7.00:00:00")]
    [InlineData("Database__LocalClusterPort: 5433")]
    [InlineData("ConnectionStrings__Postgres: Host=db")]
    [InlineData("Logging__LogLevel__Npgsql: Debug")]
    [InlineData("ASPNETCORE_ENVIRONMENT: Production")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT: http://collector:4317")]
    public void Real_keys_in_every_shape_pass(string line)
    {
        Assert.Empty(KeyProblems($"      {line}\n"));
    }

    [Theory]
    [InlineData("TENCENT_SECRET_ID: x", "has no configuration section 'TENCENT_SECRET_ID'")]
    [InlineData("Tencent__Regions__first: ap-guangzhou", "Tencent:Regions is a list; its entries are numbered")]
    [InlineData("Tencent__Accounts__prod: x", "Tencent:Accounts:prod is a section, not a setting")]
    [InlineData("Tencent__Timeout__Seconds: 5", "Tencent:Timeout is a setting of its own")]
    [InlineData("Tencent__HasDefaultCredentials: true", "Tencent has no key 'HasDefaultCredentials'")]
    [InlineData("Webhooks__EffectiveRetrySchedule__0: 00:00:01", "Webhooks has no key 'EffectiveRetrySchedule'")]
    public void Keys_the_application_does_not_read_are_reported(string line, string expected)
    {
        Assert.Contains(expected, Assert.Single(KeyProblems($"      {line}\n")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_FILE_variable_must_name_a_secret_mounted_into_the_service()
    {
        var problem = Assert.Single(KeyProblems("      Tencent__SecretKey_FILE: /run/secrets/elsewhere\n"));

        Assert.Contains("names '/run/secrets/elsewhere', which is none of the secrets mounted", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_list_form_of_environment_is_checked_too()
    {
        var compose = ComposeFile.Parse(Worker.Replace("    environment:\n", "    environment:\n      - Polling__BatchSiz=5\n", StringComparison.Ordinal));

        Assert.Single(ComposeChecks.EnvironmentKeys(compose, Repository.Root, DeployedApplications.KeysOf));
    }

    [Fact]
    public void Missing_build_paths_are_reported()
    {
        var compose = ComposeFile.Parse(Worker.Replace("src/ClbWorker/Dockerfile", "src/ClbWorkr/Dockerfile", StringComparison.Ordinal));

        Assert.Contains("Dockerfile 'src/ClbWorkr/Dockerfile' does not exist", Assert.Single(ComposeChecks.BuildPaths(compose, Repository.Root)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_missing_from_env_example_is_reported_and_so_is_one_never_read()
    {
        var compose = ComposeFile.Parse(Worker + "      Polling__BatchSize: ${BATCH:-50}\n");

        var problems = ComposeChecks.Variables(compose, "# BATCHES=1\nCOMPOSE_PROFILES=production\n").ToList();

        Assert.Equal(["${BATCH} is used in docker-compose.yml but not listed in .env.example", "BATCHES is listed in .env.example but docker-compose.yml never reads it"], problems);
    }

    [Fact]
    public void A_secret_file_that_neither_exists_nor_is_explained_is_reported()
    {
        var compose = ComposeFile.Parse("secrets:\n  key:\n    file: ${KEY_FILE:-./secrets/key}\n");

        Assert.Single(ComposeChecks.ReferencedFiles(compose, Repository.Root, "KEY_FILE=\n"));
        Assert.Empty(ComposeChecks.ReferencedFiles(compose, Repository.Root, "# default ./secrets/key\nKEY_FILE=\n"));
    }

    [Fact]
    public void A_dependency_outside_the_services_profile_is_reported()
    {
        var compose = ComposeFile.Parse("""
            services:
              db:
                image: postgres:15.18-bookworm
                profiles: [production]
              app:
                image: app
                profiles: [demo]
                depends_on: [db]
            """);

        Assert.Contains("depends on 'db', which only runs with profiles production", Assert.Single(ComposeChecks.Dependencies(compose)), StringComparison.Ordinal);
    }

    private static List<string> KeyProblems(string environment) =>
        ComposeChecks.EnvironmentKeys(ComposeFile.Parse(Worker + environment), Repository.Root, DeployedApplications.KeysOf).ToList();
}
