using Microsoft.Data.Sqlite;

namespace CheckpointIoT.Gateway.Storage;

/// <summary>
/// Whether the store's last write failed, why and since when. <see cref="GatewayStore.Ping"/> only reads, and reads
/// keep working on a full disk, so /health, the dashboard and /metrics read this instead: set by a failed
/// <see cref="GatewayStore.InTransaction{T}"/>, cleared by the next commit. Thread-safe.
/// </summary>
public sealed class StoreHealth
{
    /// <summary>SQLite's primary result code for "database or disk is full".</summary>
    private const int SqliteFull = 13;

    private readonly object _lock = new();
    private string? _reason;
    private DateTimeOffset _since;

    /// <summary>True while the last write failed.</summary>
    public bool Degraded
    {
        get { lock (_lock) return _reason != null; }
    }

    /// <summary>The last failure's reason and when failures began, or null when the store writes.</summary>
    public (string Reason, DateTimeOffset Since)? Failure
    {
        get { lock (_lock) return _reason == null ? null : (_reason, _since); }
    }

    /// <summary>Records a failed write; returns true when this starts a degraded spell (log it once, not per batch).</summary>
    public bool ReportFailure(Exception error, DateTimeOffset now)
    {
        var reason = Describe(error);
        lock (_lock)
        {
            var started = _reason == null;
            if (started) _since = now;
            _reason = reason;
            return started;
        }
    }

    /// <summary>Records a commit; returns true when this ends a degraded spell.</summary>
    public bool ReportSuccess()
    {
        lock (_lock)
        {
            var ended = _reason != null;
            _reason = null;
            return ended;
        }
    }

    /// <summary>"disk full (SQLITE_FULL)" for a full disk, else the SQLite code or exception type (never record data).</summary>
    public static string Describe(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteFull } => "disk full (SQLITE_FULL)",
        SqliteException s => "write failed (SQLite error " + s.SqliteErrorCode + ")",
        IOException => "write failed (I/O error)",
        _ => "write failed (" + error.GetType().Name + ")",
    };
}
