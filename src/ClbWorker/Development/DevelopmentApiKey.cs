using System.Security.Cryptography;

namespace ClbWorker.Development;

/// <summary>
/// The admin key the dev run makes up when none is configured. The start banner prints it to the console; it is
/// never logged.
/// </summary>
public sealed record DevelopmentApiKey(string Key)
{
    public const string Name = "dev";

    public static DevelopmentApiKey Generate() =>
        new("clb_dev_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'));

    public override string ToString() => "DevelopmentApiKey { Key = (hidden) }";
}
