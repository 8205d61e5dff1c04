namespace Kumo.Db.Migrations;

/// <summary>
/// Placement-style scheduling state and Nova's services table. Resource providers (one per compute
/// node) carry a generation that every allocation write checks and bumps, so two schedulers racing
/// for the last slot cannot both win. <c>inventories.used</c> is the sum of the provider's allocations
/// of that class, kept in the same transaction as the allocation rows: the scheduler reads every
/// provider for each decision, and a SUM over all allocations would grow with the cloud.
/// </summary>
internal static class V0005Placement
{
    public static readonly Migration Migration = new(5, "placement_and_services", """
        CREATE TABLE resource_providers (
            uuid TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            host TEXT NOT NULL,
            generation BIGINT NOT NULL DEFAULT 0,
            hypervisor_type TEXT NOT NULL DEFAULT '',
            cpu_arch TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_resource_providers_name ON resource_providers (name);

        CREATE TABLE inventories (
            resource_provider_uuid TEXT NOT NULL REFERENCES resource_providers (uuid) ON DELETE CASCADE,
            resource_class TEXT NOT NULL,
            total INTEGER NOT NULL,
            reserved INTEGER NOT NULL DEFAULT 0,
            allocation_ratio DOUBLE PRECISION NOT NULL DEFAULT 1.0,
            used INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (resource_provider_uuid, resource_class)
        );

        CREATE TABLE allocations (
            id {identity_pk},
            resource_provider_uuid TEXT NOT NULL REFERENCES resource_providers (uuid) ON DELETE CASCADE,
            consumer_id TEXT NOT NULL,
            resource_class TEXT NOT NULL,
            used INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_allocations_consumer_rp_rc ON allocations (consumer_id, resource_provider_uuid, resource_class);
        CREATE INDEX ix_allocations_rp ON allocations (resource_provider_uuid);

        CREATE TABLE services (
            id {identity_pk},
            host TEXT NOT NULL,
            "binary" TEXT NOT NULL,
            topic TEXT NOT NULL,
            availability_zone TEXT NOT NULL,
            report_count BIGINT NOT NULL DEFAULT 0,
            disabled INTEGER NOT NULL DEFAULT 0,
            disabled_reason TEXT NULL,
            forced_down INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_services_host_binary ON services (host, "binary");
        """);
}
