using ClbWorker.Dashboard.Access;

namespace ClbWorker.UnitTests.Dashboard;

public class PasswordHashTests
{
    // Made with Python: hashlib.pbkdf2_hmac("sha256", b"correct horse battery", bytes(range(16)), 100000), base64.
    private const string PythonHash = "pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=";

    [Fact]
    public void A_hash_made_by_python_hashlib_verifies_its_password_and_no_other()
    {
        Assert.True(PasswordHash.TryParse(PythonHash, out var hash, out var error), error);

        Assert.True(hash.Verify("correct horse battery"));
        Assert.False(hash.Verify("correct horse batterY"));
        Assert.False(hash.Verify(""));
        Assert.Equal(PythonHash, hash.ToString());
    }

    [Fact]
    public void A_created_hash_round_trips_through_its_text_with_a_fresh_salt_each_time()
    {
        var first = PasswordHash.Create("a long enough password", PasswordHash.MinIterations);
        var second = PasswordHash.Create("a long enough password", PasswordHash.MinIterations);

        Assert.True(PasswordHash.TryParse(first.ToString(), out var parsed, out _));
        Assert.True(parsed.Verify("a long enough password"));
        Assert.NotEqual(first.ToString(), second.ToString());
        Assert.StartsWith("pbkdf2-sha256$100000$", first.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not of the form")]
    [InlineData("sha256$100000$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=", "not of the form")]
    [InlineData("pbkdf2-sha256$99999$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=", "iteration count")]
    [InlineData("pbkdf2-sha256$1e6$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=", "iteration count")]
    [InlineData("pbkdf2-sha256$100000$AAECAwQFBgcICQoL$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=", "salt")]
    [InlineData("pbkdf2-sha256$100000$not base64!$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIFF8zbSYZd5DY=", "salt")]
    [InlineData("pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw==$yNEi7NuUd81IprF1DFmFwLiwUVjQQNIF", "hash")]
    public void Malformed_hashes_are_refused_with_what_is_wrong(string text, string reason)
    {
        Assert.False(PasswordHash.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
