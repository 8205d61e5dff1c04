namespace Kumo.Virt.Fake;

/// <summary>
/// The fake driver's settings in `kumo serve` (Fake:SpawnDelay): control-plane runs and the crash
/// recovery tests need builds that stay in flight for a while in a service of their own.
/// </summary>
public sealed class FakeDriverOptions
{
    /// <summary>How long each spawn takes (zero: at once).</summary>
    public TimeSpan SpawnDelay { get; set; } = TimeSpan.Zero;
}
