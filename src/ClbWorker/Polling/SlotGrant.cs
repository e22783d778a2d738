namespace ClbWorker.Polling;

/// <summary>
/// Send slots granted from the shared budget: slot i is due <see cref="FirstSlotIn"/> + i × <see cref="Spacing"/>
/// after the grant was made (offsets, so that clocks of different hosts need not agree).
/// </summary>
public sealed record SlotGrant(int Granted, TimeSpan FirstSlotIn, TimeSpan Spacing, TimeSpan NextFreeIn)
{
    public TimeSpan SlotIn(int index) => FirstSlotIn + Spacing * index;
}
