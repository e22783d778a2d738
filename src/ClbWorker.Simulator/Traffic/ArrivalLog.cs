using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClbWorker.Simulator.Traffic;

/// <summary>
/// One line per Cloud API request, appended to <see cref="SimulatorOptions.ArrivalLog"/>, so that an outside observer
/// (the benchmark harness, an operator) can count what reached the endpoint instead of trusting what the clients say:
/// <c>arrival_unix_us,remote_port,secret_id,action,answer,status,task_id</c>. <c>answer</c> is <c>ok</c>, the error
/// code, <c>fault:&lt;kind&gt;</c> or <c>abandoned</c>; <c>status</c> is the Status answered (empty otherwise). Each
/// line is written through at once (one write call, no fsync), so a killed simulator loses none already answered.
/// </summary>
public sealed class ArrivalLog : IDisposable
{
    private readonly Lock gate = new();
    private readonly StreamWriter writer;

    public ArrivalLog(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false))
        {
            AutoFlush = true,
        };
    }

    /// <summary>Records one request; <paramref name="body"/> is read only for the TaskId or DealName it names.</summary>
    public void Record(DateTimeOffset arrivedAt, int remotePort, string secretId, string action, string answer, int? status,
        ReadOnlySpan<byte> body)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{(arrivedAt - DateTimeOffset.UnixEpoch).Ticks / 10},{remotePort},{Field(secretId)},{Field(action)},{Field(answer)},{status},{Field(TaskIdOf(body))}");
        lock (gate)
            writer.WriteLine(line);
    }

    public void Dispose()
    {
        lock (gate)
            writer.Dispose();
    }
    // Commas and line breaks would break the format; ids and codes never hold them, anything else is replaced.
    private static string Field(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Replace(',', '_').Replace('\n', '_').Replace('\r', '_');

    private static string? TaskIdOf(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
            return null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("TaskId") || reader.ValueTextEquals("DealName");
                if (!reader.Read())
                    return null;
                if (name && reader.TokenType == JsonTokenType.String)
                    return reader.GetString();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
