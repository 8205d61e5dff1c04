namespace Kumo.Db.Migrations;

/// <summary>
/// Keystone's model: domains, projects, users, roles with implications, role assignments of users on
/// projects or domains, and issued tokens (their SHA-256 only). Names are unique per domain as in
/// Keystone; a global role keeps domain_id '' (Keystone's own table uses a '&lt;&lt;null&gt;&gt;' sentinel for the
/// same reason: NULLs never collide in a unique index).
/// </summary>
internal static class V0002Identity
{
    public static readonly Migration Migration = new(2, "identity", """
        CREATE TABLE identity_domains (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            enabled INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_identity_domains_name ON identity_domains (name);

        CREATE TABLE identity_projects (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            domain_id TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            enabled INTEGER NOT NULL,
            parent_id TEXT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_identity_projects_domain_name ON identity_projects (domain_id, name);

        CREATE TABLE identity_users (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            domain_id TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            default_project_id TEXT NULL,
            description TEXT NULL,
            email TEXT NULL,
            password_hash TEXT NULL,
            password_expires_at TEXT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_identity_users_domain_name ON identity_users (domain_id, name);

        CREATE TABLE identity_roles (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            domain_id TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_identity_roles_domain_name ON identity_roles (domain_id, name);

        CREATE TABLE identity_implied_roles (
            prior_role_id TEXT NOT NULL,
            implied_role_id TEXT NOT NULL,
            PRIMARY KEY (prior_role_id, implied_role_id)
        );

        CREATE TABLE identity_role_assignments (
            user_id TEXT NOT NULL,
            target_type TEXT NOT NULL,
            target_id TEXT NOT NULL,
            role_id TEXT NOT NULL,
            PRIMARY KEY (user_id, target_type, target_id, role_id)
        );
        CREATE INDEX ix_identity_role_assignments_target ON identity_role_assignments (target_id);
        CREATE INDEX ix_identity_role_assignments_role ON identity_role_assignments (role_id);

        CREATE TABLE identity_tokens (
            token_hash TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL,
            project_id TEXT NULL,
            domain_id TEXT NULL,
            role_ids_json TEXT NOT NULL,
            methods_json TEXT NOT NULL,
            audit_id TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_identity_tokens_user ON identity_tokens (user_id);
        CREATE INDEX ix_identity_tokens_expires_at ON identity_tokens (expires_at);
        """);
}
