using ClbWorker.Tasks;

namespace ClbWorker.UnitTests.Api;

public sealed class TaskIdRuleTests
{
    [Theory]
    [InlineData("55c85074-3e7f-4c6d-864f-673660d4f8de")]
    [InlineData("a")]
    [InlineData("任务-42")]
    [InlineData("emoji-😀")]
    public void Accepts_ids_of_1_to_64_visible_characters(string id) => Assert.Null(TaskIdRule.Check(id));

    [Fact]
    public void Counts_code_points_like_postgresql_so_64_emoji_are_allowed_and_65_ascii_are_not()
    {
        Assert.Null(TaskIdRule.Check(string.Concat(Enumerable.Repeat("😀", 64))));
        Assert.Equal("is 65 characters long", TaskIdRule.Check(new string('x', 65)));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a b", "U+0020 (a space) at character 2")]
    [InlineData("a\tb", "U+0009 (a control character)")]
    [InlineData("a\0b", "U+0000")]
    [InlineData("a\u007fb", "U+007F")]
    [InlineData("a\u0085b", "U+0085")]
    [InlineData("a\u00a0b", "U+00A0 (a whitespace character)")]
    [InlineData("a\u1680b", "U+1680")]
    [InlineData("a\u180eb", "U+180E")]
    [InlineData("a\u2003b", "U+2003")]
    [InlineData("a\u200bb", "U+200B")]
    [InlineData("a\u2028b", "U+2028")]
    [InlineData("a\u202fb", "U+202F")]
    [InlineData("a\u205fb", "U+205F")]
    [InlineData("a\u2060b", "U+2060")]
    [InlineData("a\u3000b", "U+3000")]
    [InlineData("a\ufeffb", "U+FEFF")]
    public void Refuses_empty_ids_whitespace_and_control_characters_saying_which(string id, string reason) =>
        Assert.Contains(reason, TaskIdRule.Check(id), StringComparison.Ordinal);

    [Fact]
    public void Refuses_an_unpaired_surrogate()
    {
        Assert.Contains("unpaired surrogate (U+D800)", TaskIdRule.Check("a" + '\ud800' + "b"), StringComparison.Ordinal);
        Assert.Contains("unpaired surrogate (U+DC00)", TaskIdRule.Check("a" + '\udc00'), StringComparison.Ordinal);
    }
}
