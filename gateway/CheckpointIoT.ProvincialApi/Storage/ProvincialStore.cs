using CheckpointIoT.ProvincialApi.Contract;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>
/// SQLite (WAL) storage of the reference server. One writer connection serialised by a semaphore (every batch is
/// one transaction with prepared statements); readers open pooled connections of their own.
/// Idempotent on (gateway id, record id): INSERT OR IGNORE, the first copy of a record wins.
/// </summary>
internal sealed class ProvincialStore : IDisposable
{
    /// <summary>Presence records that started more than this before a check-in are not matched by the beacon figure.</summary>
    public const long BeaconLookbackMs = 60 * 60 * 1000;

    /// <summary>Rejection code of a record whose checkpoint no gateway registered.</summary>
    public const string CheckpointNotRegistered = "checkpoint_not_registered";

    /// <summary>Rejection code of a record whose checkpoint another gateway registered.</summary>
    public const string CheckpointNotOwned = "checkpoint_not_owned";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly RawInsert _insertCheckIns;
    private readonly RawInsert _insertPresence;
    private readonly SqliteCommand _insertRejected;
    private int _queuedWriters;

    public ProvincialStore(string dbPath)
    {
        var full = Path.GetFullPath(dbPath);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        MakePrivate(full);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        DbPath = full;
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Exec(_writer, Schema.Pragmas);
        Exec(_writer, Schema.Create);

        _insertCheckIns = new RawInsert(_writer, "checkins",
            ["gateway_id", "record_id", "checkpoint_id", "direction", "ts_ms", "qr_kind", "masked_id", "id_hash", "verdict", "reason", "received_ms"]);
        _insertPresence = new RawInsert(_writer, "presence",
            ["gateway_id", "record_id", "checkpoint_id", "beacon_type", "rotating_id", "first_ms", "last_ms", "rssi_max", "rssi_mean", "seen_count", "received_ms"]);
        _insertRejected = _writer.CreateCommand();
        _insertRejected.CommandText = """
            INSERT INTO rejected_records (gateway_id, batch_id, record_id, section, idx, code, reason, received_ms)
            VALUES ($gw, $batch, $id, $section, $idx, $code, $reason, $now)
            """;
        AddParams(_insertRejected, "$gw", "$batch", "$id", "$section", "$idx", "$code", "$reason", "$now");
    }

    public string DbPath { get; }

    /// <summary>Number of batches waiting for (or holding) the writer.</summary>
    public int QueuedWriters => Volatile.Read(ref _queuedWriters);

    /// <summary>
    /// Reserves a place in the writer queue; false when <paramref name="maxQueued"/> batches already wait
    /// (the caller answers 503). Every successful call must be paired with <see cref="LeaveQueue"/>.
    /// </summary>
    public bool TryEnterQueue(int maxQueued)
    {
        if (Interlocked.Increment(ref _queuedWriters) > maxQueued)
        {
            Interlocked.Decrement(ref _queuedWriters);
            return false;
        }
        return true;
    }

    public void LeaveQueue() => Interlocked.Decrement(ref _queuedWriters);

