using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.Gateway.Storage;

/// <summary>
/// The write operations of one ingest batch, on prepared statements reused across batches. Only valid inside
/// <see cref="GatewayStore.InTransaction{T}"/>; reads see the batch's own uncommitted rows.
/// </summary>
public sealed class IngestTransaction : IDisposable
{
    private readonly SqliteCommand _getVerdict;
    private readonly SqliteCommand _insertVerdict;
    private readonly SqliteCommand _insertCheckin;
    private readonly SqliteCommand _insertOutbox;
    private readonly SqliteCommand _insertBatch;
    private readonly SqliteCommand _insertPresence;
    private readonly SqliteCommand _touchNode;
    private readonly SqliteCommand _status;
    private readonly SqliteCommand _lastWill;
    private readonly SqliteCommand[] _all;

    internal IngestTransaction(SqliteConnection c)
    {
        _getVerdict = Make(c, "SELECT result, reason, display_text FROM verdicts WHERE node_id = $n AND sequence = $s", "$n", "$s");
        _insertVerdict = Make(c, """
            INSERT INTO verdicts(node_id, sequence, kind, result, reason, display_text, decided_ms)
            VALUES($n, $s, $k, $r, $why, $text, $t) ON CONFLICT(node_id, sequence) DO NOTHING
            """, "$n", "$s", "$k", "$r", "$why", "$text", "$t");
        _insertCheckin = Make(c, """
            INSERT INTO checkins(node_id, sequence, checkpoint_id, direction, qr_kind, node_time_ms, event_ms, received_ms,
                                 offline_verdict, replayed, result, reason, identity_hash, document_masked)
            VALUES($n, $s, $cp, $dir, $k, $nt, $et, $rt, $ov, $rp, $r, $why, $h, $doc)
            RETURNING id
            """, "$n", "$s", "$cp", "$dir", "$k", "$nt", "$et", "$rt", "$ov", "$rp", "$r", "$why", "$h", "$doc");
        _insertOutbox = Make(c, "INSERT INTO outbox(kind, ref_id, created_ms) VALUES($k, $id, $t)", "$k", "$id", "$t");
        _insertBatch = Make(c, """
            INSERT INTO presence_batches(node_id, sequence, checkpoint_id, node_time_ms, received_ms, record_count)
            VALUES($n, $s, $cp, $nt, $rt, $cnt) RETURNING id
            """, "$n", "$s", "$cp", "$nt", "$rt", "$cnt");
        _insertPresence = Make(c, """
            INSERT INTO presence_records(batch_id, idx, beacon_type, beacon_id, first_seen_ms, last_seen_ms, max_rssi, mean_rssi, seen_count, at_door)
            VALUES($b, $i, $ty, $id, $f, $l, $mx, $mn, $c, $d) RETURNING id
            """, "$b", "$i", "$ty", "$id", "$f", "$l", "$mx", "$mn", "$c", "$d");
        _touchNode = Make(c, "UPDATE nodes SET online = 1, last_seen_ms = max(coalesce(last_seen_ms, 0), $t) WHERE node_id = $n", "$n", "$t");
        _status = Make(c, """
            UPDATE nodes SET firmware_version = coalesce($fw, firmware_version), uptime_s = $up, free_memory = $mem, queue_depth = $q,
                             wifi_rssi = $rssi, scanner = $sc, unreadable_records = $bad, last_status_ms = $t
            WHERE node_id = $n
            """, "$n", "$fw", "$up", "$mem", "$q", "$rssi", "$sc", "$bad", "$t");
        _lastWill = Make(c, """
            UPDATE nodes SET online = 0, firmware_version = coalesce($fw, firmware_version), last_will_ms = $t WHERE node_id = $n
            """, "$n", "$fw", "$t");
        _all = [_getVerdict, _insertVerdict, _insertCheckin, _insertOutbox, _insertBatch, _insertPresence, _touchNode, _status, _lastWill];
    }

    /// <summary>The verdict already stored for (node, sequence), if this is a duplicate delivery.</summary>
    public StoredVerdict? FindVerdict(string nodeId, uint sequence)
    {
        Set(_getVerdict, nodeId, (long)sequence);
        using var r = _getVerdict.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return new StoredVerdict((VerdictResult)r.GetInt32(0), (ReasonCode)r.GetInt32(1), r.GetString(2));
    }

