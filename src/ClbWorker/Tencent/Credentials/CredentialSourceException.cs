namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// A credential source could not give usable credentials. The message is the source's own error (what it asked, what
/// answered): it goes to logs, the account's pause and the dashboard, so it never holds a key, a token or an answer body.
/// </summary>
public sealed class CredentialSourceException : Exception
{
    public CredentialSourceException()
    {
    }

    public CredentialSourceException(string message) : base(message)
    {
    }

    public CredentialSourceException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
