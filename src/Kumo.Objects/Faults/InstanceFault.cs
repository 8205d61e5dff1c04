namespace Kumo.Objects.Faults;

/// <summary>Why an instance failed, as the API shows it in the server's "fault".</summary>
public sealed record InstanceFault
{
    public long Id { get; init; }
    public required Guid InstanceUuid { get; init; }
    public required int Code { get; init; }
    public required string Message { get; init; }
    /// <summary>The full error (exception chain and stack), for operators.</summary>
    public string? Details { get; init; }
    public string? Host { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
