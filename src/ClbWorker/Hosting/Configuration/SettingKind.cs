namespace ClbWorker.Hosting.Configuration;

/// <summary>What a configuration key holds, as the configuration binder reads it.</summary>
public enum SettingKind
{
    /// <summary>A single value, converted from its text (a number, a duration, a string ...).</summary>
    Value,

    /// <summary>Named keys of its own, those of an options class.</summary>
    Section,

    /// <summary>Entries under names the user chooses (<c>Tencent:Accounts:&lt;name&gt;</c>), all of one shape.</summary>
    Dictionary,

    /// <summary>Entries numbered 0, 1, 2 ... (<c>Webhooks:RetrySchedule:&lt;n&gt;</c>), all of one shape.</summary>
    List,
}
