using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db.Stores;
using Kumo.Objects.Quotas;

namespace Kumo.Api.Compute.Quotas;

/// <summary>
/// Which quota resources a microversion shows (the network proxies go at 2.36, file injection at 2.57)
/// and the quota set views of os-quota-sets and os-quota-class-sets.
/// </summary>
public static class QuotaView
{
    public static IEnumerable<string> Resources(Microversion version) => QuotaResources.Defaults.Select(d => d.Key)
        .Where(r => !(version.AtLeast("2.36") && QuotaResources.NetworkProxies.Contains(r)))
        .Where(r => !(version.AtLeast("2.57") && QuotaResources.Injection.Contains(r)));

    public static JsonObject Set(string? id, IReadOnlyDictionary<string, int> limits, Microversion version)
    {
        var view = new JsonObject();
        if (id is not null)
        {
            view["id"] = id;
        }
        foreach (var resource in Resources(version))
        {
            view[resource] = limits[resource];
        }
        return view;
    }

    public static JsonObject Detail(string id, IReadOnlyDictionary<string, int> limits, IReadOnlyDictionary<string, int> inUse, Microversion version)
    {
        var view = new JsonObject { ["id"] = id };
        foreach (var resource in Resources(version))
        {
            view[resource] = new JsonObject
            {
                ["limit"] = limits[resource],
                ["in_use"] = inUse.GetValueOrDefault(resource),
                ["reserved"] = 0,
            };
        }
        return view;
    }

    /// <summary>What each enforced resource holds now (instances, cores, ram of the project; the caller's key pairs).</summary>
    public static async Task<IReadOnlyDictionary<string, int>> InUseAsync(IQuotaStore quotas, IKeyPairStore keyPairs, string projectId, string? userId,
        CancellationToken cancellationToken)
    {
        var usage = await quotas.GetUsageAsync(projectId, cancellationToken);
        return new Dictionary<string, int>
        {
            [QuotaResources.Instances] = usage.Instances,
            [QuotaResources.Cores] = usage.Cores,
            [QuotaResources.Ram] = usage.Ram,
            [QuotaResources.KeyPairs] = userId is null ? 0 : await keyPairs.CountAsync(userId, cancellationToken),
        };
    }

    /// <summary>
    /// An update body ({"quota_set": {resource: limit, "force": bool}}) as Nova's quota_sets schema reads
    /// it: limits are integers from -1 (unlimited), digit strings allowed; unknown resources are a 400.
    /// </summary>
    public static (Dictionary<string, int> Limits, bool Force) ParseUpdate(JsonObject body, string wrapper, Microversion version, bool allowForce)
    {
        ValidationErrors.RejectUnknown(body, "", wrapper);
        var set = ValidationErrors.RequireObject(body, wrapper);
        var resources = Resources(version).ToHashSet();
        var limits = new Dictionary<string, int>();
        var force = false;
        foreach (var (name, node) in set)
        {
            if (allowForce && name == "force")
            {
                force = ValidationErrors.Boolean("force", node);
            }
            else if (resources.Contains(name))
            {
                limits[name] = (int)ValidationErrors.Integer(name, node, -1, int.MaxValue);
            }
            else
            {
                throw ApiException.BadRequest($"Invalid input for field/attribute {wrapper}. Additional properties are not allowed ('{name}' was unexpected)");
            }
        }
        return (limits, force);
    }
}
