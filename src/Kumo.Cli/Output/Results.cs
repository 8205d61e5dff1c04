namespace Kumo.Cli.Output;

/// <summary>What a list command prints: rows under named columns (cliff's Lister).</summary>
public sealed record Listing(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>What a show command prints: field/value pairs (cliff's ShowOne).</summary>
public sealed record ShowOne(IReadOnlyList<KeyValuePair<string, object?>> Fields)
{
    public static ShowOne Sorted(IEnumerable<KeyValuePair<string, object?>> fields) =>
        new(fields.OrderBy(f => f.Key, StringComparer.Ordinal).ToList());
}
