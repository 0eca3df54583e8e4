using System.Text;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>
/// "INSERT OR IGNORE ... VALUES (...), (...), ..." with <see cref="RowsPerStatement"/> rows per prepared statement
/// (and a one-row statement for the rest): per-statement overhead dominates single-row inserts, this keeps ingest
/// far above the 20,000 records/s the upload drain target needs. Returns how many rows were new.
/// </summary>
internal sealed class MultiRowInsert : IDisposable
{
    public const int RowsPerStatement = 64;

    private readonly SqliteCommand _many;
    private readonly SqliteCommand _one;
    private readonly int _columns;

    public MultiRowInsert(SqliteConnection connection, string table, string[] columns)
    {
        _columns = columns.Length;
        _many = Build(connection, table, columns, RowsPerStatement);
        _one = Build(connection, table, columns, 1);
    }

    /// <summary>Binds one row: (parameters, offset of the row's first parameter, row).</summary>
    public int Insert<T>(SqliteTransaction tx, IReadOnlyList<T> rows, Action<SqliteParameterCollection, int, T> bind)
    {
        _many.Transaction = tx;
        _one.Transaction = tx;
        var inserted = 0;
        var i = 0;
        try
        {
            for (; i + RowsPerStatement <= rows.Count; i += RowsPerStatement)
            {
                for (var r = 0; r < RowsPerStatement; r++)
                {
                    bind(_many.Parameters, r * _columns, rows[i + r]);
                }
                inserted += _many.ExecuteNonQuery();
            }
            for (; i < rows.Count; i++)
            {
                bind(_one.Parameters, 0, rows[i]);
                inserted += _one.ExecuteNonQuery();
            }
        }
        finally
        {
            _many.Transaction = null;
            _one.Transaction = null;
        }
        return inserted;
    }

    public void Dispose()
    {
        _many.Dispose();
        _one.Dispose();
    }

    private static SqliteCommand Build(SqliteConnection connection, string table, string[] columns, int rows)
    {
        var sql = new StringBuilder("INSERT OR IGNORE INTO ").Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES ");
        var cmd = connection.CreateCommand();
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = "$p" + (r * columns.Length + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? "" : ", ").Append(name);
                cmd.Parameters.Add(new SqliteParameter(name, null));
            }
            sql.Append(')');
        }
        cmd.CommandText = sql.ToString();
        cmd.Prepare();
        return cmd;
    }
}
