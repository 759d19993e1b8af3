using CopyrightLedger.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>Migrations are written by hand; these tests fail when the model changes without one.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Migrations_produce_exactly_the_schema_of_the_model()
    {
        using var dir = new TempDir();
        var migrated = Path.Combine(dir.Path, "migrated.db");
        var fromModel = Path.Combine(dir.Path, "model.db");

        await using (var db = Open(migrated)) await db.Database.MigrateAsync();
        await using (var db = Open(fromModel))
        {
            var script = db.Database.GenerateCreateScript();
            await using var c = new SqliteConnection($"Data Source={fromModel}");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = script;
            await cmd.ExecuteNonQueryAsync();
        }

        var expected = await SchemaOf(fromModel);
        var actual = await SchemaOf(migrated);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Every_migration_is_applied_and_none_is_pending()
    {
        using var dir = new TempDir();
        await using var db = Open(Path.Combine(dir.Path, "a.db"));
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    private static LedgerDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);

    /// <summary>Tables with their columns (name, type, not-null, default, primary key), indexes and foreign keys, sorted.</summary>
    private static async Task<List<string>> SchemaOf(string path)
    {
        var lines = new List<string>();
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory' AND name <> '__EFMigrationsLock'";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        foreach (var t in tables)
        {
            lines.AddRange(await Rows(c, $"SELECT '{t}.' || name || ' ' || type || ' nn=' || \"notnull\" || ' d=' || ifnull(dflt_value,'') || ' pk=' || pk FROM pragma_table_info('{t}')"));
            lines.AddRange(await Rows(c, $"SELECT '{t} fk ' || \"from\" || '->' || \"table\" || '.' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('{t}')"));
            lines.AddRange(await Rows(c, $"SELECT '{t} index ' || il.name || ' unique=' || il.\"unique\" || ' ' || (SELECT group_concat(name, ',') FROM pragma_index_info(il.name)) FROM pragma_index_list('{t}') il WHERE il.origin = 'c'"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> Rows(SqliteConnection c, string sql)
    {
        var result = new List<string>();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) result.Add(r.GetString(0));
        return result;
    }
}
