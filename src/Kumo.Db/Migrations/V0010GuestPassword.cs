namespace Kumo.Db.Migrations;

/// <summary>
/// Nova's instance_system_metadata: key/value items Nova keeps on an instance for itself, not for the
/// user. Kumo keeps there what a guest posts to the metadata service's password endpoint (its admin
/// password encrypted with the instance's public key), as Nova does: in keys password_0..password_3
/// of at most 255 characters each (nova/api/metadata/password.py).
/// </summary>
internal static class V0010GuestPassword
{
    public static readonly Migration Migration = new(10, "guest_password", """
        CREATE TABLE instance_system_metadata (
            instance_uuid TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (instance_uuid, key)
        );
        """);
}
