namespace ClbWorker.UnitTests.Deployment;

internal enum SettingKind
{
    /// <summary>A leaf that takes a value.</summary>
    Value,
    Section,
    Dictionary,
    List,
    Open,
}
