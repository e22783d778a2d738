using System.Net;

namespace ClbWorker.IntegrationTests.Api;

/// <summary>
/// One malformed request and what it must get: a 4xx status and a problem whose <c>errors</c> names <see cref="Field"/>.
/// <see cref="Body"/> is sent as is with <see cref="ContentType"/> (null: no Content-Type header); <see cref="Chunked"/>
/// sends it without a Content-Length.
/// </summary>
public sealed record BadInputCase(
    string Name, HttpMethod Method, string Path, string? Body, HttpStatusCode Status, string Field,
    string? ContentType = "application/json", bool Chunked = false)
{
    public static BadInputCase Create(string name, string body, string field, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(name, HttpMethod.Post, "/api/tasks", body, status, field);

    public static BadInputCase Batch(string name, string body, string field, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(name, HttpMethod.Post, "/api/tasks/batch", body, status, field);

    public static BadInputCase List(string name, string query, string field) =>
        new(name, HttpMethod.Get, "/api/tasks?" + query, null, HttpStatusCode.BadRequest, field, null);

    public override string ToString() => Name;
}
