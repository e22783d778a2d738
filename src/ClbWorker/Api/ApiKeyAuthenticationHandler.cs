using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ClbWorker.Api;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against <see cref="ApiKeyRing"/>. Refusals are problem+json
/// that say what to send; neither they nor the log ever contain the presented key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not of the form 'Bearer <key>'."));
        if (keys.Find(header[BearerPrefix.Length..].Trim()) is not { } key)
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one of the configured keys."));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await Context.AuthenticateAsync(SchemeName);
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = result.Failure?.Message ?? "This route needs an API key: send 'Authorization: Bearer <key>'.";
        await TypedResults.Problem(detail + " Keys are configured as Api:Keys:<name>:Key.", statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem("This route changes data and needs a key with the admin role; the key presented has the reader role.",
            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);
}
