using System.Text;
using Microsoft.Data.Sqlite;

namespace Kumo.Db.Database;

public sealed class SqliteDialect : ISqlDialect
{
    // https://www.sqlite.org/rescode.html: 19 = SQLITE_CONSTRAINT; 2067 = _UNIQUE, 1555 = _PRIMARYKEY.
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static readonly SqliteDialect Instance = new();

    private SqliteDialect() { }

    public string Name => "sqlite";

    public string IdentityPrimaryKey => "INTEGER PRIMARY KEY";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException
        {
            SqliteErrorCode: SqliteConstraint,
            SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        };

    // GLOB, unlike SQLite's LIKE, is case-sensitive and can use an ordinary (BINARY) index.
    public string StartsWith(string column, string parameterName) => $"{column} GLOB @{parameterName}";

    public string PrefixPattern(string prefix)
    {
        var pattern = new StringBuilder(prefix.Length + 1);
        foreach (var c in prefix)
        {
            // GLOB's metacharacters match themselves inside brackets.
            if (c is '*' or '?' or '[')
            {
                pattern.Append('[').Append(c).Append(']');
            }
            else
            {
                pattern.Append(c);
            }
        }
        return pattern.Append('*').ToString();
    }
}
