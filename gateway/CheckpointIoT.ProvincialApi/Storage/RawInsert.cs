using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>
/// "INSERT OR IGNORE INTO table (...) VALUES (?, ...)" prepared once on the writer connection and stepped through the
/// raw SQLite API. Microsoft.Data.Sqlite looks every named parameter up again on each execution, which made it the
/// ingest bottleneck (~50,000 rows/s of CPU); positional binding here runs ~4x faster. Must be called inside a
/// transaction opened on the same connection. Returns how many rows were new (the rest already existed).
/// </summary>
internal sealed class RawInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _stmt;

    public RawInsert(SqliteConnection connection, string table, string[] columns)
    {
        _connection = connection;
        var sql = $"INSERT OR IGNORE INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _stmt);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    public int Insert<T>(IReadOnlyList<T> rows, Action<RowBinder, T> bind)
    {
        var db = _connection.Handle;
        var binder = new RowBinder(_stmt);
        var inserted = 0;
        try
        {
            foreach (var row in rows)
            {
                bind(binder, row);
                var rc = raw.sqlite3_step(_stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }
                inserted += raw.sqlite3_changes(db);
                raw.sqlite3_reset(_stmt);
            }
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
            raw.sqlite3_clear_bindings(_stmt);
        }
        return inserted;
    }

    public void Dispose() => _stmt.Dispose();
}
