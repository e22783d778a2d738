using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// An IPv4 or IPv6 network such as <c>10.20.0.0/16</c> or <c>fd00::/8</c>. A bare address is a single-host
/// range. An IPv4 address only matches IPv4 ranges and an IPv6 address only IPv6 ranges: unwrapping
/// IPv4-mapped addresses is the caller's business (see <see cref="SsrfAddressPolicy"/>).
/// </summary>
public sealed record CidrRange
{
    public const string ExpectedForm =
        "a CIDR range such as 10.20.0.0/16 or fd00::/8 (prefix length 0-32 for IPv4, 0-128 for IPv6, no bits set after the prefix)";

    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private CidrRange(AddressFamily family, UInt128 network, int prefixLength)
    {
        Family = family;
        PrefixLength = prefixLength;
        _mask = MaskOf(family, prefixLength);
        _network = network;
    }

    public AddressFamily Family { get; }

    public int PrefixLength { get; }

    public static CidrRange Parse(string text) =>
        TryParse(text, out var range, out var error) ? range : throw new FormatException(error);

    /// <param name="error">Why <paramref name="text"/> is not a range, quoting it.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CidrRange? range, [NotNullWhen(false)] out string? error)
    {
        range = null;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var addressText = slash < 0 ? text : text![..slash];
        if (!TryParseAddress(addressText, out var address))
        {
            error = $"'{text}' does not start with an IPv4 address in dotted-quad form or an IPv6 address";
            return false;
        }

        var family = address.AddressFamily;
        var width = WidthOf(family);
        var prefixLength = width;
        if (slash >= 0 && !TryParsePrefix(text!.AsSpan(slash + 1), width, out prefixLength))
        {
            error = $"'{text}' has a prefix length other than 0 to {width}";
            return false;
        }

        var value = ToUInt128(address);
        var mask = MaskOf(family, prefixLength);
        if ((value & ~mask) != 0)
        {
            error = $"'{text}' has bits set after the prefix; did you mean {new CidrRange(family, value & mask, prefixLength)}?";
            return false;
        }
        range = new CidrRange(family, value, prefixLength);
        error = null;
        return true;
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == Family && (ToUInt128(address) & _mask) == _network;
    }

    public override string ToString() => $"{FromUInt128(Family, _network)}/{PrefixLength}";

    /// <summary>The address as a number: IPv4 in the low 32 bits, IPv6 in all 128.</summary>
    internal static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    internal static IPAddress FromUInt128(AddressFamily family, UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (family == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
            return new IPAddress(bytes[..4]);
        }
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    private static int WidthOf(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    private static UInt128 MaskOf(AddressFamily family, int prefixLength)
    {
        // Shift counts are taken modulo 128, so a zero-length prefix needs its own case.
        if (prefixLength == 0)
            return UInt128.Zero;
        var width = WidthOf(family);
        var all = width == 32 ? uint.MaxValue : UInt128.MaxValue;
        return (all << (width - prefixLength)) & all;
    }

    private static bool TryParseAddress(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var parsed))
            return false;
        // IPAddress.TryParse also takes "10", "10.1" and octal parts; only the unambiguous dotted quad is accepted.
        if (parsed.AddressFamily == AddressFamily.InterNetwork && parsed.ToString() != text)
            return false;
        if (parsed.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            return false;
        address = parsed;
        return true;
    }

    private static bool TryParsePrefix(ReadOnlySpan<char> text, int width, out int prefixLength) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength)
        && prefixLength <= width && text.Length <= 3;
}
