namespace Kumo.Db.Migrations;

/// <summary>
/// Neutron's model (networks, subnets, ports, security groups and rules). Each resource keeps its
/// full attributes as a JSON document beside the columns the server looks things up by; what must
/// never be duplicated is enforced by the engine: one address per (subnet, ip) in ipam_allocations
/// (IPAM under concurrency), one MAC per network, one rule per (group, normalised rule), one default
/// group per project.
/// </summary>
internal static class V0007Network
{
    public static readonly Migration Migration = new(7, "network", """
        CREATE TABLE networks (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL,
            shared INTEGER NOT NULL,
            doc_json TEXT NOT NULL
        );
        CREATE INDEX ix_networks_project ON networks (project_id);

        CREATE TABLE subnets (
            id TEXT PRIMARY KEY,
            network_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            doc_json TEXT NOT NULL
        );
        CREATE INDEX ix_subnets_network ON subnets (network_id);

        CREATE TABLE ports (
            id TEXT PRIMARY KEY,
            network_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            mac_address TEXT NOT NULL,
            device_id TEXT NOT NULL,
            device_owner TEXT NOT NULL,
            binding_host_id TEXT NOT NULL,
            doc_json TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_ports_network_mac ON ports (network_id, mac_address);
        CREATE INDEX ix_ports_device ON ports (device_id);
        CREATE INDEX ix_ports_project ON ports (project_id);
        CREATE INDEX ix_ports_host ON ports (binding_host_id);

        CREATE TABLE ipam_allocations (
            subnet_id TEXT NOT NULL,
            ip_address TEXT NOT NULL,
            network_id TEXT NOT NULL,
            port_id TEXT NOT NULL,
            PRIMARY KEY (subnet_id, ip_address)
        );
        CREATE INDEX ix_ipam_allocations_port ON ipam_allocations (port_id);

        CREATE TABLE security_groups (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL,
            doc_json TEXT NOT NULL
        );
        CREATE INDEX ix_security_groups_project ON security_groups (project_id);

        CREATE TABLE default_security_groups (
            project_id TEXT PRIMARY KEY,
            security_group_id TEXT NOT NULL
        );

        CREATE TABLE security_group_rules (
            id TEXT PRIMARY KEY,
            security_group_id TEXT NOT NULL,
            remote_group_id TEXT NULL,
            rule_key TEXT NOT NULL,
            doc_json TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_security_group_rules_key ON security_group_rules (security_group_id, rule_key);
        CREATE INDEX ix_security_group_rules_remote ON security_group_rules (remote_group_id);

        CREATE TABLE port_security_group_bindings (
            port_id TEXT NOT NULL,
            security_group_id TEXT NOT NULL,
            PRIMARY KEY (port_id, security_group_id)
        );
        CREATE INDEX ix_port_security_group_bindings_group ON port_security_group_bindings (security_group_id);
        """);
}
