using SQLitePCL;

namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>Binds one row's values (1-based column positions) to a prepared raw statement.</summary>
internal readonly struct RowBinder
{
    private readonly sqlite3_stmt _stmt;

    public RowBinder(sqlite3_stmt stmt) => _stmt = stmt;

    public void Text(int position, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(_stmt, position);
        }
        else
        {
            raw.sqlite3_bind_text16(_stmt, position, value);
        }
    }

    public void Int(int position, long value) => raw.sqlite3_bind_int64(_stmt, position, value);
}
