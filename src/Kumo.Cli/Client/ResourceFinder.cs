using System.Text.Json.Nodes;
using Kumo.Client.Errors;

namespace Kumo.Cli.Client;

/// <summary>
/// Names or ids, as openstackclient's find_resource: the id first, then an exact name among the list;
/// no match or two matches is an error that says which.
/// </summary>
public static class ResourceFinder
{
    public static async Task<JsonObject> FindAsync(string kind, string nameOrId, Func<string, CancellationToken, Task<JsonObject>> get,
        Func<CancellationToken, Task<List<JsonObject>>> list, CancellationToken cancellationToken)
    {
        try
        {
            return await get(nameOrId, cancellationToken);
        }
        catch (OpenStackApiException ex) when (ex.Status is 404 or 400)
        {
            // Not an id of one (Glance answers 400 for a malformed id on some paths): try the names.
        }
        var matches = (await list(cancellationToken)).Where(r => (string?)r["name"] == nameOrId).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException($"No {kind} with a name or ID of '{nameOrId}' exists."),
            _ => throw new CliException($"More than one {kind} exists with the name '{nameOrId}'."),
        };
    }
}