    /// <summary>
    /// Claims the idempotency key (node, sequence) with its answer; false when it was already stored (a duplicate
    /// delivery: then store nothing else and re-send <see cref="FindVerdict"/>'s answer).
    /// </summary>
    public bool TryInsertVerdict(string nodeId, uint sequence, CheckinKind kind, VerdictResult result, ReasonCode reason, string text, long nowMs)
    {
        Set(_insertVerdict, nodeId, (long)sequence, (int)kind, (int)result, (int)reason, text, nowMs);
        return _insertVerdict.ExecuteNonQuery() == 1;
    }

    /// <summary>Inserts a QR check-in and its outbox entry; returns the check-in id.</summary>
    public long InsertQrCheckin(in QrCheckinRow row)
    {
        Set(_insertCheckin, row.NodeId, (long)row.Sequence, row.CheckpointId, (int)row.Direction, (int)row.Kind, row.NodeTimeMs, row.EventMs,
            row.ReceivedMs, row.OfflineVerdict ? 1 : 0, row.Replayed ? 1 : 0, (int)row.Result, (int)row.Reason,
            (object?)row.IdentityHash ?? DBNull.Value, (object?)row.DocumentMasked ?? DBNull.Value);
        var id = (long)_insertCheckin.ExecuteScalar()!;
        Set(_insertOutbox, 0, id, row.ReceivedMs);
        _insertOutbox.ExecuteNonQuery();
        return id;
    }

    /// <summary>Inserts a presence batch, its records and one outbox entry per record; returns the batch id.</summary>
    public long InsertPresenceBatch(string nodeId, uint sequence, string checkpointId, long nodeTimeMs, long receivedMs, PresenceRecord[] records)
    {
        Set(_insertBatch, nodeId, (long)sequence, checkpointId, nodeTimeMs, receivedMs, records.Length);
        var batchId = (long)_insertBatch.ExecuteScalar()!;
        for (var i = 0; i < records.Length; i++)
        {
            var p = records[i];
            Set(_insertPresence, batchId, i, (int)p.Type, p.Id ?? [], p.FirstSeenMs, p.LastSeenMs, p.MaxRssi, p.MeanRssi, p.Count, p.AtDoor ? 1 : 0);
            var recordId = (long)_insertPresence.ExecuteScalar()!;
            Set(_insertOutbox, 1, recordId, receivedMs);
            _insertOutbox.ExecuteNonQuery();
        }

        return batchId;
    }

    /// <summary>A frame of the node itself arrived at <paramref name="seenMs"/>: it is alive (online again after a last will).</summary>
    public void TouchNode(string nodeId, long seenMs)
    {
        Set(_touchNode, nodeId, seenMs);
        _touchNode.ExecuteNonQuery();
    }

    /// <summary>
    /// Applies a status report (Online = true): every one, latest arrival wins, never deduplicated. Does not mark the
    /// node alive by itself: call <see cref="TouchNode"/> for a live (not retained) frame.
    /// </summary>
    public void ApplyStatus(string nodeId, NodeStatus status, long receivedMs)
    {
        Set(_status, nodeId, (object?)status.FirmwareVersion ?? DBNull.Value, (long)status.UptimeSeconds,
            (long)status.FreeMemoryBytes, (long)status.QueueDepth, status.WifiRssi, (int)status.Scanner, (long)status.UnreadableRecords, receivedMs);
        _status.ExecuteNonQuery();
    }

    /// <summary>The broker delivered the node's last will (Online = false): offline until its next frame; the last health figures stay.</summary>
    public void ApplyLastWill(string nodeId, NodeStatus will, long receivedMs)
    {
        Set(_lastWill, nodeId, (object?)will.FirmwareVersion ?? DBNull.Value, receivedMs);
        _lastWill.ExecuteNonQuery();
    }

    internal void Begin(SqliteTransaction tx)
    {
        foreach (var c in _all)
        {
            c.Transaction = tx;
        }
    }

    internal void End()
    {
        foreach (var c in _all)
        {
            c.Transaction = null;
        }
    }

    public void Dispose()
    {
        foreach (var c in _all)
        {
            c.Dispose();
        }
    }

    private static SqliteCommand Make(SqliteConnection c, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = n });
        }

        return cmd;
    }

    private static void Set(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i];
        }
    }
}
