namespace Kumo.Db.Migrations;

/// <summary>
/// Compute's network side: the instance network info cache (Nova's instance_info_caches, what
/// addresses and os-interface show without asking the network service), the external events a
/// compute host received (Nova only logs them; kept here so an operator can see which
/// network-vif-plugged arrived, when, and whether a build was waiting for it), and the security
/// groups a server asked for.
/// </summary>
internal static class V0012ComputeNetwork
{
    public static readonly Migration Migration = new(12, "compute_network", """
        CREATE TABLE instance_info_caches (
            instance_uuid TEXT PRIMARY KEY,
            network_info TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE instance_external_events (
            id {identity_pk},
            instance_uuid TEXT NOT NULL,
            name TEXT NOT NULL,
            tag TEXT NULL,
            status TEXT NOT NULL,
            host TEXT NOT NULL,
            expected INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX ix_instance_external_events_instance ON instance_external_events (instance_uuid, created_at);

        ALTER TABLE instances ADD COLUMN security_groups_json TEXT NOT NULL DEFAULT '["default"]';
        """);
}
