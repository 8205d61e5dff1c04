namespace Kumo.Virt.Libvirt.Tests.Storage;

/// <summary>A clock the test moves by hand (kept here so the test project needs no extra package).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
