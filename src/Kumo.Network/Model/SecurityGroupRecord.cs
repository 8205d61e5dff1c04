namespace Kumo.Network.Model;

/// <summary>A security group; its rules are <see cref="SecurityGroupRuleRecord"/> rows of their own.</summary>
public sealed record SecurityGroupRecord
{
    public const string DefaultName = "default";

    public required Guid Id { get; init; }
    public required string ProjectId { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public bool Stateful { get; init; } = true;
    public IReadOnlyList<string> Tags { get; init; } = [];
    public long RevisionNumber { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
