namespace ClbWorker.Tencent.Client;

/// <summary>A request reached the wire after its send deadline and was not sent.</summary>
public sealed class SendSlotMissedException : Exception
{
    public SendSlotMissedException()
    {
    }

    public SendSlotMissedException(string message) : base(message)
    {
    }

    public SendSlotMissedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SendSlotMissedException(TimeSpan lateness)
        : base($"The request was {lateness.TotalMilliseconds:0.#} ms past its send deadline and was not sent.") => Lateness = lateness;

    public TimeSpan Lateness { get; }
}
