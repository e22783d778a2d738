using ClbWorker.Polling;
using ClbWorker.Polling.Decisions;
using ClbWorker.Tasks;
using ClbWorker.Tencent.Client;

namespace ClbWorker.UnitTests.Polling;

public class PollOutcomePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly PollingOptions Options = new() { Jitter = 0 };
    private readonly PollOutcomePolicy policy = new(Options);

    private static ClaimedTask Task(int attempts = 0) =>
        new(42, "55c85074-3e7f-4c6d-864f-673660d4f8de", "ap-guangzhou", "default", attempts, Now.AddMinutes(-5), null, null);

    [Fact]
    public void Status_0_is_final_success_with_the_answers_request_id()
    {
        var d = policy.Decide(Task(), new TaskStatusReported(ClbTaskStatus.Succeeded, "req-1"), Now, 0.5);

        Assert.Equal(new TaskUpdate(42, TaskStates.Succeeded, 0, null, null, "req-1", 1, TimeSpan.Zero, Now), d.Update);
        Assert.Null(d.Pause);
        Assert.False(d.RateLimited);
    }

    [Fact]
    public void Status_1_is_final_failure()
    {
        var d = policy.Decide(Task(), new TaskStatusReported(ClbTaskStatus.Failed, "req-2"), Now, 0.5);

        Assert.Equal(TaskStates.Failed, d.Update.State);
        Assert.Equal((short)1, d.Update.LastStatus);
        Assert.Equal("req-2", d.Update.RequestId);
    }

    [Fact]
    public void Status_2_reschedules_with_backoff_and_counts_the_attempt()
    {
        var d = policy.Decide(Task(attempts: 2), new TaskStatusReported(ClbTaskStatus.Running, "req-3"), Now, 0.5);

        Assert.Equal(TaskStates.Pending, d.Update.State);
        Assert.Equal((short)2, d.Update.LastStatus);
        Assert.Equal(1, d.Update.AttemptIncrement);
        Assert.Equal(TimeSpan.FromSeconds(4), d.Update.NextPollIn);
        Assert.Equal(Now, d.Update.PolledAt);
    }

    [Theory]
    [InlineData("InvalidParameter")]
    [InlineData("InvalidParameter.RegionNotFound")]
    [InlineData("InvalidParameterValue")]
    [InlineData("MissingParameter")]
    [InlineData("UnsupportedRegion")]
    [InlineData("ResourceNotFound")]
    public void Request_errors_make_the_task_invalid_with_code_and_message(string code)
    {
        var d = policy.Decide(Task(), new ApiErrorReported(code, "bad task", "req-4"), Now, 0.5);

        Assert.Equal(new TaskUpdate(42, TaskStates.Invalid, null, code, "bad task", "req-4", 1, TimeSpan.Zero, Now), d.Update);
    }

    [Theory]
    [InlineData("RequestLimitExceeded")]
    [InlineData("RequestLimitExceeded.UinLimitExceeded")]
    [InlineData("RequestLimitExceeded.GlobalRegionUinLimitExceeded")]
    public void Rate_limit_answers_slow_the_key_and_do_not_count_an_attempt(string code)
    {
        var d = policy.Decide(Task(attempts: 3), new ApiErrorReported(code, "slow down", "req-5"), Now, 0.5);

        Assert.True(d.RateLimited);
        Assert.Equal(0, d.Update.AttemptIncrement);
        Assert.Equal(TaskStates.Pending, d.Update.State);
        Assert.Equal(Options.RateLimitCooldown, d.Update.NextPollIn);
        Assert.Null(d.Update.PolledAt);
    }

    [Theory]
    [InlineData("AuthFailure.SignatureFailure", "credentials")]
    [InlineData("AuthFailure.SecretIdNotFound", "credentials")]
    [InlineData("UnauthorizedOperation", "credentials")]
    [InlineData("AuthFailure.SignatureExpire", "clock_skew")]
    [InlineData("IpInBlacklist", "network_policy")]
    [InlineData("IpNotInWhitelist", "network_policy")]
    [InlineData("InvalidAction", "client_misbuilt")]
    [InlineData("NoSuchVersion", "client_misbuilt")]
    public void Account_level_refusals_pause_the_account_and_leave_the_task_untouched(string code, string reason)
    {
        var d = policy.Decide(Task(attempts: 3), new ApiErrorReported(code, "refused", "req-6"), Now, 0.5);

        Assert.Equal(PollOutcomePolicy.Release(Task(attempts: 3)), d.Update);
        Assert.NotNull(d.Pause);
        Assert.Equal(reason, d.Pause.Reason);
        Assert.Equal(code, d.Pause.ErrorCode);
        Assert.Equal("default", d.Pause.Account);
    }

    [Fact]
    public void Clock_skew_is_reported_as_a_clock_problem()
    {
        var d = policy.Decide(Task(), new ApiErrorReported("AuthFailure.SignatureExpire", "expired", "r"), Now, 0.5);

        Assert.Contains("clock", d.Pause!.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<DescribeTaskStatusResult, string> TransientResults => new()
    {
        { new ApiErrorReported("InternalError", "oops", "r"), "InternalError" },
        { new ApiErrorReported("FailedOperation", "busy", "r"), "FailedOperation" },
        { new ApiErrorReported("ResourceInUse", "busy", "r"), "ResourceInUse" },
        { new HttpErrorReceived(502, "<html>Bad Gateway</html>"), "HttpStatus502" },
        { new RequestTimedOut(TimeSpan.FromSeconds(10)), "Timeout" },
        { new ConnectionFailed("refused"), "ConnectionFailed" },
        { new MalformedResponse("not JSON"), "MalformedResponse" },
    };

    [Theory]
    [MemberData(nameof(TransientResults))]
    public void Transient_failures_are_retried_with_backoff_counting_the_attempt_and_keeping_the_error(DescribeTaskStatusResult result, string code)
    {
        var d = policy.Decide(Task(attempts: 1), result, Now, 0.5);

        Assert.Equal(TaskStates.Pending, d.Update.State);
        Assert.Equal(1, d.Update.AttemptIncrement);
        Assert.Equal(code, d.Update.ErrorCode);
        Assert.False(string.IsNullOrEmpty(d.Update.ErrorMessage));
        Assert.Equal(TimeSpan.FromSeconds(2), d.Update.NextPollIn);
        Assert.Null(d.Pause);
    }

    [Fact]
    public void A_credential_source_that_failed_pauses_the_account_with_its_own_error_and_leaves_the_task_untouched()
    {
        var d = policy.Decide(Task(attempts: 3), new CredentialsUnavailable("STS AssumeRole at https://sts.tencentcloudapi.com answered InternalError: busy."), Now, 0.5);

        Assert.Equal(new AccountPauseRequest("default", "credentials", "CredentialsUnavailable",
            "STS AssumeRole at https://sts.tencentcloudapi.com answered InternalError: busy."), d.Pause);
        Assert.Equal(PollOutcomePolicy.Release(Task()), d.Update);
    }

    [Fact]
    public void LoadBalancerIds_and_Message_of_the_answer_go_into_the_update_whatever_the_status()
    {
        var failed = policy.Decide(Task(), new TaskStatusReported(ClbTaskStatus.Failed, "req-1", ["lb-1"], "insufficient balance"), Now, 0.5);
        var running = policy.Decide(Task(), new TaskStatusReported(ClbTaskStatus.Running, "req-2", ["lb-2"], null), Now, 0.5);

        Assert.Equal(["lb-1"], failed.Update.LoadBalancerIds!);
        Assert.Equal("insufficient balance", failed.Update.Message);
        Assert.Equal(["lb-2"], running.Update.LoadBalancerIds!);
        Assert.Null(running.Update.Message);
    }
    [Fact]
    public void A_poll_this_process_failed_to_make_is_an_attempt_with_the_error_retried_with_backoff()
    {
        var d = policy.Faulted(Task(attempts: 1), new InvalidOperationException("a bug"), Now, 0.5);

        Assert.Equal((TaskStates.Pending, 1, "WorkerFault", TimeSpan.FromSeconds(2)),
            (d.Update.State, d.Update.AttemptIncrement, d.Update.ErrorCode, d.Update.NextPollIn));
        Assert.Contains("a bug", d.Update.ErrorMessage, StringComparison.Ordinal);
    }
}
