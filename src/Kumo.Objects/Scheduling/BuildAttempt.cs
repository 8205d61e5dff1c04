namespace Kumo.Objects.Scheduling;

/// <summary>One failed try at building an instance: the host and what went wrong there (Nova's retry.hosts and exc_reason).</summary>
public sealed record BuildAttempt(string Host, string Error)
{
    public override string ToString() => $"{Host}: {Error}";
}