    /// <summary>Stores a parsed batch in one transaction. A batch id seen before is reported as duplicate (still applied idempotently).</summary>
    public async Task<BatchIngestResult> IngestAsync(string gatewayId, ParsedBatch batch, long nowMs, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            var duplicateBatch = Scalar(_writer, tx, "SELECT COUNT(*) FROM batches WHERE gateway_id = $gw AND batch_id = $b",
                ("$gw", gatewayId), ("$b", batch.BatchId)) > 0;

            var owners = ReadOwners(tx, batch.CheckIns.Select(r => r.CheckpointId).Concat(batch.Presence.Select(r => r.CheckpointId)));
            var ownership = new List<RecordRejection>();
            var ownCheckIns = KeepOwn(batch.CheckIns, r => r.CheckpointId, r => (r.Id, r.Index), BatchParser.CheckInsSection, gatewayId, owners, ownership);
            var ownPresence = KeepOwn(batch.Presence, r => r.CheckpointId, r => (r.Id, r.Index), BatchParser.PresenceSection, gatewayId, owners, ownership);

            var acceptedCheckIns = _insertCheckIns.Insert(ownCheckIns, (b, r) =>
            {
                b.Text(1, gatewayId);
                b.Text(2, r.Id);
                b.Text(3, r.CheckpointId);
                b.Text(4, r.Direction);
                b.Int(5, r.TimestampMs);
                b.Text(6, r.QrKind);
                b.Text(7, r.MaskedId);
                b.Text(8, r.IdHash);
                b.Text(9, r.Verdict);
                b.Text(10, r.ReasonCode);
                b.Int(11, nowMs);
            });
            var acceptedPresence = _insertPresence.Insert(ownPresence, (b, r) =>
            {
                b.Text(1, gatewayId);
                b.Text(2, r.Id);
                b.Text(3, r.CheckpointId);
                b.Text(4, r.BeaconType);
                b.Text(5, r.RotatingId);
                b.Int(6, r.FirstSeenMs);
                b.Int(7, r.LastSeenMs);
                b.Int(8, r.RssiMax);
                b.Int(9, r.RssiMean);
                b.Int(10, r.Count);
                b.Int(11, nowMs);
            });
            var accepted = acceptedCheckIns + acceptedPresence;
            var duplicates = ownCheckIns.Count + ownPresence.Count - accepted;

            var rejections = new List<RecordRejection>(batch.Rejections);
            rejections.AddRange(ownership);
            if (duplicateBatch)
            {
                // Report the outcome the first delivery had, so a client that lost the first answer can finish its bookkeeping.
                // Ownership is judged now, not replayed: a record whose checkpoint was registered since is stored by this copy.
                var seen = new HashSet<(string, int)>(rejections.Select(r => (r.Section, r.Index)));
                foreach (var old in ReadRejections(tx, gatewayId, batch.BatchId))
                {
                    if (!IsOwnershipCode(old.Code) && seen.Add((old.Section, old.Index)))
                    {
                        rejections.Add(old);
                    }
                }
            }
            else
            {
                Exec(_writer, tx, """
                    INSERT INTO batches (gateway_id, batch_id, received_ms, records, accepted, duplicates, rejected)
                    VALUES ($gw, $b, $now, $n, $a, $d, $r)
                    """, ("$gw", gatewayId), ("$b", batch.BatchId), ("$now", nowMs), ("$n", batch.ReceivedCount),
                    ("$a", accepted), ("$d", duplicates), ("$r", rejections.Count));
                _insertRejected.Transaction = tx;
                var p = _insertRejected.Parameters;
                foreach (var r in rejections)
                {
                    p[0].Value = gatewayId;
                    p[1].Value = batch.BatchId;
                    p[2].Value = (object?)r.Id ?? DBNull.Value;
                    p[3].Value = r.Section;
                    p[4].Value = r.Index;
                    p[5].Value = r.Code;
                    p[6].Value = r.Reason;
                    p[7].Value = nowMs;
                    _insertRejected.ExecuteNonQuery();
                }
            }

            Exec(_writer, tx, """
                INSERT INTO gateways (gateway_id, first_seen_ms, last_seen_ms, batches) VALUES ($gw, $now, $now, 1)
                ON CONFLICT (gateway_id) DO UPDATE SET last_seen_ms = excluded.last_seen_ms, batches = batches + 1
                """, ("$gw", gatewayId), ("$now", nowMs));
            AddCounter(tx, "checkins", acceptedCheckIns);
            AddCounter(tx, "presence", acceptedPresence);
            AddCounter(tx, duplicateBatch ? "duplicate_batches" : "batches", 1);
            AddCounter(tx, "duplicate_records", duplicates);
            if (!duplicateBatch)
            {
                AddCounter(tx, "rejected_records", rejections.Count);
                AddCounter(tx, "rejected_not_owned", ownership.Count(r => r.Code == CheckpointNotOwned));
                AddCounter(tx, "rejected_not_registered", ownership.Count(r => r.Code == CheckpointNotRegistered));
            }
            tx.Commit();
            return new BatchIngestResult(batch.BatchId, duplicateBatch, batch.ReceivedCount, accepted, duplicates, rejections);
        }
        finally
        {
            _insertRejected.Transaction = null;
            _writeLock.Release();
        }
    }

    public StatsSnapshot GetStats()
    {
        using var c = OpenReader();
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name, value FROM counters";
            using var rd = cmd.ExecuteReader();
            while (rd.Read())
            {
                counters[rd.GetString(0)] = rd.GetInt64(1);
            }
        }
        long Get(string name) => counters.TryGetValue(name, out var v) ? v : 0;
        return new StatsSnapshot(
            Get("checkins"), Get("presence"), Get("batches"), Get("duplicate_batches"), Get("duplicate_records"),
            Get("rejected_records"), Get("rejected_not_owned"), Get("rejected_not_registered"),
            Scalar(c, null, "SELECT COUNT(*) FROM gateways"),
            Scalar(c, null, "SELECT COUNT(*) FROM checkpoints"),
            Scalar(c, null, "SELECT COUNT(*) FROM denylist WHERE active = 1"));
    }

    public async Task<RegisterOutcome> RegisterCheckpointAsync(CheckpointRegistration reg, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            string? owner = null;
            using (var cmd = _writer.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT gateway_id FROM checkpoints WHERE checkpoint_id = $id";
                cmd.Parameters.AddWithValue("$id", reg.CheckpointId);
                owner = cmd.ExecuteScalar() as string;
            }
            if (owner is not null && owner != reg.GatewayId)
            {
                return RegisterOutcome.OwnedByOtherGateway;
            }
            Exec(_writer, tx, """
                INSERT INTO checkpoints (checkpoint_id, gateway_id, name, unit, district, province, address, registered_ms, updated_ms)
                VALUES ($id, $gw, $name, $unit, $district, $province, $address, $now, $now)
                ON CONFLICT (checkpoint_id) DO UPDATE SET name = excluded.name, unit = excluded.unit,
                    district = excluded.district, province = excluded.province, address = excluded.address,
                    updated_ms = excluded.updated_ms
                """, ("$id", reg.CheckpointId), ("$gw", reg.GatewayId), ("$name", reg.Name), ("$unit", reg.Unit),
                ("$district", reg.District), ("$province", reg.Province), ("$address", reg.Address), ("$now", reg.UpdatedMs));
            tx.Commit();
            return owner is null ? RegisterOutcome.Created : RegisterOutcome.Updated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public IReadOnlyList<CheckpointRegistration> GetCheckpoints(string? district)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT checkpoint_id, gateway_id, name, unit, district, province, address, registered_ms, updated_ms
            FROM checkpoints WHERE ($d IS NULL OR district = $d) ORDER BY district, unit, checkpoint_id
            """;
        cmd.Parameters.AddWithValue("$d", (object?)district ?? DBNull.Value);
        using var rd = cmd.ExecuteReader();
        var list = new List<CheckpointRegistration>();
        while (rd.Read())
        {
            list.Add(new CheckpointRegistration(rd.GetString(0), rd.GetString(1), rd.GetString(2), rd.GetString(3),
                rd.GetString(4), rd.IsDBNull(5) ? null : rd.GetString(5), rd.IsDBNull(6) ? null : rd.GetString(6),
                rd.GetInt64(7), rd.GetInt64(8)));
        }
        return list;
    }

    /// <summary>
    /// Scan figures per checkpoint: scans up to <paramref name="untilMs"/>, scans in [sinceMs, untilMs), and of those the
    /// check-ins with a tracing-app beacon (gaen, bluezone, bluetrace) seen at the same checkpoint within ±windowMs.
    /// </summary>
    public Dictionary<string, CheckpointTraffic> GetTraffic(string? district, long sinceMs, long untilMs, long windowMs)
    {
        using var c = OpenReader();
        var filter = district is null ? "" : "AND c.checkpoint_id IN (SELECT checkpoint_id FROM checkpoints WHERE district = $d)";
        var result = new Dictionary<string, CheckpointTraffic>(StringComparer.Ordinal);
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT c.checkpoint_id, COUNT(*), SUM(CASE WHEN c.ts_ms >= $since THEN 1 ELSE 0 END), MAX(c.ts_ms)
                FROM checkins c WHERE c.ts_ms < $until {filter} GROUP BY c.checkpoint_id
                """;
            cmd.Parameters.AddWithValue("$since", sinceMs);
            cmd.Parameters.AddWithValue("$until", untilMs);
            cmd.Parameters.AddWithValue("$d", (object?)district ?? DBNull.Value);
            using var rd = cmd.ExecuteReader();
            while (rd.Read())
            {
                var id = rd.GetString(0);
                result[id] = new CheckpointTraffic(id, rd.GetInt64(1), rd.GetInt64(2), 0, rd.GetInt64(3));
            }
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT c.checkpoint_id, COUNT(*) FROM checkins c
                WHERE c.ts_ms >= $since AND c.ts_ms < $until {filter}
                  AND EXISTS (SELECT 1 FROM presence p
                      WHERE p.checkpoint_id = c.checkpoint_id
                        AND p.first_ms <= c.ts_ms + $w AND p.first_ms >= c.ts_ms - $w - $lookback
                        AND p.last_ms >= c.ts_ms - $w
                        AND p.beacon_type IN ('gaen', 'bluezone', 'bluetrace'))
                GROUP BY c.checkpoint_id
                """;
            cmd.Parameters.AddWithValue("$since", sinceMs);
            cmd.Parameters.AddWithValue("$until", untilMs);
            cmd.Parameters.AddWithValue("$w", windowMs);
            cmd.Parameters.AddWithValue("$lookback", BeaconLookbackMs);
            cmd.Parameters.AddWithValue("$d", (object?)district ?? DBNull.Value);
            using var rd = cmd.ExecuteReader();
            while (rd.Read())
            {
                var id = rd.GetString(0);
                if (result.TryGetValue(id, out var t))
                {
                    result[id] = t with { CheckInsWithBeaconInWindow = rd.GetInt64(1) };
                }
            }
        }
        return result;
    }

    /// <summary>Adds (or extends) a quarantine order; hashes not yet on the deny list are added to it.</summary>
    public async Task<int> AddQuarantineOrderAsync(string orderRef, IReadOnlyCollection<string> idHashes, long? untilMs, long nowMs, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            foreach (var h in idHashes)
            {
                Exec(_writer, tx, """
                    INSERT INTO quarantine_orders (order_ref, id_hash, until_ms, lifted, created_ms) VALUES ($o, $h, $u, 0, $now)
                    ON CONFLICT (order_ref, id_hash) DO UPDATE SET until_ms = excluded.until_ms, lifted = 0
                    """, ("$o", orderRef), ("$h", h), ("$u", untilMs), ("$now", nowMs));
            }
            var changed = RecomputeDenyList(tx, idHashes, nowMs);
            tx.Commit();
            return changed;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Lifts a quarantine order; its hashes leave the deny list unless another active order covers them. Returns false when unknown.</summary>
    public async Task<bool> LiftQuarantineOrderAsync(string orderRef, long nowMs, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            var hashes = new List<string>();
            using (var cmd = _writer.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT id_hash FROM quarantine_orders WHERE order_ref = $o";
                cmd.Parameters.AddWithValue("$o", orderRef);
                using var rd = cmd.ExecuteReader();
                while (rd.Read())
                {
                    hashes.Add(rd.GetString(0));
                }
            }
            if (hashes.Count == 0)
            {
                return false;
            }
            Exec(_writer, tx, "UPDATE quarantine_orders SET lifted = 1 WHERE order_ref = $o", ("$o", orderRef));
            RecomputeDenyList(tx, hashes, nowMs);
            tx.Commit();
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Deny-list changes after <paramref name="since"/> (null = full snapshot). Expired orders are turned into removals first.
    /// A cursor beyond the newest change (the server's database was replaced) also yields a full snapshot.
    /// </summary>
    public async Task<DenyListPage> GetDenyListAsync(long? since, int limit, long nowMs, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            var expired = new List<string>();
            using (var cmd = _writer.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    SELECT d.id_hash FROM denylist d WHERE d.active = 1 AND NOT EXISTS (
                        SELECT 1 FROM quarantine_orders q WHERE q.id_hash = d.id_hash AND q.lifted = 0
                          AND (q.until_ms IS NULL OR q.until_ms > $now))
                    """;
                cmd.Parameters.AddWithValue("$now", nowMs);
                using var rd = cmd.ExecuteReader();
                while (rd.Read())
                {
                    expired.Add(rd.GetString(0));
                }
            }
            if (expired.Count > 0)
            {
                RecomputeDenyList(tx, expired, nowMs);
            }
            tx.Commit();
        }
        finally
        {
            _writeLock.Release();
        }

        using var c = OpenReader();
        using var read = c.BeginTransaction(deferred: true); // one consistent snapshot for the page
        var maxSeq = Scalar(c, read, "SELECT COALESCE(MAX(seq), 0) FROM denylist_changes");
        if (since is null || since.Value > maxSeq)
        {
            var all = new List<string>();
            using var cmd = c.CreateCommand();
            cmd.Transaction = read;
            cmd.CommandText = "SELECT id_hash FROM denylist WHERE active = 1 AND changed_seq <= $max ORDER BY id_hash";
            cmd.Parameters.AddWithValue("$max", maxSeq);
            using var rd = cmd.ExecuteReader();
            while (rd.Read())
            {
                all.Add(rd.GetString(0));
            }
            return new DenyListPage(maxSeq.ToString(System.Globalization.CultureInfo.InvariantCulture), true, false, all, []);
        }

        var final = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        long last = since.Value;
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = read;
            cmd.CommandText = "SELECT seq, id_hash, op FROM denylist_changes WHERE seq > $s ORDER BY seq LIMIT $l";
            cmd.Parameters.AddWithValue("$s", since.Value);
            cmd.Parameters.AddWithValue("$l", limit);
            using var rd = cmd.ExecuteReader();
            while (rd.Read())
            {
                last = rd.GetInt64(0);
                var hash = rd.GetString(1);
                if (!final.ContainsKey(hash))
                {
                    order.Add(hash);
                }
                final[hash] = rd.GetString(2);
            }
        }
        var added = order.Where(h => final[h] == "add").ToList();
        var removed = order.Where(h => final[h] == "remove").ToList();
        return new DenyListPage(last.ToString(System.Globalization.CultureInfo.InvariantCulture), false, last < maxSeq, added, removed);
    }

    public void Dispose()
    {
        _insertCheckIns.Dispose();
        _insertPresence.Dispose();
        _insertRejected.Dispose();
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private int RecomputeDenyList(SqliteTransaction tx, IEnumerable<string> hashes, long nowMs)
    {
        var changed = 0;
        foreach (var h in hashes.Distinct(StringComparer.Ordinal))
        {
            var shouldBeActive = Scalar(_writer, tx, """
                SELECT COUNT(*) FROM quarantine_orders WHERE id_hash = $h AND lifted = 0 AND (until_ms IS NULL OR until_ms > $now)
                """, ("$h", h), ("$now", nowMs)) > 0;
            var current = Scalar(_writer, tx, "SELECT COALESCE(MAX(active), -1) FROM denylist WHERE id_hash = $h", ("$h", h));
            var isActive = current == 1;
            if (isActive == shouldBeActive)
            {
                continue;
            }
            Exec(_writer, tx, "INSERT INTO denylist_changes (id_hash, op, at_ms) VALUES ($h, $op, $now)",
                ("$h", h), ("$op", shouldBeActive ? "add" : "remove"), ("$now", nowMs));
            var seq = Scalar(_writer, tx, "SELECT last_insert_rowid()");
            Exec(_writer, tx, """
                INSERT INTO denylist (id_hash, active, changed_seq) VALUES ($h, $a, $s)
                ON CONFLICT (id_hash) DO UPDATE SET active = excluded.active, changed_seq = excluded.changed_seq
                """, ("$h", h), ("$a", shouldBeActive ? 1 : 0), ("$s", seq));
            changed++;
        }
        return changed;
    }

    /// <summary>Gateway id that registered each of <paramref name="checkpointIds"/>; ids nobody registered are absent.</summary>
    private Dictionary<string, string> ReadOwners(SqliteTransaction tx, IEnumerable<string> checkpointIds)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cmd = _writer.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT gateway_id FROM checkpoints WHERE checkpoint_id = $id";
        var id = cmd.Parameters.Add(new SqliteParameter("$id", null));
        foreach (var cp in checkpointIds.Distinct(StringComparer.Ordinal))
        {
            id.Value = cp;
            if (cmd.ExecuteScalar() is string owner)
            {
                owners[cp] = owner;
            }
        }
        return owners;
    }

    /// <summary>
    /// The rows whose checkpoint <paramref name="gatewayId"/> registered; every other row gets a rejection in
    /// <paramref name="rejections"/>, so one gateway cannot add records to another unit's report.
    /// </summary>
    private static List<T> KeepOwn<T>(List<T> rows, Func<T, string> checkpointOf, Func<T, (string Id, int Index)> locate, string section,
        string gatewayId, Dictionary<string, string> owners, List<RecordRejection> rejections)
    {
        var own = new List<T>(rows.Count);
        foreach (var row in rows)
        {
            var cp = checkpointOf(row);
            if (owners.TryGetValue(cp, out var owner) && owner == gatewayId)
            {
                own.Add(row);
                continue;
            }
            var (id, index) = locate(row);
            rejections.Add(owner is null
                ? new RecordRejection(id, section, index, CheckpointNotRegistered, $"checkpoint {cp} is not registered (PUT /v1/checkpoints/{cp} first)")
                : new RecordRejection(id, section, index, CheckpointNotOwned, $"checkpoint {cp} is registered by another gateway"));
        }
        return own;
    }

    private static bool IsOwnershipCode(string code) => code is CheckpointNotRegistered or CheckpointNotOwned;

    private List<RecordRejection> ReadRejections(SqliteTransaction tx, string gatewayId, string batchId)
    {
        using var cmd = _writer.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT record_id, section, idx, code, reason FROM rejected_records WHERE gateway_id = $gw AND batch_id = $b";
        cmd.Parameters.AddWithValue("$gw", gatewayId);
        cmd.Parameters.AddWithValue("$b", batchId);
        using var rd = cmd.ExecuteReader();
        var list = new List<RecordRejection>();
        while (rd.Read())
        {
            list.Add(new RecordRejection(rd.IsDBNull(0) ? null : rd.GetString(0), rd.GetString(1), rd.GetInt32(2), rd.GetString(3), rd.GetString(4)));
        }
        return list;
    }

    private void AddCounter(SqliteTransaction tx, string name, long delta)
    {
        if (delta == 0)
        {
            return;
        }
        Exec(_writer, tx, """
            INSERT INTO counters (name, value) VALUES ($n, $d) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
            """, ("$n", name), ("$d", delta));
    }

    private SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private static void AddParams(SqliteCommand cmd, params string[] names)
    {
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter(n, null));
        }
        cmd.Prepare();
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void Exec(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The database holds personal data: created empty with mode 0600 before SQLite opens it (its -wal and -shm files get
    /// the same mode), a wider mode of an existing file narrowed to 0600.
    /// </summary>
    private static void MakePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = owner });
        }
        else if ((File.GetUnixFileMode(path) & ~owner) != 0)
        {
            File.SetUnixFileMode(path, owner);
        }
    }
}
