namespace Kumo.Db.Migrations;

/// <summary>
/// One schema step. <paramref name="Sql"/> is portable SQL (see ISqlDialect) and may hold several
/// statements; the token <c>{identity_pk}</c> stands for the dialect's auto-assigned primary key.
/// Never edit a released migration: add the next version.
/// </summary>
public sealed record Migration(int Version, string Name, string Sql);
