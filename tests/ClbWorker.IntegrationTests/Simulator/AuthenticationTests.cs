using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task Tampered_body_answers_SignatureFailure()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { SignedBody = """{"TaskId":"something-else"}""" });

        Assert.Equal("AuthFailure.SignatureFailure", answer.ErrorCode);
    }

    [Fact]
    public async Task Signature_made_with_the_wrong_key_answers_SignatureFailure()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { SigningKey = "not-the-key" });

        Assert.Equal("AuthFailure.SignatureFailure", answer.ErrorCode);
    }

    [Theory]
    [InlineData(-360)]
    [InlineData(360)]
    public async Task Timestamp_six_minutes_off_answers_SignatureExpire(int offsetSeconds)
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        var now = sim.Time.GetUtcNow().ToUnixTimeSeconds();

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { Timestamp = now + offsetSeconds });

        Assert.Equal("AuthFailure.SignatureExpire", answer.ErrorCode);
    }

    [Fact]
    public async Task Timestamp_four_minutes_old_is_accepted()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        var now = sim.Time.GetUtcNow().ToUnixTimeSeconds();

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { Timestamp = now - 240 });

        Assert.Null(answer.ErrorCode);
    }

    [Fact]
    public async Task Unknown_SecretId_answers_SecretIdNotFound()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        var stranger = new SimulatorCredential { SecretId = "AKIDSTRANGER", SecretKey = "k" };

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = stranger });

        Assert.Equal("AuthFailure.SecretIdNotFound", answer.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("TC3-HMAC-SHA256 Credential=AKIDTESTPRIMARY00000000000000000000/2025-03-01/clb, Signature=ab")]
    public async Task Missing_or_malformed_authorization_answers_InvalidAuthorization(string header)
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { RewriteAuthorization = _ => header });

        Assert.Equal("AuthFailure.InvalidAuthorization", answer.ErrorCode);
    }

    [Fact]
    public async Task Host_signed_without_the_port_is_accepted()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { SignedHost = sim.BaseAddress.Host });

        Assert.Null(answer.ErrorCode);
        Assert.Equal(2, answer.Status);
    }

    [Fact]
    public async Task Host_other_than_the_one_sent_answers_SignatureFailure()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { SignedHost = "clb.tencentcloudapi.com" });

        Assert.Equal("AuthFailure.SignatureFailure", answer.ErrorCode);
    }

    [Fact]
    public async Task Signing_the_action_header_as_well_is_accepted()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { SignAction = true });

        Assert.Null(answer.ErrorCode);
    }

    [Fact]
    public async Task Content_type_signed_differently_from_the_one_sent_answers_SignatureFailure()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { SignedContentType = "application/json" });

        Assert.Equal("AuthFailure.SignatureFailure", answer.ErrorCode);
    }

    [Theory]
    [InlineData("/clb/", "/cvm/")]
    [InlineData("/2025-03-01/", "/2025-02-28/")]
    public async Task Credential_scope_with_another_service_or_date_answers_SignatureFailure(string from, string to)
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { RewriteAuthorization = a => a.Replace(from, to, StringComparison.Ordinal) });

        Assert.Equal("AuthFailure.SignatureFailure", answer.ErrorCode);
        Assert.Contains(to.Trim('/'), answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("session-token-2")]
    public async Task Temporary_credential_without_its_token_answers_TokenFailure(string? token)
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = TestCredentials.Temporary, Token = token });

        Assert.Equal("AuthFailure.TokenFailure", answer.ErrorCode);
    }

    [Fact]
    public async Task Temporary_credential_with_its_token_is_accepted()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = TestCredentials.Temporary, Token = "session-token-1" });

        Assert.Null(answer.ErrorCode);
    }

    [Fact]
    public async Task Authentication_is_checked_before_version_action_and_parameters()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(new SignedCall { Action = "Nope", Version = "1999-01-01", Body = "[]", SigningKey = "wrong" });

        Assert.Equal("AuthFailure.SignatureFailure", answer.ErrorCode);
    }
}
