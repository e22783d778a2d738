using ClbWorker.Tencent;
using ClbWorker.Tencent.Credentials;
using ClbWorker.Tencent.Credentials.Temporary;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Tencent.Credentials;

public sealed class RefreshingCredentialProviderTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ScriptedFetcher fetcher;
    private readonly RefreshingCredentialProvider provider;

    public RefreshingCredentialProviderTests()
    {
        fetcher = new ScriptedFetcher(clock);
        provider = new RefreshingCredentialProvider("default", fetcher, clock, NullLogger.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_first_requests_share_one_fetch()
    {
        fetcher.Hold();
        var requests = Enumerable.Range(0, 20).Select(_ => provider.GetAsync(Ct).AsTask()).ToList();
        fetcher.Release();
        var credentials = await Task.WhenAll(requests);

        Assert.Equal(1, fetcher.Calls);
        Assert.All(credentials, c => Assert.Equal("AKID1", c.SecretId));
    }

    [Fact]
    public async Task Keys_are_renewed_in_the_background_at_90_percent_of_their_lifetime()
    {
        Assert.Equal("AKID1", (await provider.GetAsync(Ct)).SecretId);

        clock.Advance(Lifetime * 0.9 - TimeSpan.FromMilliseconds(1));
        Assert.Equal("AKID1", (await provider.GetAsync(Ct)).SecretId);
        Assert.Equal(1, fetcher.Calls);

        clock.Advance(TimeSpan.FromMilliseconds(1)); // the renewal timer fires
        await fetcher.WaitForCallsAsync(2);
        await Eventually(async () => (await provider.GetAsync(Ct)).SecretId == "AKID2");
        Assert.Equal(clock.GetUtcNow() + Lifetime * 0.9, provider.RefreshAt);
    }

    [Fact]
    public async Task A_failed_renewal_keeps_the_keys_until_too_little_of_their_lifetime_is_left_then_reports_the_source_error()
    {
        await provider.GetAsync(Ct);
        fetcher.FailFromNowOn("STS AssumeRole at https://sts.example answered InternalError: busy.");

        clock.Advance(Lifetime * 0.9);
        await fetcher.WaitForCallsAsync(2);
        // 3 s (5 % of 60 s) before expiry the keys are still handed out...
        clock.Advance(Lifetime * 0.05 - TimeSpan.FromMilliseconds(1));
        Assert.Equal("AKID1", (await provider.GetAsync(Ct)).SecretId);

        // ...and from then on never: a request would arrive with a key about to expire.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<CredentialSourceException>(() => provider.GetAsync(Ct).AsTask());
        Assert.Equal("STS AssumeRole at https://sts.example answered InternalError: busy.", error.Message);
    }

    [Fact]
    public async Task After_a_failed_renewal_polls_do_not_ask_the_source_again_its_retry_timer_does()
    {
        await provider.GetAsync(Ct);
        fetcher.FailFromNowOn("STS AssumeRole at https://sts.example answered InternalError: busy.");
        clock.Advance(Lifetime * 0.9);
        await fetcher.WaitForCallsAsync(2);
        await Eventually(() => Task.FromResult(!provider.IsFetching));

        for (var i = 0; i < 20; i++)
            Assert.Equal("AKID1", (await provider.GetAsync(Ct)).SecretId);
        Assert.Equal(2, fetcher.Calls);

        fetcher.SucceedFromNowOn();
        clock.Advance(TimeSpan.FromSeconds(1)); // a quarter of the 3 s the keys have left, at least 1 s
        await fetcher.WaitForCallsAsync(3);
        await Eventually(async () => (await provider.GetAsync(Ct)).SecretId == "AKID2");
    }

    [Fact]
    public async Task After_a_failure_callers_get_it_again_without_a_fetch_for_a_second_then_the_source_is_asked_again()
    {
        fetcher.FailFromNowOn("the CVM metadata service at http://169.254.0.23 could not be reached");
        await Assert.ThrowsAsync<CredentialSourceException>(() => provider.GetAsync(Ct).AsTask());
        for (var i = 0; i < 10; i++)
            await Assert.ThrowsAsync<CredentialSourceException>(() => provider.GetAsync(Ct).AsTask());
        Assert.Equal(1, fetcher.Calls);

        fetcher.SucceedFromNowOn();
        clock.Advance(RefreshingCredentialProvider.FailureHold);

        Assert.Equal("AKID1", (await provider.GetAsync(Ct)).SecretId);
        Assert.Equal(2, fetcher.Calls);
    }

    [Fact]
    public async Task An_answer_that_has_already_expired_is_refused_with_its_expiry()
    {
        fetcher.NextLifetime = TimeSpan.FromSeconds(-5);

        var error = await Assert.ThrowsAsync<CredentialSourceException>(() => provider.GetAsync(Ct).AsTask());

        Assert.Contains("answered credentials that expire at 2026-03-01T07:59:55.0000000+00:00, already past", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renewing_rejected_keys_fetches_at_once_but_keys_another_poll_renewed_already_are_kept()
    {
        var first = await provider.GetAsync(Ct);

        Assert.True(await provider.RenewAsync(first.SecretId, Ct));
        Assert.Equal(2, fetcher.Calls);
        Assert.True(await provider.RenewAsync(first.SecretId, Ct)); // a second refusal of the same old key
        Assert.Equal(2, fetcher.Calls);
        Assert.Equal("AKID2", (await provider.GetAsync(Ct)).SecretId);
    }

    public void Dispose() => provider.Dispose();

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
            await Task.Delay(10, Ct);
        Assert.True(await condition());
    }

    /// <summary>Hands out AKID1, AKID2 ... each valid for <see cref="NextLifetime"/>, or fails as told.</summary>
    private sealed class ScriptedFetcher(TimeProvider clock) : ITemporaryCredentialFetcher
    {
        private TaskCompletionSource? gate;
        private string? failure;
        private int calls, issued;

        public TimeSpan NextLifetime { get; set; } = Lifetime;

        public int Calls => Volatile.Read(ref calls);

        public string Description => "scripted";

        public void Hold() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => gate!.SetResult();

        public void FailFromNowOn(string message) => failure = message;

        public void SucceedFromNowOn() => failure = null;

        public async Task WaitForCallsAsync(int count)
        {
            for (var i = 0; i < 200 && Calls < count; i++)
                await Task.Delay(10, Ct);
            Assert.Equal(count, Calls);
        }

        public async Task<TemporaryCredentials> FetchAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            if (gate is { } held)
                await held.Task;
            if (failure is { } message)
                throw new CredentialSourceException(message);
            var n = Interlocked.Increment(ref issued);
            return new TemporaryCredentials(new TencentCredentials($"AKID{n}", $"key{n}", $"token{n}"), clock.GetUtcNow() + NextLifetime);
        }
    }
}
