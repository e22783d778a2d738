namespace ClbWorker.Benchmarks.Observation;

/// <summary>Reads the receiver's record file as it grows: each call returns the complete lines added since the last.</summary>
public sealed class ReceiptTail(string path)
{
    private long offset;
    private string partial = "";

    public IReadOnlyList<Receipt> ReadNew()
    {
        if (!File.Exists(path))
            return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = partial + reader.ReadToEnd();
        offset = stream.Position;
        var end = text.LastIndexOf('\n');
        partial = end < 0 ? text : text[(end + 1)..];
        return end < 0 ? [] : [.. text[..end].Split('\n').Select(Receipt.Parse).OfType<Receipt>()];
    }
}
