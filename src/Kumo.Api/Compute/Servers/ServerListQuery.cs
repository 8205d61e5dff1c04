using System.Globalization;
using System.Text.RegularExpressions;
using Kumo.Api.Infrastructure;
using Kumo.Db.Stores;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Microsoft.Extensions.Primitives;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// GET /servers and /servers/detail query parameters as Nova reads them (servers.py _get_servers):
/// name (regex), status, image, flavor, changes-since, reservation_id, ip; for admins all_tenants,
/// tenant_id/project_id and host; limit and marker. Unknown parameters are ignored, as Nova does;
/// admin-only ones are dropped for others.
/// </summary>
public static partial class ServerListQuery
{
    /// <summary>The filter, or null when it can match nothing (an unknown status, an ip filter on a cloud without addresses).</summary>
    public static InstanceFilter? Parse(IQueryCollection query, RequestContext context, int maxLimit, bool detail, Microversion version)
    {
        var filter = new InstanceFilter
        {
            NameRegex = Single(query, "name"),
            ReservationId = Single(query, "reservation_id"),
            FlavorId = Single(query, "flavor"),
            Limit = Limit(query, maxLimit),
            Marker = Single(query, "marker") is { } marker
                ? Guid.TryParse(marker, out var m) ? m : throw ApiException.BadRequest($"marker [{marker}] not found")
                : null,
            ChangesSince = ChangesSince(query),
        };
        if (Single(query, "image") is { } image)
        {
            // An image href is accepted; an id that is no uuid matches no server.
            filter = filter with { ImageRef = Guid.TryParse(image.TrimEnd('/').Split('/')[^1], out var id) ? id : Guid.Empty };
        }
        if (version.AtLeast("2.26"))
        {
            filter = filter with
            {
                Tags = TagList(query, "tags"),
                TagsAny = TagList(query, "tags-any"),
                NotTags = TagList(query, "not-tags"),
                NotTagsAny = TagList(query, "not-tags-any"),
            };
        }
        if (query.ContainsKey("ip") || query.ContainsKey("ip6"))
        {
            return null; // servers have no addresses until networking exists
        }
        filter = Scope(query, context, filter, detail);
        return query.TryGetValue("status", out var statuses) ? WithStatus(filter, statuses, context) : filter;
    }

    private static InstanceFilter Scope(IQueryCollection query, RequestContext context, InstanceFilter filter, bool detail)
    {
        var allTenants = AllTenants(query);
        if (allTenants && !context.IsAdmin)
        {
            throw ApiException.Forbidden($"Policy doesn't allow os_compute_api:servers:{(detail ? "detail" : "index")}:get_all_tenants to be performed.");
        }
        if (!context.IsAdmin)
        {
            return filter with { ProjectId = context.ProjectId };
        }
        var project = Single(query, "project_id") ?? Single(query, "tenant_id");
        return filter with
        {
            ProjectId = allTenants ? project : project ?? context.ProjectId,
            Host = Single(query, "host"),
        };
    }

    private static bool AllTenants(IQueryCollection query)
    {
        if (!query.TryGetValue("all_tenants", out var values))
        {
            return false;
        }
        var value = values.ToString();
        return value.ToLowerInvariant() switch
        {
            "" or "1" or "true" or "t" or "yes" or "y" or "on" => true,
            "0" or "false" or "f" or "no" or "n" or "off" => false,
            _ => throw ApiException.BadRequest($"Invalid input for query parameters all_tenants. Value: {value}. '{value}' is not a valid boolean"),
        };
    }

    /// <summary>Nova's task_and_vm_state_from_status: a status that is the default of its vm_state filters on the vm_state alone.</summary>
    private static InstanceFilter? WithStatus(InstanceFilter filter, StringValues statuses, RequestContext context)
    {
        var vmStates = new HashSet<VmState>();
        var taskStates = new HashSet<TaskState?>();
        var anyDefault = false;
        foreach (var status in statuses.SelectMany(s => (s ?? "").Split(',')).Select(s => s.Trim().ToUpperInvariant()))
        {
            switch (status)
            {
                case "REBOOT":
                    vmStates.Add(VmState.Active);
                    taskStates.Add(TaskState.Rebooting);
                    break;
                case "HARD_REBOOT":
                    vmStates.Add(VmState.Active);
                    taskStates.Add(TaskState.RebootingHard);
                    break;
                default:
                    var match = Enum.GetValues<VmState>().Where(v => ServerStatus.From(v, null) == status).ToList();
                    vmStates.UnionWith(match);
                    anyDefault |= match.Count > 0;
                    break;
            }
        }
        if (vmStates.Count == 0)
        {
            return null; // before 2.38 an unknown status lists nothing
        }
        if (vmStates.Contains(VmState.Deleted))
        {
            if (!context.IsAdmin)
            {
                throw ApiException.Forbidden("Only administrators may list deleted instances");
            }
            filter = filter with { IncludeDeleted = true };
        }
        return filter with { VmStates = vmStates, TaskStates = anyDefault ? null : taskStates };
    }

    private static int Limit(IQueryCollection query, int maxLimit)
    {
        if (Single(query, "limit") is not { } text)
        {
            return maxLimit;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
        {
            throw ApiException.BadRequest($"Invalid input for query parameters limit. Value: {text}. '{text}' does not match '^[0-9]*$'");
        }
        return Math.Min(limit, maxLimit);
    }

    private static DateTimeOffset? ChangesSince(IQueryCollection query)
    {
        if (Single(query, "changes-since") is not { } text)
        {
            return null;
        }
        // Nova checks the 'date-time' format with iso8601's parser: 2011-01-01, 2011-01-01T10:00:00.5+01:00
        // and the like; DateTimeOffset alone would also take 2011/01/01 or 01/01/2011, which Nova refuses.
        return IsoDateTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            ? since
            : throw ApiException.BadRequest($"Invalid input for query parameters changes-since. Value: {text}. '{text}' is not a 'date-time'");
    }

    /// <summary>A comma-separated tag list (Nova's tags filters).</summary>
    private static IReadOnlyCollection<string>? TagList(IQueryCollection query, string name) =>
        Single(query, name) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;

    /// <summary>The last value of a repeated parameter, as Nova's single-valued filters take it.</summary>
    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    /// <summary>An ISO 8601 calendar date, optionally with a time (T or space), decimal fraction and zone (Z or ±hh[:mm]).</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoDateTime();
}
