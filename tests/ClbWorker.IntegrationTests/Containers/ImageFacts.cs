using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>What docker-compose.yml and the Dockerfiles promise about our running containers, checked on them.</summary>
internal static class ImageFacts
{
    private const string Facts = "{{.HostConfig.ReadonlyRootfs}} {{.Config.User}} {{.State.Health.Status}}";
    private const string ImageOf = "{{.Image}}";

    /// <summary>
    /// Each service's container runs as uid 1654 on a read-only root file system, its image's health check reports it
    /// healthy, and the image has no shell to run.
    /// </summary>
    public static async Task AssertHardenedAsync(RepositoryCopy copy, string profile, IEnumerable<string> services)
    {
        foreach (var service in services)
        {
            // The image's own health check runs every few seconds: a container that answered the test's requests a
            // moment ago may not have been checked yet, so its status is awaited, not read once.
            var facts = await Eventually.ReturnsAsync(async () => (await copy.RunAsync([ScriptStep.Of($"""
                id=$(docker compose --profile {profile} ps -q {service})
                docker inspect --format '{Facts}' "$id"
                if docker run --rm --entrypoint /bin/sh "$(docker inspect --format '{ImageOf}' "$id")" -c true 2> /dev/null; then echo shell; else echo no-shell; fi
                """)], TimeSpan.FromMinutes(1))).Outputs[0].Trim(),
                output => !output.Contains(" starting", StringComparison.Ordinal), TimeSpan.FromMinutes(2), $"{service}'s health check has run");

            Assert.Equal($"true 1654 healthy{Environment.NewLine}no-shell", facts);
        }
    }
}
