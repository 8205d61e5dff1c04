namespace Kumo.Db.Database;

/// <summary>
/// What differs between the SQL engines Kumo runs on (SQLite all-in-one, PostgreSQL multi-host).
/// Everything else is plain SQL shared by both: <c>INSERT ... ON CONFLICT ... DO UPDATE/NOTHING</c>
/// (SQLite ≥ 3.24, PostgreSQL ≥ 9.5), <c>RETURNING</c> (SQLite ≥ 3.35), partial indexes,
/// <c>LIMIT</c>, TEXT/INTEGER/BIGINT/DOUBLE PRECISION columns. Keep this interface that small.
/// </summary>
public interface ISqlDialect
{
    /// <summary>"sqlite", "postgresql".</summary>
    string Name { get; }

    /// <summary>
    /// Column definition of an engine-assigned 64-bit primary key; migrations write it as the
    /// <c>{identity_pk}</c> token. SQLite only aliases the rowid for exactly "INTEGER PRIMARY KEY".
    /// </summary>
    string IdentityPrimaryKey { get; }

    /// <summary>True when the exception is a unique or primary key violation.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// A predicate "column starts with the text in @parameter", exact and case-sensitive, where the
    /// parameter's value is <see cref="PrefixPattern"/> of the prefix. Engines differ in LIKE's case
    /// rules and in which operator can use an index.
    /// </summary>
    string StartsWith(string column, string parameterName);

    /// <summary>The parameter value for <see cref="StartsWith"/>.</summary>
    string PrefixPattern(string prefix);
}
