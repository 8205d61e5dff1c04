using System.Text.Json.Nodes;
using Kumo.Cli.Client;

namespace Kumo.Cli.Commands;

/// <summary>--property key=value, as openstackclient's KeyValueAction.</summary>
internal static class KeyValues
{
    public static JsonObject Parse(string option, IEnumerable<string> pairs)
    {
        var result = new JsonObject();
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=');
            if (at <= 0)
            {
                throw new CliException($"{option} takes key=value, not '{pair}'.");
            }
            result[pair[..at]] = pair[(at + 1)..];
        }
        return result;
    }
}
