using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Db.Stores;

/// <summary>Image records; deletes are soft (status deleted, deleted = 1), as Glance keeps them.</summary>
public sealed partial class SqlImageStore(KumoDatabase database, TimeProvider? timeProvider = null) : IImageStore
{
    private const string Columns = """
        id AS Id, name AS Name, status AS Status, disk_format AS DiskFormat,
        container_format AS ContainerFormat, size AS Size, checksum AS Checksum, min_disk AS MinDisk,
        min_ram AS MinRam, properties_json AS PropertiesJson, created_at AS CreatedAt, updated_at AS UpdatedAt,
        owner AS Owner, visibility AS Visibility, protected AS Protected, os_hidden AS OsHidden, tags_json AS TagsJson,
        os_hash_algo AS OsHashAlgo, os_hash_value AS OsHashValue, virtual_size AS VirtualSize
        """;

    private const string InsertSql = """
        INSERT INTO images (id, name, status, disk_format, container_format, size, checksum, min_disk, min_ram, properties_json, created_at, updated_at, deleted,
            owner, visibility, protected, os_hidden, tags_json, os_hash_algo, os_hash_value, virtual_size)
        VALUES (@Id, @Name, @Status, @DiskFormat, @ContainerFormat, @Size, @Checksum, @MinDisk, @MinRam, @PropertiesJson, @CreatedAt, @UpdatedAt, 0,
            @Owner, @Visibility, @Protected, @OsHidden, @TagsJson, @OsHashAlgo, @OsHashValue, @VirtualSize)
        """;

    // Every field but id and created_at, so a `with { }` copy saves whatever it changed.
    private const string UpdateSql = """
        UPDATE images SET name = @Name, status = @Status, disk_format = @DiskFormat,
            container_format = @ContainerFormat, size = @Size, checksum = @Checksum, min_disk = @MinDisk,
            min_ram = @MinRam, properties_json = @PropertiesJson, updated_at = @UpdatedAt, owner = @Owner,
            visibility = @Visibility, protected = @Protected, os_hidden = @OsHidden, tags_json = @TagsJson,
            os_hash_algo = @OsHashAlgo, os_hash_value = @OsHashValue, virtual_size = @VirtualSize
        WHERE id = @Id AND deleted = 0
        """;

