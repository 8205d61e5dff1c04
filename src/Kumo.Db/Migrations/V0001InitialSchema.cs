namespace Kumo.Db.Migrations;

/// <summary>
/// The first schema. Conventions for all tables: timestamps are ISO-8601 UTC text (DbValues),
/// booleans 0/1 integers, JSON documents text, uuids lower-case text.
/// </summary>
/// <remarks>
/// Actions and faults carry no foreign key to instances (as Nova's archive-friendly tables): they are
/// written by other services, sometimes before or after the instance row's lifetime.
/// </remarks>
internal static class V0001InitialSchema
{
    public static readonly Migration Migration = new(1, "initial_schema", """
        CREATE TABLE instances (
            uuid TEXT NOT NULL PRIMARY KEY,
            display_name TEXT NOT NULL,
            hostname TEXT NOT NULL,
            project_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            flavor_json TEXT NOT NULL,
            image_ref TEXT NOT NULL,
            vm_state TEXT NOT NULL,
            task_state TEXT NULL,
            power_state INTEGER NOT NULL,
            host TEXT NULL,
            node TEXT NULL,
            launched_at TEXT NULL,
            terminated_at TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            reservation_id TEXT NULL,
            launch_index INTEGER NOT NULL DEFAULT 0,
            key_name TEXT NULL,
            metadata_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX ix_instances_host_deleted ON instances (host, deleted);
        CREATE INDEX ix_instances_deleted_created_at ON instances (deleted, created_at);

        CREATE TABLE flavors (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            vcpus INTEGER NOT NULL,
            memory_mb INTEGER NOT NULL,
            root_gb INTEGER NOT NULL DEFAULT 0,
            ephemeral_gb INTEGER NOT NULL DEFAULT 0,
            swap_mb INTEGER NOT NULL DEFAULT 0,
            is_public INTEGER NOT NULL DEFAULT 1,
            extra_specs_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        );
        -- Names are unique among live flavors only, so a deleted flavor's name can be reused.
        CREATE UNIQUE INDEX ux_flavors_name ON flavors (name) WHERE deleted = 0;

        CREATE TABLE images (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            disk_format TEXT NOT NULL,
            container_format TEXT NOT NULL,
            size BIGINT NULL,
            checksum TEXT NULL,
            min_disk INTEGER NOT NULL DEFAULT 0,
            min_ram INTEGER NOT NULL DEFAULT 0,
            properties_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE instance_actions (
            id {identity_pk},
            instance_uuid TEXT NOT NULL,
            action TEXT NOT NULL,
            request_id TEXT NOT NULL,
            user_id TEXT NULL,
            project_id TEXT NULL,
            start_time TEXT NOT NULL,
            finish_time TEXT NULL,
            message TEXT NULL,
            CONSTRAINT ux_instance_actions_instance_request UNIQUE (instance_uuid, request_id)
        );

        CREATE TABLE instance_actions_events (
            id {identity_pk},
            action_id BIGINT NOT NULL REFERENCES instance_actions (id),
            event TEXT NOT NULL,
            start_time TEXT NOT NULL,
            finish_time TEXT NULL,
            result TEXT NULL,
            traceback TEXT NULL,
            details TEXT NULL,
            host TEXT NULL
        );
        CREATE INDEX ix_instance_actions_events_action ON instance_actions_events (action_id, event);

        CREATE TABLE instance_faults (
            id {identity_pk},
            instance_uuid TEXT NOT NULL,
            code INTEGER NOT NULL,
            message TEXT NOT NULL,
            details TEXT NULL,
            host TEXT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX ix_instance_faults_instance ON instance_faults (instance_uuid, created_at);

        CREATE TABLE notifications (
            id {identity_pk},
            message_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            publisher_id TEXT NOT NULL,
            priority TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            request_id TEXT NULL,
            instance_uuid TEXT NULL,
            timestamp TEXT NOT NULL
        );
        CREATE INDEX ix_notifications_instance ON notifications (instance_uuid);
        CREATE INDEX ix_notifications_event_type ON notifications (event_type);

        CREATE TABLE compute_nodes (
            id {identity_pk},
            host TEXT NOT NULL,
            node TEXT NOT NULL,
            hypervisor_type TEXT NOT NULL,
            vcpus INTEGER NOT NULL,
            memory_mb INTEGER NOT NULL,
            local_gb INTEGER NOT NULL,
            vcpus_used INTEGER NOT NULL,
            memory_mb_used INTEGER NOT NULL,
            local_gb_used INTEGER NOT NULL,
            running_vms INTEGER NOT NULL,
            cpu_allocation_ratio DOUBLE PRECISION NOT NULL,
            ram_allocation_ratio DOUBLE PRECISION NOT NULL,
            disk_allocation_ratio DOUBLE PRECISION NOT NULL,
            updated_at TEXT NOT NULL,
            CONSTRAINT ux_compute_nodes_host_node UNIQUE (host, node)
        );
        """);
}
