namespace Kumo.Db.Tests.Support;

/// <summary>A clock the test moves by hand, so stored timestamps are exact and ordered.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    // Sub-millisecond ticks on purpose: the stores must keep full DateTimeOffset precision.
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567);

    private DateTimeOffset _now = Start;

    public override DateTimeOffset GetUtcNow() => _now;

    public DateTimeOffset Advance(TimeSpan by) => _now += by;

    public DateTimeOffset Advance() => Advance(TimeSpan.FromSeconds(1));
}
