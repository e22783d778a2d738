using System.Text.Json;

namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>The JSON bodies of the two STS calls, compact and in a fixed order, as the official SDKs send them.</summary>
public static class StsPayload
{
    public static byte[] AssumeRole(string roleArn, string roleSessionName, int durationSeconds, string? externalId) =>
        Write(writer =>
        {
            writer.WriteString("RoleArn", roleArn);
            writer.WriteString("RoleSessionName", roleSessionName);
            writer.WriteNumber("DurationSeconds", durationSeconds);
            if (!string.IsNullOrEmpty(externalId))
                writer.WriteString("ExternalId", externalId);
        });

    public static byte[] AssumeRoleWithWebIdentity(string providerId, string webIdentityToken, string roleArn, string roleSessionName, int durationSeconds) =>
        Write(writer =>
        {
            writer.WriteString("ProviderId", providerId);
            writer.WriteString("WebIdentityToken", webIdentityToken);
            writer.WriteString("RoleArn", roleArn);
            writer.WriteString("RoleSessionName", roleSessionName);
            writer.WriteNumber("DurationSeconds", durationSeconds);
        });

    private static byte[] Write(Action<Utf8JsonWriter> properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            properties(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
