using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.Api;

public sealed class OpenApiDocumentTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_describes_every_api_route_with_the_bearer_scheme_and_examples_without_a_key()
    {
        using var anonymous = world.Client(null);

        var response = await anonymous.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths");
        var routes = world.Worker.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.NotEmpty(routes);
        foreach (var (path, method) in routes)
        {
            var found = paths.TryGetProperty(path, out var operations) && operations.TryGetProperty(method, out _);
            Assert.True(found, $"{method.ToUpperInvariant()} {path} is not in the document");
            Assert.True(operations.GetProperty(method).GetProperty("responses").TryGetProperty("401", out _), $"{method} {path} does not document 401");
        }
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(document.RootElement.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        foreach (var path in new[] { "/api/tasks", "/api/tasks/batch" })
        {
            var body = paths.GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            Assert.Equal(JsonValueKind.Object, body.GetProperty("example").ValueKind);
            Assert.True(paths.GetProperty(path).GetProperty("post").GetProperty("responses").TryGetProperty("403", out _));
        }
        var limit = paths.GetProperty("/api/tasks").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");
        Assert.Equal(500, limit.GetProperty("maximum").GetInt32());
    }

    [Fact]
    public async Task The_reference_page_is_served_without_a_key()
    {
        using var anonymous = world.Client(null);

        var page = await anonymous.GetAsync("/scalar/", Ct);
        var script = await anonymous.GetAsync("/scalar/scalar.js", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    // Route constraints ({id:long}) and a trailing slash are not part of OpenAPI paths.
    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/');
}
