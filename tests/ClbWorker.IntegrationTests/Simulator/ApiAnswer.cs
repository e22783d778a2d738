using System.Net;
using System.Text.Json;

namespace ClbWorker.IntegrationTests.Simulator;

/// <summary>A Cloud API answer: the raw text and the <c>Response</c> object of its envelope.</summary>
internal sealed record ApiAnswer(string Raw, JsonElement Response)
{
    public string? ErrorCode => Response.TryGetProperty("Error", out var error) ? error.GetProperty("Code").GetString() : null;
    public string? ErrorMessage => Response.TryGetProperty("Error", out var error) ? error.GetProperty("Message").GetString() : null;
    public int Status => Response.GetProperty(nameof(Status)).GetInt32();
    public string RequestId => Response.GetProperty(nameof(RequestId)).GetString()!;

    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(raw);
        return new ApiAnswer(raw, document.RootElement.GetProperty(nameof(Response)).Clone());
    }
}
