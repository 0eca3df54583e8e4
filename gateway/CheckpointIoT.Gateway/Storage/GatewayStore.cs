using CheckpointIoT.Gateway.Identity;
using CheckpointIoT.Gateway.Upload;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.Gateway.Storage;

/// <summary>
/// The gateway's SQLite database (WAL, synchronous=NORMAL, versioned migrations). One long-lived writer
/// connection serialised by a lock (ingest batches, registry, outbox, purge); reads open pooled connections
/// and never wait for the writer (WAL). Idempotent on (node id, sequence) through the verdicts table.
/// </summary>
public sealed class GatewayStore : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeLock = new();
    private readonly SqliteConnection _checkpointer;
    private readonly Timer _checkpointTimer;
    private readonly Lock _checkpointLock = new();
    private IngestTransaction? _ingest;
    private bool _disposed;

    public GatewayStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        // Personal data: the folder 0700 when the store creates it, the database 0600 (SQLite gives the -wal and -shm
        // files the database file's permissions).
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows() || Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        SecretFile.EnsurePrivate(Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        // synchronous=NORMAL in WAL mode: a commit does not fsync (a power cut may lose the last commits, never
        // corrupt the file); checkpoints (which do fsync) run on a timer off the ingest thread instead of inside commits.
        Exec(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;");
        Migrate();
        _checkpointer = new SqliteConnection(_connectionString);
        _checkpointer.Open();
        Exec(_checkpointer, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
        _checkpointTimer = new Timer(_ => CheckpointPassive(), null, CheckpointInterval, CheckpointInterval);
    }

    /// <summary>How often the WAL is folded into the database file (PASSIVE: never blocks the writer).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);

    public string Path { get; }

    /// <summary>PRAGMA user_version after migrations.</summary>
    public int SchemaVersion => Convert.ToInt32(Scalar(_writer, "PRAGMA user_version"));

    /// <summary>The journal mode in force ("wal").</summary>
    public string JournalMode
    {
        get
        {
            using var c = OpenReader();
            return Convert.ToString(Scalar(c, "PRAGMA journal_mode"))!;
        }
    }

    // ---------------- migrations ----------------

    private void Migrate()
    {
        lock (_writeLock)
        {
            var version = Convert.ToInt32(Scalar(_writer, "PRAGMA user_version"));
            if (version > Migrations.Latest)
            {
                throw new InvalidOperationException(
                    $"The database {Path} has schema version {version}, newer than this gateway ({Migrations.Latest}); refusing to run.");
            }

            for (var v = version; v < Migrations.Latest; v++)
            {
                using var tx = _writer.BeginTransaction();
                using (var cmd = _writer.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = Migrations.Steps[v] + $"\nPRAGMA user_version = {v + 1};";
                    cmd.ExecuteNonQuery();
                }

                tx.Commit();
            }
        }
    }

    // ---------------- health ----------------

    /// <summary>True when the database answers a trivial read.</summary>
    public bool Ping()
    {
        try
        {
            using var c = OpenReader();
            return Convert.ToInt64(Scalar(c, "SELECT count(*) FROM sqlite_master")) > 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    // ---------------- node registry ----------------

    public IReadOnlyList<NodeRecord> LoadNodes()
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT node_id, checkpoint_id, direction, password_hash, enabled, enrolled_ms, rotated_ms, last_seen_ms,
                   firmware_version, online, uptime_s, free_memory, queue_depth, wifi_rssi, scanner, last_status_ms,
                   last_will_ms, unreadable_records
            FROM nodes ORDER BY node_id
            """;
        using var r = cmd.ExecuteReader();
        var list = new List<NodeRecord>();
        while (r.Read())
        {
            list.Add(new NodeRecord
            {
                NodeId = r.GetString(0),
                CheckpointId = r.GetString(1),
                Direction = (DoorDirection)r.GetInt32(2),
                PasswordHash = r.GetString(3),
                Enabled = r.GetInt64(4) != 0,
                EnrolledMs = r.GetInt64(5),
                RotatedMs = r.GetInt64(6),
                LastSeenMs = r.IsDBNull(7) ? null : r.GetInt64(7),
                FirmwareVersion = r.IsDBNull(8) ? null : r.GetString(8),
                Online = r.IsDBNull(9) ? null : r.GetInt64(9) != 0,
                UptimeSeconds = r.IsDBNull(10) ? null : r.GetInt64(10),
                FreeMemoryBytes = r.IsDBNull(11) ? null : r.GetInt64(11),
                QueueDepth = r.IsDBNull(12) ? null : r.GetInt64(12),
                WifiRssi = r.IsDBNull(13) ? null : r.GetInt32(13),
                Scanner = r.IsDBNull(14) ? null : (ScannerHealth)r.GetInt32(14),
                LastStatusMs = r.IsDBNull(15) ? null : r.GetInt64(15),
                LastWillMs = r.IsDBNull(16) ? null : r.GetInt64(16),
                UnreadableRecords = r.IsDBNull(17) ? null : r.GetInt64(17),
            });
        }

        return list;
    }

    /// <summary>Inserts a node; false when the id exists.</summary>
    public bool InsertNode(NodeRecord node)
    {
        lock (_writeLock)
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = """
                INSERT INTO nodes(node_id, checkpoint_id, direction, password_hash, enabled, enrolled_ms, rotated_ms)
                VALUES($id, $cp, $dir, $hash, $en, $t, $t) ON CONFLICT(node_id) DO NOTHING
                """;
            cmd.Parameters.AddWithValue("$id", node.NodeId);
            cmd.Parameters.AddWithValue("$cp", node.CheckpointId);
            cmd.Parameters.AddWithValue("$dir", (int)node.Direction);
            cmd.Parameters.AddWithValue("$hash", node.PasswordHash);
            cmd.Parameters.AddWithValue("$en", node.Enabled ? 1 : 0);
            cmd.Parameters.AddWithValue("$t", node.EnrolledMs);
            return cmd.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>New password hash (and checkpoint/direction), re-enables the node; false when unknown.</summary>
    public bool RotateNode(string nodeId, string checkpointId, DoorDirection direction, string passwordHash, long nowMs)
    {
        lock (_writeLock)
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = """
                UPDATE nodes SET password_hash = $hash, checkpoint_id = $cp, direction = $dir, enabled = 1, rotated_ms = $t
                WHERE node_id = $id
                """;
            cmd.Parameters.AddWithValue("$id", nodeId);
            cmd.Parameters.AddWithValue("$cp", checkpointId);
            cmd.Parameters.AddWithValue("$dir", (int)direction);
            cmd.Parameters.AddWithValue("$hash", passwordHash);
            cmd.Parameters.AddWithValue("$t", nowMs);
            return cmd.ExecuteNonQuery() == 1;
        }
    }

    public bool SetNodeEnabled(string nodeId, bool enabled)
    {
        lock (_writeLock)
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = "UPDATE nodes SET enabled = $en WHERE node_id = $id";
            cmd.Parameters.AddWithValue("$id", nodeId);
            cmd.Parameters.AddWithValue("$en", enabled ? 1 : 0);
            return cmd.ExecuteNonQuery() == 1;
        }
    }

    // ---------------- ingest ----------------

    /// <summary>
    /// Runs <paramref name="work"/> inside one write transaction (committed when it returns, rolled back when it
    /// throws). Everything a batch of MQTT messages writes goes through here.
    /// </summary>
    public T InTransaction<T>(Func<IngestTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                var result = RunTransaction(work);
                Health.ReportSuccess();
                return result;
            }
            catch (Exception ex) when (ex is SqliteException or IOException)
            {
                Health.ReportFailure(ex, DateTimeOffset.UtcNow);
                throw;
            }
        }
    }

    /// <summary>Whether writes succeed (set by every <see cref="InTransaction{T}"/>): what /health reports, since reads work on a full disk.</summary>
    public StoreHealth Health { get; } = new();

    private T RunTransaction<T>(Func<IngestTransaction, T> work)
    {
        _ingest ??= new IngestTransaction(_writer);
        using var tx = _writer.BeginTransaction();
        _ingest.Begin(tx);
        try
        {
            var result = work(_ingest);
            tx.Commit();
            return result;
        }
        catch
        {
            tx.Rollback();
            throw;
        }
        finally
        {
            _ingest.End();
        }
    }

    /// <summary>
    /// Passed check-ins (checkpoint, direction, event time, identity hash) received since <paramref name="sinceMs"/>, oldest
    /// first, to seed the occupancy and the duplicate window at start (uses the received_ms index).
    /// </summary>
    public IReadOnlyList<(string CheckpointId, DoorDirection Direction, long EventMs, string? IdentityHash)> PassesSince(long sinceMs)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT checkpoint_id, direction, event_ms, identity_hash FROM checkins WHERE received_ms >= $since AND result = 1 ORDER BY id";
        cmd.Parameters.AddWithValue("$since", sinceMs);
        using var r = cmd.ExecuteReader();
        var list = new List<(string, DoorDirection, long, string?)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), (DoorDirection)r.GetInt32(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3)));
        }

        return list;
    }

    // ---------------- deny list ----------------

    public IReadOnlyList<string> LoadDenyList()
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT identity_hash FROM deny_list";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    /// <summary>Applies one deny-list page and its cursor in one transaction (<paramref name="reset"/> empties the list first).</summary>
    public void ApplyDenyList(bool reset, IEnumerable<string> added, IEnumerable<string> removed, string? cursor, long nowMs)
    {
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction();
            if (reset)
            {
                Exec(_writer, "DELETE FROM deny_list", tx);
            }

            using var cmd = _writer.CreateCommand();
            cmd.Transaction = tx;
            var h = cmd.Parameters.Add("$h", SqliteType.Text);
            cmd.Parameters.AddWithValue("$t", nowMs);
            cmd.CommandText = "INSERT OR IGNORE INTO deny_list(identity_hash, added_ms) VALUES($h, $t)";
            foreach (var hash in added)
            {
                h.Value = hash;
                cmd.ExecuteNonQuery();
            }

            cmd.CommandText = "DELETE FROM deny_list WHERE identity_hash = $h";
            foreach (var hash in removed)
            {
                h.Value = hash;
                cmd.ExecuteNonQuery();
            }

            if (cursor is not null)
            {
                cmd.CommandText = "INSERT INTO settings(key, value) VALUES('denylist.cursor', $h) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
                h.Value = cursor;
                cmd.ExecuteNonQuery();
            }
            else if (reset)
            {
                Exec(_writer, "DELETE FROM settings WHERE key = 'denylist.cursor'", tx);
            }

            tx.Commit();
        }
    }

    // ---------------- outbox ----------------

    /// <summary>Oldest pending outbox entries first, as the uploader's records (check-ins and presence records).</summary>
    public IReadOnlyList<OutboxRecord> ReadPendingOutbox(int max)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT o.id, o.kind,
                   c.node_id, c.sequence, c.checkpoint_id, c.direction, c.event_ms, c.qr_kind, c.document_masked, c.identity_hash, c.result, c.reason,
                   b.node_id, b.sequence, b.checkpoint_id, b.node_time_ms, p.idx, p.beacon_type, p.beacon_id, p.first_seen_ms, p.last_seen_ms,
                   p.max_rssi, p.mean_rssi, p.seen_count, n.direction
            FROM outbox o
            LEFT JOIN checkins c ON o.kind = 0 AND c.id = o.ref_id
            LEFT JOIN presence_records p ON o.kind = 1 AND p.id = o.ref_id
            LEFT JOIN presence_batches b ON b.id = p.batch_id
            LEFT JOIN nodes n ON n.node_id = b.node_id
            WHERE o.state = 0 ORDER BY o.id LIMIT $max
            """;
        cmd.Parameters.AddWithValue("$max", max);
        using var r = cmd.ExecuteReader();
        var list = new List<OutboxRecord>();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (r.GetInt32(1) == 0 && !r.IsDBNull(2))
            {
                list.Add(OutboxRecord.CheckIn(
                    id, r.GetString(2), (uint)r.GetInt64(3), r.GetString(4), WireNames.Direction((DoorDirection)r.GetInt32(5)), r.GetInt64(6),
                    WireNames.QrKind((QrKind)r.GetInt32(7)), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
                    (VerdictResult)r.GetInt32(10) == VerdictResult.Pass ? "pass" : "fail", WireNames.Reason((ReasonCode)r.GetInt32(11))));
            }
            else if (!r.IsDBNull(12) && !r.IsDBNull(18))
            {
                list.Add(OutboxRecord.PresenceSeen(
                    id, r.GetString(12), (uint)r.GetInt64(13), r.GetInt32(16), r.GetString(14),
                    WireNames.Direction(r.IsDBNull(24) ? DoorDirection.In : (DoorDirection)r.GetInt32(24)), r.GetInt64(15),
                    WireNames.Beacon((BeaconType)r.GetInt32(17)), Convert.ToHexStringLower((byte[])r.GetValue(18)),
                    r.GetInt64(19), r.GetInt64(20), r.GetInt32(21), r.GetInt32(22), r.GetInt32(23)));
            }
        }

        return list;
    }

    /// <summary>Moves pending entries to <paramref name="state"/>; returns how many changed (non-pending ids are ignored).</summary>
    public int MarkOutbox(IEnumerable<long> ids, OutboxState state, string? error, long nowMs)
    {
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction();
            using var cmd = _writer.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE outbox SET state = $s, updated_ms = $t, last_error = $e, attempts = attempts + 1 WHERE id = $id AND state = 0";
            cmd.Parameters.AddWithValue("$s", (int)state);
            cmd.Parameters.AddWithValue("$t", nowMs);
            cmd.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
            var id = cmd.Parameters.Add("$id", SqliteType.Integer);
            var n = 0;
            foreach (var i in ids)
            {
                id.Value = i;
                n += cmd.ExecuteNonQuery();
            }

            tx.Commit();
            return n;
        }
    }

    /// <summary>Counts by outbox state and the oldest pending entry's time.</summary>
    public (long Pending, long Uploaded, long Rejected, long Expired, long? OldestPendingMs) OutboxStats()
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT
              (SELECT count(*) FROM outbox WHERE state = 0),
              (SELECT count(*) FROM outbox WHERE state = 1),
              (SELECT count(*) FROM outbox WHERE state = 2),
              (SELECT count(*) FROM outbox WHERE state = 3),
              (SELECT min(created_ms) FROM outbox WHERE state = 0)
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4));
    }

    /// <summary>Pending outbox entries (cheap: uses the state index).</summary>
    public long CountPendingOutbox()
    {
        using var c = OpenReader();
        return Convert.ToInt64(Scalar(c, "SELECT count(*) FROM outbox WHERE state = 0"));
    }

    /// <summary>Bytes the database uses on disk (main file + WAL).</summary>
    public long DiskBytes()
    {
        long size = 0;
        foreach (var f in new[] { Path, Path + "-wal" })
        {
            try
            {
                size += new FileInfo(f).Length;
            }
            catch (IOException)
            {
            }
        }

        return size;
    }

    // ---------------- settings ----------------

    public string? GetSetting(string key)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT value FROM settings WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    // ---------------- retention ----------------

    /// <summary>
    /// Erases personal fields of everything received before <paramref name="cutoffMs"/>: a check-in's identity
    /// hash and masked document number, a presence record's beacon id; pending outbox entries of those
    /// check-ins become Expired (never uploaded without their identity). Counts, times and verdicts stay for reports.
    /// </summary>
    public PurgeResult Purge(long cutoffMs, long nowMs)
    {
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction();
            using var cmd = _writer.CreateCommand();
            cmd.Transaction = tx;
            cmd.Parameters.AddWithValue("$cut", cutoffMs);
            cmd.Parameters.AddWithValue("$now", nowMs);
            cmd.CommandText = """
                UPDATE outbox SET state = 3, updated_ms = $now, last_error = 'retention expired'
                WHERE state = 0 AND (
                    (kind = 0 AND ref_id IN (SELECT id FROM checkins WHERE received_ms < $cut AND personal_erased_ms IS NULL))
                 OR (kind = 1 AND ref_id IN (SELECT p.id FROM presence_records p JOIN presence_batches b ON b.id = p.batch_id
                                             WHERE b.received_ms < $cut AND p.beacon_id IS NOT NULL)))
                """;
            var expired = cmd.ExecuteNonQuery();
            cmd.CommandText = """
                UPDATE checkins SET identity_hash = NULL, document_masked = NULL, personal_erased_ms = $now
                WHERE received_ms < $cut AND personal_erased_ms IS NULL
                """;
            var checkins = cmd.ExecuteNonQuery();
            cmd.CommandText = """
                UPDATE presence_records SET beacon_id = NULL
                WHERE beacon_id IS NOT NULL AND batch_id IN (SELECT id FROM presence_batches WHERE received_ms < $cut)
                """;
            var presence = cmd.ExecuteNonQuery();
            tx.Commit();
            return new PurgeResult(checkins, presence, expired);
        }
    }

    // ---------------- counts for health / dashboard ----------------

    public long Count(string table)
    {
        if (table is not ("nodes" or "checkins" or "verdicts" or "presence_batches" or "presence_records" or "outbox" or "deny_list" or "settings"))
        {
            throw new ArgumentException("unknown table", nameof(table));
        }

        using var c = OpenReader();
        return Convert.ToInt64(Scalar(c, $"SELECT count(*) FROM {table}"));
    }

    /// <summary>A pooled read connection (WAL: never blocked by the writer). Dispose it.</summary>
    public SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private void CheckpointPassive()
    {
        if (!_checkpointLock.TryEnter())
        {
            return;
        }

        try
        {
            if (!_disposed)
            {
                Exec(_checkpointer, "PRAGMA wal_checkpoint(PASSIVE)");
            }
        }
        catch (SqliteException)
        {
            // Busy or shutting down: the next tick tries again.
        }
        finally
        {
            _checkpointLock.Exit();
        }
    }

    /// <summary>Folds the WAL into the database file (shutdown, tests).</summary>
    public void Checkpoint()
    {
        lock (_writeLock)
        {
            Exec(_writer, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _checkpointTimer.Dispose();
            lock (_checkpointLock)
            {
                _checkpointer.Dispose();
            }

            _ingest?.Dispose();
            try
            {
                Exec(_writer, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            catch (SqliteException)
            {
            }

            _writer.Dispose();
        }
    }

    internal static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
