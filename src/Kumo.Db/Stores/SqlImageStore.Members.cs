using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Images;

namespace Kumo.Db.Stores;

/// <summary>Image members: one row per (image, project); deleting the image leaves them unreachable.</summary>
public sealed partial class SqlImageStore
{
    private const string MemberColumns =
        "image_id AS ImageId, member_id AS MemberId, status AS Status, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public async Task<IReadOnlyList<ImageMember>> ListMembersAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<MemberRow>(new CommandDefinition(
            $"SELECT {MemberColumns} FROM image_members WHERE image_id = @ImageId ORDER BY created_at, member_id",
            new { ImageId = DbValues.Id(imageId) }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToMember()).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, ImageMember>> ListMembershipsAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<MemberRow>(new CommandDefinition(
            $"SELECT {MemberColumns} FROM image_members WHERE member_id = @MemberId",
            new { MemberId = memberId }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToMember()).ToDictionary(m => m.ImageId);
    }

    public async Task<ImageMember?> TryGetMemberAsync(Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var row = await database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<MemberRow>(new CommandDefinition(
            $"SELECT {MemberColumns} FROM image_members WHERE image_id = @ImageId AND member_id = @MemberId",
            new { ImageId = DbValues.Id(imageId), MemberId = memberId }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row?.ToMember();
    }

    public async Task<bool> TryCreateMemberAsync(ImageMember member, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO image_members (image_id, member_id, status, created_at, updated_at) VALUES (@ImageId, @MemberId, @Status, @CreatedAt, @UpdatedAt)",
                MemberParameters(member), cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> UpdateMemberAsync(ImageMember member, CancellationToken cancellationToken = default)
    {
        var changed = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE image_members SET status = @Status, updated_at = @UpdatedAt WHERE image_id = @ImageId AND member_id = @MemberId",
            MemberParameters(member), cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    public async Task<bool> DeleteMemberAsync(Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var changed = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM image_members WHERE image_id = @ImageId AND member_id = @MemberId",
            new { ImageId = DbValues.Id(imageId), MemberId = memberId }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    private static object MemberParameters(ImageMember member) => new
    {
        ImageId = DbValues.Id(member.ImageId),
        member.MemberId,
        Status = Lower(member.Status),
        CreatedAt = DbValues.Time(member.CreatedAt),
        UpdatedAt = DbValues.Time(member.UpdatedAt),
    };

    private sealed class MemberRow
    {
        public string ImageId { get; set; } = "";
        public string MemberId { get; set; } = "";
        public string Status { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";

        public ImageMember ToMember() => new(Guid.Parse(ImageId), MemberId, Enum.Parse<ImageMemberStatus>(Status, ignoreCase: true),
            DbValues.ParseTime(CreatedAt), DbValues.ParseTime(UpdatedAt));
    }
}
