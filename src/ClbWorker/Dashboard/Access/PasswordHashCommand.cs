namespace ClbWorker.Dashboard.Access;

/// <summary>
/// <c>ClbWorker --hash-password</c>: reads a password from standard input (first line) and prints its
/// <see cref="PasswordHash"/> for <c>Dashboard:Users:&lt;n&gt;:PasswordHash</c>. The password is never an argument, so it
/// stays out of shell history and process lists.
/// </summary>
public static class PasswordHashCommand
{
    public const string Flag = "--hash-password";

    /// <returns>True when the arguments asked for this command (it then ran, and the program should exit).</returns>
    public static bool TryRun(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!args.Contains(Flag, StringComparer.Ordinal))
            return false;
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!Console.IsInputRedirected && ReferenceEquals(input, Console.In))
            error.Write("Password (input is shown; pipe it in to hide it): ");
        var password = input.ReadLine() ?? "";
        if (password.Length is < DashboardOptionsValidator.MinPasswordLength or > DashboardOptionsValidator.MaxPasswordLength)
        {
            error.WriteLine($"The password is {password.Length} characters; it must be {DashboardOptionsValidator.MinPasswordLength} "
                + $"to {DashboardOptionsValidator.MaxPasswordLength}. Nothing was printed.");
            Environment.ExitCode = 2;
            return true;
        }
        output.WriteLine(PasswordHash.Create(password));
        return true;
    }
}
