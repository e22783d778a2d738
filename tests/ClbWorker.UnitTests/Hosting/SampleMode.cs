namespace ClbWorker.UnitTests.Hosting;

public enum SampleMode
{
    Fast,
    Careful,
}
