using ClbWorker.Tencent;
using ClbWorker.Tencent.Credentials;

namespace ClbWorker.UnitTests.Tencent.Credentials;

public sealed class ProfileFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("clbworker-profile-").FullName;

    private string Write(string content)
    {
        var path = Path.Combine(folder, "credentials");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void The_named_section_gives_the_key_pair_comments_and_other_sections_aside()
    {
        var path = Write("""
            # written by tccli
            [default]
            secret_id = AKIDdefault
            secret_key = default-key

            [Prod]
            ; the production sub-account
            secret_id=AKIDprod
            secret_key=prod-key
            token = prod-token
            """);

        Assert.Equal(new TencentCredentials("AKIDdefault", "default-key"), ProfileFile.Read(path, "default", "k").Credentials);
        Assert.Equal(new TencentCredentials("AKIDprod", "prod-key", "prod-token"), ProfileFile.Read(path, "prod", "k").Credentials);
    }

    [Fact]
    public void A_missing_file_names_the_key_the_path_and_what_is_allowed()
    {
        var path = Path.Combine(folder, "absent");

        var (credentials, problem) = ProfileFile.Read(path, "default", "Tencent:Credentials:ProfileFile");

        Assert.Null(credentials);
        Assert.Equal($"Tencent:Credentials:ProfileFile names '{path}', which does not exist; allowed: a readable INI file with a "
            + "[<ProfileName>] section holding secret_id and secret_key (tccli configure writes one).", problem);
    }

    [Fact]
    public void A_file_without_the_section_or_a_key_says_which_and_never_quotes_a_value()
    {
        var path = Write("[default]\nsecret_id = AKIDx\nsecret_key = the-secret\n[other]\nsecret_id = AKIDy\n");

        Assert.Contains("has no [prod] section", ProfileFile.Read(path, "prod", "k").Problem, StringComparison.Ordinal);
        var lacking = ProfileFile.Read(path, "other", "k").Problem!;
        Assert.Contains("[other] section lacks secret_key", lacking, StringComparison.Ordinal);
        Assert.DoesNotContain("the-secret", lacking, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_in_place_of_the_file_cannot_be_read()
    {
        var (credentials, problem) = ProfileFile.Read(folder, "default", "TENCENTCLOUD_CREDENTIALS_FILE");

        Assert.Null(credentials);
        Assert.StartsWith($"TENCENTCLOUD_CREDENTIALS_FILE names '{folder}'", problem, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
