using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using Dapper;

namespace ClbWorker.IntegrationTests.Database;

/// <summary>The API's task id rule and the database's <c>clb.is_valid_task_id</c> are one rule: they agree on every sample.</summary>
public sealed class TaskIdRuleAgreementTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task The_api_rule_and_clb_is_valid_task_id_agree()
    {
        var samples = new List<string> { "a", "55c85074-3e7f-4c6d-864f-673660d4f8de", "任务", "😀", new('x', 64), new('x', 65),
            string.Concat(Enumerable.Repeat("😀", 64)), string.Concat(Enumerable.Repeat("😀", 65)), "" };
        // Every character up to U+3100 and the special ones above it, alone and inside an id.
        var characters = Enumerable.Range(1, 0x3100).Append(0xFEFF).Append(0xFFFD).Where(c => c is < 0xD800 or > 0xDFFF).Select(c => (char)c);
        samples.AddRange(characters.Select(c => $"a{c}b"));

        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var verdicts = (await connection.QueryAsync<(string Id, bool Valid)>(
            "SELECT s, clb.is_valid_task_id(s) FROM unnest(@samples) AS s", new { samples = samples.ToArray() })).ToList();

        Assert.Equal(samples.Count, verdicts.Count);
        var disagreements = verdicts.Where(v => v.Valid != TaskIdRule.IsValid(v.Id))
            .Select(v => $"{string.Join(" ", v.Id.EnumerateRunes().Select(r => $"U+{r.Value:X4}"))}: database {v.Valid}").ToList();
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(20)));
    }
}
