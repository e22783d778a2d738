namespace ClbWorker.Hosting.Configuration;

/// <summary>How much of a key the schema knows: all of it, or its first <see cref="KnownSegments"/> segments.</summary>
/// <param name="Deepest">The node of the last known segment (the root's section list when not even the first is known).</param>
public sealed record KeyLookup(IReadOnlyList<string> Segments, int KnownSegments, SettingNode Deepest)
{
    public bool IsKnown => KnownSegments == Segments.Count;

    /// <summary>The key up to and including its first unknown segment, e.g. <c>Tencent:Acounts</c> of <c>Tencent:Acounts:prod:SecretId</c>.</summary>
    public string UnknownPrefix => string.Join(':', Segments.Take(KnownSegments + 1));
}
