using System.Text;
using ClbWorker.Tencent;
using ClbWorker.Tencent.Credentials;
using ClbWorker.Tencent.Credentials.Temporary;

namespace ClbWorker.UnitTests.Tencent.Credentials;

public sealed class TemporaryCredentialAnswerTests
{
    private const string What = "STS AssumeRole at https://sts.tencentcloudapi.com";

    private static TemporaryCredentials Sts(string body, int status = 200) => TemporaryCredentialAnswer.FromSts(status, Encoding.UTF8.GetBytes(body), What);

    private static string StsError(string body, int status = 200) =>
        Assert.Throws<CredentialSourceException>(() => Sts(body, status)).Message;

    [Fact]
    public void An_sts_answer_gives_the_keys_the_token_and_the_expiry()
    {
        var answer = Sts("""
            {"Response":{"ExpiredTime":1543914376,"Expiration":"2018-12-04T09:06:16Z",
             "Credentials":{"Token":"tok","TmpSecretId":"AKIDtmp","TmpSecretKey":"tmpkey"},"RequestId":"f6e7"}}
            """);

        Assert.Equal(new TencentCredentials("AKIDtmp", "tmpkey", "tok"), answer.Credentials);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1543914376), answer.ExpiresAt);
    }

    [Fact]
    public void Expiration_serves_when_ExpiredTime_is_absent() =>
        Assert.Equal(new DateTimeOffset(2018, 12, 4, 9, 6, 16, TimeSpan.Zero), Sts("""
            {"Response":{"Expiration":"2018-12-04T09:06:16Z","Credentials":{"Token":"t","TmpSecretId":"i","TmpSecretKey":"k"}}}
            """).ExpiresAt);

    [Fact]
    public void An_error_answer_says_who_answered_the_code_the_message_and_the_request_id() =>
        Assert.Equal($"{What} answered AuthFailure.SecretIdNotFound: The SecretId is not found (RequestId r-9).", StsError("""
            {"Response":{"Error":{"Code":"AuthFailure.SecretIdNotFound","Message":"The SecretId is not found"},"RequestId":"r-9"}}
            """));

    [Theory]
    [InlineData("""{"Response":{"ExpiredTime":1,"Credentials":{"TmpSecretId":"i","TmpSecretKey":"k"}}}""", "Response.Credentials.Token")]
    [InlineData("""{"Response":{"ExpiredTime":1,"Credentials":{"Token":"t","TmpSecretId":"i"}}}""", "Response.Credentials.TmpSecretKey")]
    [InlineData("""{"Response":{"Credentials":{"Token":"t","TmpSecretId":"i","TmpSecretKey":"k"}}}""", "Response.ExpiredTime or Response.Expiration")]
    [InlineData("""{"Response":{"ExpiredTime":1}}""", "without Response.Credentials")]
    [InlineData("""{"Result":{}}""", "without a Response object")]
    public void An_answer_that_lacks_a_field_names_it(string body, string expected) =>
        Assert.Contains(expected, StsError(body), StringComparison.Ordinal);

    [Fact]
    public void Errors_never_quote_the_body_which_holds_the_keys()
    {
        var message = StsError("""{"Response":{"ExpiredTime":"soon","Credentials":{"Token":"secret-token","TmpSecretId":"i","TmpSecretKey":"secret-key"}}}""");

        Assert.DoesNotContain("secret-", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-", StsError("""{"Response":{"Credentials":{"TmpSecretKey":"secret-key" """), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_200_answer_or_one_that_is_not_json_is_refused_by_status_and_size()
    {
        Assert.Equal($"{What} answered HTTP 502.", StsError("<html>bad gateway</html>", status: 502));
        Assert.Equal($"{What} answered something that is not JSON (11 bytes).", StsError("not json at"));
    }

    [Fact]
    public void A_metadata_answer_is_read_flat_and_must_say_Success()
    {
        var body = """{"TmpSecretId":"AKIDcvm","TmpSecretKey":"cvmkey","ExpiredTime":1900000000,"Expiration":"2030-03-17T17:46:40Z","Token":"cvmtok","Code":"Success"}""";

        var answer = TemporaryCredentialAnswer.FromMetadata(200, Encoding.UTF8.GetBytes(body), "metadata");

        Assert.Equal(new TencentCredentials("AKIDcvm", "cvmkey", "cvmtok"), answer.Credentials);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1900000000), answer.ExpiresAt);
        var refused = Assert.Throws<CredentialSourceException>(() =>
            TemporaryCredentialAnswer.FromMetadata(200, Encoding.UTF8.GetBytes(body.Replace("Success", "Fail", StringComparison.Ordinal)), "metadata"));
        Assert.Equal("metadata answered Code Fail instead of Success.", refused.Message);
    }
}
