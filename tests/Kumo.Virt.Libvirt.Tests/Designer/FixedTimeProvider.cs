namespace Kumo.Virt.Libvirt.Tests.Designer;

/// <summary>A clock that always says the same time, so designed XML is byte-for-byte stable.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
