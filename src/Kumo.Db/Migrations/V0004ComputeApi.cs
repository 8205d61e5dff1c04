namespace Kumo.Db.Migrations;

/// <summary>
/// What Nova's API keeps besides instances: key pairs (per user), flavor access lists and the
/// flavor fields the API shows (rxtx_factor, description), quota limits per project and per class,
/// the per-instance quota usage that admission counts, and the hypervisor facts os-hypervisors shows.
/// </summary>
/// <remarks>
/// quota_usages holds one row per admitted instance (cores and RAM copied from its flavor), written in
/// the same transaction that counted the project's usage; it counts as long as its instance is not
/// deleted (an instance row not written yet is an admission in flight, and counts too).
/// quota_project_locks is a row per project updated first in that transaction: on PostgreSQL the row
/// lock serialises concurrent admissions of one project; SQLite has one writer anyway.
/// </remarks>
internal static class V0004ComputeApi
{
    public static readonly Migration Migration = new(4, "compute_api", """
        ALTER TABLE flavors ADD COLUMN rxtx_factor DOUBLE PRECISION NOT NULL DEFAULT 1.0;
        ALTER TABLE flavors ADD COLUMN description TEXT NULL;

        CREATE TABLE flavor_projects (
            flavor_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CONSTRAINT pk_flavor_projects PRIMARY KEY (flavor_id, project_id)
        );
        CREATE INDEX ix_flavor_projects_project ON flavor_projects (project_id);

        CREATE TABLE key_pairs (
            id {identity_pk},
            name TEXT NOT NULL,
            user_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            public_key TEXT NOT NULL,
            type TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CONSTRAINT ux_key_pairs_user_name UNIQUE (user_id, name)
        );

        CREATE TABLE quotas (
            project_id TEXT NOT NULL,
            resource TEXT NOT NULL,
            hard_limit INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            CONSTRAINT pk_quotas PRIMARY KEY (project_id, resource)
        );

        CREATE TABLE quota_classes (
            class_name TEXT NOT NULL,
            resource TEXT NOT NULL,
            hard_limit INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            CONSTRAINT pk_quota_classes PRIMARY KEY (class_name, resource)
        );

        CREATE TABLE quota_usages (
            instance_uuid TEXT NOT NULL PRIMARY KEY,
            project_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            cores INTEGER NOT NULL,
            ram INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX ix_quota_usages_project ON quota_usages (project_id);

        CREATE TABLE quota_project_locks (
            project_id TEXT NOT NULL PRIMARY KEY,
            admissions BIGINT NOT NULL
        );

        ALTER TABLE compute_nodes ADD COLUMN hypervisor_version BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE compute_nodes ADD COLUMN host_ip TEXT NULL;
        """);
}
