namespace Kumo.Db.Migrations;

/// <summary>
/// Glance v2's image model: owner, visibility, protected, os_hidden, tags, the SHA-512 multihash and
/// virtual_size, and image members for shared images. Images registered before this version were the
/// operator's, visible to every project, so they become public.
/// </summary>
public static class V0003Images
{
    public static Migration Migration { get; } = new(3, "images", """
        ALTER TABLE images ADD COLUMN owner TEXT NULL;
        ALTER TABLE images ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public';
        ALTER TABLE images ADD COLUMN protected INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE images ADD COLUMN os_hidden INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE images ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE images ADD COLUMN os_hash_algo TEXT NULL;
        ALTER TABLE images ADD COLUMN os_hash_value TEXT NULL;
        ALTER TABLE images ADD COLUMN virtual_size BIGINT NULL;
        CREATE INDEX ix_images_owner ON images (owner);

        CREATE TABLE image_members (
            image_id TEXT NOT NULL,
            member_id TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (image_id, member_id)
        );
        CREATE INDEX ix_image_members_member ON image_members (member_id);
        """);
}
