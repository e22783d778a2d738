using System.Buffers;
using System.Globalization;
using System.Text;

namespace ClbWorker.Tasks;

/// <summary>
/// The shape of a task id, the same rule as the database's <c>clb.is_valid_task_id</c>: 1 to 64 characters
/// (code points, as PostgreSQL counts them), none of them whitespace, including the Unicode spaces, nor a control
/// character. Checked before anything reaches the database, so a caller gets a reason instead of a constraint name.
/// </summary>
public static class TaskIdRule
{
    public const int MaxLength = 64;

    public const string Description = "1 to 64 characters with no whitespace or control characters";

    public static bool IsValid(string? value) => Check(value) is null;

    /// <returns>Null when <paramref name="value"/> is a valid task id, else what is wrong with it.</returns>
    public static string? Check(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "is empty";
        var length = 0;
        for (var i = 0; i < value.Length; i += 1)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
                return $"contains an unpaired surrogate (U+{(int)value[i]:X4}) at character {length + 1}";
            i += used - 1;
            length += 1;
            if (IsForbidden(rune.Value))
                return $"contains U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)} ({Name(rune.Value)}) at character {length}";
        }
        return length > MaxLength ? $"is {length} characters long" : null;
    }

    // The character class of clb.is_valid_task_id, plus NUL, which PostgreSQL text cannot hold at all.
    private static bool IsForbidden(int c) =>
        c <= 0x20 || c is >= 0x7F and <= 0xA0 || c is 0x1680 or 0x180E || c is >= 0x2000 and <= 0x200B
        || c is 0x2028 or 0x2029 or 0x202F or 0x205F or 0x2060 or 0x3000 or 0xFEFF;

    private static string Name(int c) => c switch
    {
        0x20 => "a space",
        < 0x20 or (>= 0x7F and < 0xA0) => "a control character",
        _ => "a whitespace character",
    };
}
