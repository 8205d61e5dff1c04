namespace Kumo.Db.Migrations;

/// <summary>
/// What the servers API shows and filters on besides the build flow's fields: description (2.19),
/// access IPs, user data, availability zone, kernel/ramdisk ids (2.3), and the flavor id as a column
/// so that the flavor filter and the project listing are index lookups, not JSON scans.
/// </summary>
internal static class V0006ServerAttributes
{
    public static readonly Migration Migration = new(6, "server_attributes", """
        ALTER TABLE instances ADD COLUMN description TEXT NULL;
        ALTER TABLE instances ADD COLUMN access_ip_v4 TEXT NULL;
        ALTER TABLE instances ADD COLUMN access_ip_v6 TEXT NULL;
        ALTER TABLE instances ADD COLUMN user_data TEXT NULL;
        ALTER TABLE instances ADD COLUMN availability_zone TEXT NULL;
        ALTER TABLE instances ADD COLUMN kernel_id TEXT NULL;
        ALTER TABLE instances ADD COLUMN ramdisk_id TEXT NULL;
        ALTER TABLE instances ADD COLUMN instance_type_id TEXT NULL;
        CREATE INDEX ix_instances_project_deleted_created_at ON instances (project_id, deleted, created_at);
        CREATE INDEX ix_instances_reservation ON instances (reservation_id);
        """);
}
