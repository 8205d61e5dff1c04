using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Kumo.Cli.Output;

/// <summary>
/// Prints a <see cref="Listing"/> or <see cref="ShowOne"/> as cliff does for -f table|json|value|yaml
/// and -c. Every string reaches the terminal through <see cref="TerminalText"/>; JSON escapes
/// control characters itself.
/// </summary>
public sealed class Formatter(string format, IReadOnlyList<string> columns)
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Default };

    public void Write(TextWriter output, Listing listing)
    {
        var keep = Selected(listing.Columns);
        var names = keep.Select(i => listing.Columns[i]).ToList();
        var rows = listing.Rows.Select(r => keep.Select(i => r[i]).ToArray()).ToList();
        switch (format)
        {
            case "json":
                output.WriteLine(new JsonArray(rows.Select(r => (JsonNode?)Object(names, r)).ToArray()).ToJsonString(_json));
                break;
            case "yaml":
                output.Write(Yaml(rows.Select(r => Mapping(names, r)).ToList()));
                break;
            case "value":
                rows.ForEach(r => output.WriteLine(string.Join(' ', r.Select(Text))));
                break;
            default:
                if (rows.Count > 0)
                {
                    output.Write(AsciiTable.Render(names, rows.Select(r => r.Select(Text).ToArray()).ToList()));
                }
                break;
        }
    }

    public void Write(TextWriter output, ShowOne show)
    {
        var keep = Selected(show.Fields.Select(f => f.Key).ToList());
        var fields = keep.Select(i => show.Fields[i]).ToList();
        var names = fields.Select(f => f.Key).ToList();
        var values = fields.Select(f => f.Value).ToArray();
        switch (format)
        {
            case "json":
                output.WriteLine(Object(names, values).ToJsonString(_json));
                break;
            case "yaml":
                output.Write(Yaml(Mapping(names, values)));
                break;
            case "value":
                values.Select(Text).ToList().ForEach(output.WriteLine);
                break;
            default:
                output.Write(AsciiTable.Render(["Field", "Value"], fields.Select(f => new[] { Text(f.Key), Text(f.Value) }).ToList()));
                break;
        }
    }

    /// <summary>The indexes of the -c columns, in the command's order; all when none given. cliff ignores unknown names unless none is known.</summary>
    private List<int> Selected(IReadOnlyList<string> available)
    {
        if (columns.Count == 0)
        {
            return Enumerable.Range(0, available.Count).ToList();
        }
        var keep = Enumerable.Range(0, available.Count).Where(i => columns.Contains(available[i], StringComparer.Ordinal)).ToList();
        if (keep.Count == 0)
        {
            var asked = string.Join(", ", columns.Select(c => $"'{TerminalText.Safe(c)}'"));
            throw new Client.CliException($"No recognized column names in [{asked}]. Recognized columns are ({string.Join(", ", available.Select(a => $"'{a}'"))}).");
        }
        return keep;
    }

    /// <summary>A cell as openstackclient shows it: None for null, True/False, key='value' for a mapping.</summary>
    internal static string Text(object? value) => TerminalText.Safe(value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => s,
        JsonObject o => Pairs(o),
        JsonArray a when a.All(e => e is JsonObject) => string.Join("\n", a.Select(e => Pairs((JsonObject)e!))),
        JsonArray a => string.Join(", ", a.Select(Plain)),
        JsonNode n => Plain(n),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    }, keepLineBreaks: true).Replace("\t", "\\t", StringComparison.Ordinal);

    private static string Pairs(JsonObject o) => string.Join(", ", o.Select(p => $"{p.Key}='{Plain(p.Value)}'"));

    private static string Plain(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
        _ => node.ToJsonString(),
    };

    private static JsonObject Object(List<string> names, object?[] values)
    {
        var json = new JsonObject();
        for (var i = 0; i < names.Count; i++)
        {
            json[names[i]] = values[i] switch
            {
                null => null,
                JsonNode n => n.DeepClone(),
                var v => JsonSerializer.SerializeToNode(v),
            };
        }
        return json;
    }

    private static Dictionary<string, object?> Mapping(List<string> names, object?[] values)
    {
        var map = new Dictionary<string, object?>();
        for (var i = 0; i < names.Count; i++)
        {
            map[TerminalText.Safe(names[i])] = YamlValue(values[i]);
        }
        return map;
    }

    private static object? YamlValue(object? value) => value switch
    {
        null => null,
        string s => TerminalText.Safe(s, keepLineBreaks: true),
        JsonObject o => o.ToDictionary(p => TerminalText.Safe(p.Key), p => YamlValue(p.Value)),
        JsonArray a => a.Select(YamlValue).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => TerminalText.Safe(s, keepLineBreaks: true),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => value,
    };

    private static string Yaml(object value) => new SerializerBuilder().Build().Serialize(value);
}
