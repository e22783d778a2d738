using System.Security.Cryptography;

namespace ClbWorker.Development;

/// <summary>
/// The local cluster's superuser password, kept in <c>superuser.password</c> in the cluster folder. A password rather
/// than "trust" authentication, because with trust any local user or process could connect as superuser; the file
/// is created 0600 in a folder made 0700, so only the folder's owner (and root) can read it.
/// </summary>
internal static class SuperuserPasswordFile
{
    private const string FileName = "superuser.password";

    public static string PathIn(string clusterDirectory) => Path.Combine(clusterDirectory, FileName);

    /// <summary>Generates a password (192 random bits, hex so that it needs no quoting) and writes it.</summary>
    public static async Task<string> CreateAsync(string clusterDirectory, CancellationToken cancellationToken)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(clusterDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            // Set at creation, so the file is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var writer = new StreamWriter(PathIn(clusterDirectory), options);
        await writer.WriteAsync(password.AsMemory(), cancellationToken);
        return password;
    }

    public static string Read(string clusterDirectory) =>
        File.Exists(PathIn(clusterDirectory))
            ? File.ReadAllText(PathIn(clusterDirectory)).Trim()
            : throw new InvalidOperationException(
                $"The PostgreSQL cluster in {clusterDirectory} has no {FileName} file, so ClbWorker cannot log in. "
                + "Stop that server and delete the folder to have a new cluster created.");
}
