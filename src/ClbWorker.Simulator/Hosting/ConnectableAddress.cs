namespace ClbWorker.Simulator.Hosting;

/// <summary>Turns a listening address into one a client can dial: wildcard hosts become loopback.</summary>
internal static class ConnectableAddress
{
    public static string From(string listeningAddress)
    {
        ArgumentNullException.ThrowIfNull(listeningAddress);
        var schemeEnd = listeningAddress.IndexOf("://", StringComparison.Ordinal) + 3;
        var portStart = listeningAddress.LastIndexOf(':');
        if (schemeEnd < 3 || portStart < schemeEnd)
            return listeningAddress;
        var host = listeningAddress[schemeEnd..portStart];
        var dialable = host switch
        {
            "+" or "*" or "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => host,
        };
        return listeningAddress[..schemeEnd] + dialable + listeningAddress[portStart..];
    }
}
