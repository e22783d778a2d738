namespace ClbWorker.TencentCloud;

/// <summary>
/// The parts of a TC3 Authorization header:
/// <c>TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=HEX</c>.
/// </summary>
public sealed record Tc3Authorization(string SecretId, string Date, string Service, string SignedHeaders, string Signature)
{
    public static bool TryParse(string? header, out Tc3Authorization? authorization)
    {
        authorization = null;
        if (header is null || !header.StartsWith(Tc3Signer.Algorithm + " ", StringComparison.Ordinal))
            return false;

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[(Tc3Signer.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return false;
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: return false;
            }
        }

        var scope = credential?.Split('/');
        if (scope is not { Length: 4 } || scope[3] != "tc3_request" || string.IsNullOrEmpty(scope[0])
            || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
            return false;

        authorization = new Tc3Authorization(scope[0], scope[1], scope[2], signedHeaders, signature);
        return true;
    }
}
