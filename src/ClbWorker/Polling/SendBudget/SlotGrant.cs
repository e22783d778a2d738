namespace ClbWorker.Polling.SendBudget;

/// <summary>
/// Send slots granted from the shared budget, on the database clock: slot i is due at
/// <see cref="FirstSlotAt"/> + i × <see cref="Spacing"/>.
/// </summary>
public sealed record SlotGrant(int Granted, DateTimeOffset FirstSlotAt, TimeSpan Spacing, DateTimeOffset NextFreeAt, DateTimeOffset DatabaseNow)
{
    public DateTimeOffset SlotAt(int index) => FirstSlotAt + Spacing * index;
}
