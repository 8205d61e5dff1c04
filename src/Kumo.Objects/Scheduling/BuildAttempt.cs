namespace Kumo.Objects.Scheduling;

/// <summary>One failed try at building an instance: the host and what went wrong there (Nova's retry.hosts and exc_reason).</summary>
public sealed record BuildAttempt(string Host, string Error)
{
    /// <summary>The failure in full (type and stack), for the final fault's details (Nova's retry.exc).</summary>
    public string? Traceback { get; init; }

    public override string ToString() => $"{Host}: {Error}";
}