    private const string UpdateMetadataSql = """
        UPDATE images SET name = @Name, disk_format = @DiskFormat, container_format = @ContainerFormat, min_disk = @MinDisk,
            min_ram = @MinRam, properties_json = @PropertiesJson, updated_at = @UpdatedAt, owner = @Owner,
            visibility = @Visibility, protected = @Protected, os_hidden = @OsHidden, tags_json = @TagsJson
        WHERE id = @Id AND deleted = 0
        """;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Stores the record; CreatedAt/UpdatedAt default to now when the record leaves them unset.</summary>
    public async Task CreateAsync(ImageMeta image, CancellationToken cancellationToken = default)
    {
        var parameters = Parameters(image, _time.GetUtcNow());
        try
        {
            await database.WriteAsync(connection => connection.ExecuteAsync(
                new CommandDefinition(InsertSql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            throw new InvalidRequestException($"Image with identifier {image.Id} already exists.");
        }
    }

    public async Task<ImageMeta?> TryGetAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        var row = await database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<ImageRow>(new CommandDefinition(
            $"SELECT {Columns} FROM images WHERE id = @Id AND deleted = 0", new { Id = DbValues.Id(imageId) }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return row?.ToImage();
    }

    public async Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<ImageRow>(new CommandDefinition(
            $"SELECT {Columns} FROM images WHERE deleted = 0 ORDER BY created_at, id", cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToImage()).ToList();
    }

    /// <summary>Writes the record as given; UpdatedAt defaults to now when left unset. Throws ImageNotFoundException.</summary>
    public Task UpdateAsync(ImageMeta image, CancellationToken cancellationToken = default) => UpdateAsync(UpdateSql, image, cancellationToken);

    public Task UpdateMetadataAsync(ImageMeta image, CancellationToken cancellationToken = default) => UpdateAsync(UpdateMetadataSql, image, cancellationToken);

    private async Task UpdateAsync(string sql, ImageMeta image, CancellationToken cancellationToken)
    {
        var parameters = Parameters(image, _time.GetUtcNow());
        var changed = await database.WriteAsync(connection => connection.ExecuteAsync(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new ImageNotFoundException(image.Id.ToString());
        }
    }

    /// <summary>Throws ImageNotFoundException when unknown or already deleted.</summary>
    public async Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        var parameters = new { Id = DbValues.Id(imageId), Status = StatusName(ImageStatus.Deleted), Now = DbValues.Time(_time.GetUtcNow()) };
        var changed = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE images SET status = @Status, deleted = 1, updated_at = @Now WHERE id = @Id AND deleted = 0",
            parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new ImageNotFoundException(imageId.ToString());
        }
    }

    // Glance's status and visibility names are the lower-case enum names (queued, saving, active ...).
    private static string StatusName(ImageStatus status) => status.ToString().ToLowerInvariant();

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static object Parameters(ImageMeta image, DateTimeOffset now) => new
    {
        Id = DbValues.Id(image.Id),
        image.Name,
        Status = StatusName(image.Status),
        image.DiskFormat,
        image.ContainerFormat,
        image.Size,
        image.Checksum,
        MinDisk = image.MinDiskGb,
        MinRam = image.MinRamMb,
        PropertiesJson = DbJson.Serialize(image.Properties),
        CreatedAt = DbValues.Time(image.CreatedAt == default ? now : image.CreatedAt),
        UpdatedAt = DbValues.Time(image.UpdatedAt == default ? now : image.UpdatedAt),
        image.Owner,
        Visibility = Lower(image.Visibility),
        Protected = image.Protected ? 1 : 0,
        OsHidden = image.OsHidden ? 1 : 0,
        TagsJson = DbJson.Serialize(image.Tags),
        image.OsHashAlgo,
        image.OsHashValue,
        image.VirtualSize,
    };

    private sealed class ImageRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Status { get; set; } = "";
        public string DiskFormat { get; set; } = "";
        public string ContainerFormat { get; set; } = "";
        public long? Size { get; set; }
        public string? Checksum { get; set; }
        public int MinDisk { get; set; }
        public int MinRam { get; set; }
        public string PropertiesJson { get; set; } = "{}";
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public string? Owner { get; set; }
        public string Visibility { get; set; } = "public";
        public long Protected { get; set; }
        public long OsHidden { get; set; }
        public string TagsJson { get; set; } = "[]";
        public string? OsHashAlgo { get; set; }
        public string? OsHashValue { get; set; }
        public long? VirtualSize { get; set; }

        public ImageMeta ToImage() => new()
        {
            Id = Guid.Parse(Id),
            Name = Name,
            Status = Enum.Parse<ImageStatus>(Status, ignoreCase: true),
            DiskFormat = DiskFormat,
            ContainerFormat = ContainerFormat,
            Size = Size,
            Checksum = Checksum,
            MinDiskGb = MinDisk,
            MinRamMb = MinRam,
            Properties = DbJson.Dictionary(PropertiesJson),
            CreatedAt = DbValues.ParseTime(CreatedAt),
            UpdatedAt = DbValues.ParseTime(UpdatedAt),
            Owner = Owner,
            Visibility = Enum.Parse<ImageVisibility>(Visibility, ignoreCase: true),
            Protected = Protected != 0,
            OsHidden = OsHidden != 0,
            Tags = DbJson.Deserialize<List<string>>(TagsJson),
            OsHashAlgo = OsHashAlgo,
            OsHashValue = OsHashValue,
            VirtualSize = VirtualSize,
        };
    }
}
