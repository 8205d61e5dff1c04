using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

public sealed partial class SqlInstanceStore
{
    // Nova's regexes are Python's; .NET's are close enough for names, and a pathological pattern
    // cannot hold a request for long.
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public async Task<IReadOnlyList<Instance>> ListAsync(InstanceFilter filter, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = BuildListQuery(filter);
        var rows = await database.ReadAsync(async connection =>
        {
            if (filter.Marker is { } marker)
            {
                var found = await connection.QuerySingleOrDefaultAsync<MarkerRow>(new CommandDefinition(
                    "SELECT created_at AS CreatedAt, uuid AS Uuid FROM instances WHERE uuid = @Uuid",
                    new { Uuid = DbValues.Id(marker) }, cancellationToken: cancellationToken)).ConfigureAwait(false)
                    ?? throw new MarkerNotFoundException(marker);
                parameters.Add("MarkerCreatedAt", found.CreatedAt);
                parameters.Add("MarkerUuid", found.Uuid);
            }
            return (await connection.QueryAsync<InstanceRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        }, cancellationToken).ConfigureAwait(false);

        IEnumerable<Instance> instances = rows.Select(r => r.ToInstance());
        if (filter.NameRegex is { } pattern)
        {
            var regex = NameRegex(pattern);
            instances = instances.Where(i => regex.IsMatch(i.DisplayName));
            if (filter.Limit is { } limit)
            {
                instances = instances.Take(limit);
            }
        }
        return instances.ToList();
    }

    private static Regex NameRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidRequestException($"Invalid regular expression in the name filter '{pattern}': {ex.Message}");
        }
    }

    private static (string Sql, DynamicParameters Parameters) BuildListQuery(InstanceFilter filter)
    {
        var sql = new StringBuilder($"SELECT {InstanceRow.Columns} FROM instances WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (!filter.IncludeDeleted && filter.ChangesSince is null)
        {
            sql.Append(" AND deleted = 0");
        }
        Add(sql, parameters, "project_id", "ProjectId", filter.ProjectId);
        Add(sql, parameters, "host", "Host", filter.Host);
        Add(sql, parameters, "image_ref", "ImageRef", filter.ImageRef is { } image ? DbValues.Id(image) : null);
        Add(sql, parameters, "instance_type_id", "FlavorId", filter.FlavorId);
        Add(sql, parameters, "reservation_id", "ReservationId", filter.ReservationId);
        if (filter.ChangesSince is { } since)
        {
            sql.Append(" AND updated_at >= @ChangesSince");
            parameters.Add("ChangesSince", DbValues.Time(since));
        }
        if (filter.VmStates is { } vmStates)
        {
            sql.Append(" AND vm_state IN @VmStates");
            parameters.Add("VmStates", vmStates.Select(s => s.ToNovaName()).ToArray());
        }
        if (filter.TaskStates is { } taskStates)
        {
            var expectation = TaskStateExpectation.From(taskStates);
            sql.Append(" AND ").Append(expectation.Predicate);
            parameters.Add("ExpectedTaskStates", expectation.Names);
        }
        if (filter.Marker is not null)
        {
            sql.Append(" AND (created_at < @MarkerCreatedAt OR (created_at = @MarkerCreatedAt AND uuid < @MarkerUuid))");
        }
        sql.Append(" ORDER BY created_at DESC, uuid DESC");
        if (filter.Limit is { } limit && filter.NameRegex is null)
        {
            sql.Append(" LIMIT @Limit");
            parameters.Add("Limit", limit);
        }
        return (sql.ToString(), parameters);
    }

    private static void Add(StringBuilder sql, DynamicParameters parameters, string column, string name, string? value)
    {
        if (value is not null)
        {
            sql.Append($" AND {column} = @{name}");
            parameters.Add(name, value);
        }
    }

    private sealed class MarkerRow
    {
        public string CreatedAt { get; set; } = "";
        public string Uuid { get; set; } = "";
    }
}
