namespace ClbWorker.Api;

/// <summary>A configured key as kept in memory: its name, role and the SHA-256 of the key, never the key itself.</summary>
public sealed record ApiKey(string Name, string Role, byte[] Hash)
{
    public override string ToString() => $"ApiKey {{ Name = {Name}, Role = {Role} }}";
}
