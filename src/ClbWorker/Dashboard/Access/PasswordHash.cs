using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClbWorker.Dashboard.Access;

/// <summary>
/// A stored password: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, salt and hash in standard base64,
/// the hash being PBKDF2-HMAC-SHA256 of the UTF-8 password. Python's <c>hashlib.pbkdf2_hmac("sha256", ...)</c> makes the
/// same bytes, so hashes can be made without this program.
/// </summary>
public sealed class PasswordHash
{
    public const string Prefix = "pbkdf2-sha256";

    /// <summary>What <see cref="Create"/> uses: the 2023 OWASP figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinIterations = 100_000;
    public const int MaxIterations = 10_000_000;
    public const int MinSaltBytes = 16;
    public const int HashBytes = 32;

    public static string ExpectedForm { get; } =
        $"{Prefix}$<iterations {MinIterations}-{MaxIterations}>$<salt: base64 of {MinSaltBytes}+ bytes>$<hash: base64 of {HashBytes} bytes>";

    private readonly byte[] salt;
    private readonly byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) => (Iterations, this.salt, this.hash) = (iterations, salt, hash);

    public int Iterations { get; }

    public static PasswordHash Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(MinSaltBytes);
        return new PasswordHash(iterations, salt, Derive(password, salt, iterations));
    }

    /// <summary>Parses the stored form; <paramref name="error"/> says what is wrong without quoting the value.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PasswordHash? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var parts = (text ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Prefix)
            error = $"it is not of the form {Prefix}$<iterations>$<salt>$<hash>";
        else if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < MinIterations or > MaxIterations)
            error = $"its iteration count must be a whole number from {MinIterations} to {MaxIterations}";
        else if (!TryBase64(parts[2], out var salt) || salt.Length < MinSaltBytes)
            error = $"its salt must be standard base64 of at least {MinSaltBytes} bytes";
        else if (!TryBase64(parts[3], out var hash) || hash.Length != HashBytes)
            error = $"its hash must be standard base64 of {HashBytes} bytes";
        else
        {
            (parsed, error) = (new PasswordHash(iterations, salt, hash), null);
            return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="password"/> is the one hashed; the comparison takes the same time wherever the bytes differ.</summary>
    public bool Verify(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return CryptographicOperations.FixedTimeEquals(Derive(password, salt, Iterations), hash);
    }

    public override string ToString() =>
        string.Join('$', Prefix, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }
        return false;
    }
}
