using Kumo.Db.Database;

namespace Kumo.Db.Tests.Database;

public sealed class SqliteDialectTests
{
    [Theory]
    [InlineData("compute.instance.", "compute.instance.*")]
    [InlineData("a*b?c[d]", "a[*]b[?]c[[]d]*")]
    [InlineData("", "*")]
    public void Prefix_patterns_escape_glob_metacharacters(string prefix, string pattern) =>
        Assert.Equal(pattern, SqliteDialect.Instance.PrefixPattern(prefix));

    [Fact]
    public void Only_constraint_violations_on_unique_keys_count_as_unique_violations()
    {
        Assert.False(SqliteDialect.Instance.IsUniqueViolation(new InvalidOperationException()));
        Assert.False(SqliteDialect.Instance.IsUniqueViolation(new Microsoft.Data.Sqlite.SqliteException("busy", 5, 5)));
        Assert.True(SqliteDialect.Instance.IsUniqueViolation(new Microsoft.Data.Sqlite.SqliteException("unique", 19, 2067)));
        Assert.True(SqliteDialect.Instance.IsUniqueViolation(new Microsoft.Data.Sqlite.SqliteException("pk", 19, 1555)));
        Assert.False(SqliteDialect.Instance.IsUniqueViolation(new Microsoft.Data.Sqlite.SqliteException("fk", 19, 787)));
    }
}
