using System.Text.Json;

namespace CheckpointIoT.ProvincialApi.Contract;

/// <summary>
/// Parses and validates the columnar upload body described in openapi.yaml (schema UploadBatch).
/// Structural problems make the whole envelope invalid; a bad value only rejects its own record.
/// </summary>
internal static class BatchParser
{
    public const string CheckInsSection = "checkins";
    public const string PresenceSection = "presence";

    private static readonly string[] s_checkInRequired = ["id", "cp", "dir", "ts", "qk", "vd"];
    private static readonly string[] s_checkInOptional = ["mid", "idh", "rc"];
    private static readonly string[] s_presenceRequired = ["id", "cp", "bt", "rid", "first", "last", "rmax", "rmean", "n"];

    public static ParsedBatch Parse(JsonElement root, long nowMs, int maxRecords)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParsedBatch.Invalid("", "body must be a JSON object");
        }
        var batchId = root.TryGetProperty("batchId", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : "";
        if (!WireRules.IsValidBatchId(batchId))
        {
            return ParsedBatch.Invalid(batchId, "batchId must be 8-64 characters of A-Z a-z 0-9 . _ -");
        }
        if (root.TryGetProperty("v", out var versionEl) && !(versionEl.ValueKind == JsonValueKind.Number && versionEl.TryGetInt32(out var v) && v == 1))
        {
            return ParsedBatch.Invalid(batchId, "unsupported format version (v must be 1)");
        }

        var checkIns = ReadColumns(root, CheckInsSection, s_checkInRequired, s_checkInOptional, out var checkInCount, out var error);
        if (error is not null)
        {
            return ParsedBatch.Invalid(batchId, error);
        }
        var presence = ReadColumns(root, PresenceSection, s_presenceRequired, [], out var presenceCount, out error);
        if (error is not null)
        {
            return ParsedBatch.Invalid(batchId, error);
        }
        var total = checkInCount + presenceCount;
        if (total == 0)
        {
            return ParsedBatch.Invalid(batchId, "batch holds no records");
        }
        if (total > maxRecords)
        {
            return ParsedBatch.Invalid(batchId, $"batch holds {total} records; the limit is {maxRecords}");
        }

        var batch = new ParsedBatch { BatchId = batchId };
        for (var i = 0; i < checkInCount; i++)
        {
            ParseCheckIn(checkIns!, i, nowMs, batch);
        }
        for (var i = 0; i < presenceCount; i++)
        {
            ParsePresence(presence!, i, nowMs, batch);
        }
        return batch;
    }

    private static Dictionary<string, JsonElement[]>? ReadColumns(JsonElement root, string section, string[] required, string[] optional,
        out int count, out string? error)
    {
        count = 0;
        error = null;
        if (!root.TryGetProperty(section, out var sectionEl) || sectionEl.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (sectionEl.ValueKind != JsonValueKind.Object)
        {
            error = $"{section} must be an object of column arrays";
            return null;
        }
        var columns = new Dictionary<string, JsonElement[]>(StringComparer.Ordinal);
        var length = -1;
        foreach (var name in required.Concat(optional))
        {
            if (!sectionEl.TryGetProperty(name, out var col))
            {
                if (Array.IndexOf(required, name) >= 0)
                {
                    error = $"{section}.{name} is missing";
                    return null;
                }
                continue;
            }
            if (col.ValueKind != JsonValueKind.Array)
            {
                error = $"{section}.{name} must be an array";
                return null;
            }
            var n = col.GetArrayLength();
            if (length >= 0 && n != length)
            {
                error = $"{section}: every column must have the same length ({section}.{name} has {n}, expected {length})";
                return null;
            }
            length = n;
            columns[name] = col.EnumerateArray().ToArray(); // O(1) access per row from here on
        }
        count = Math.Max(length, 0);
        return columns;
    }

    private static void ParseCheckIn(Dictionary<string, JsonElement[]> cols, int i, long nowMs, ParsedBatch batch)
    {
        var id = Str(cols, "id", i);
        if (!WireRules.IsValidRecordId(id))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_id", "id must be 1-64 characters of A-Z a-z 0-9 . _ - :");
            return;
        }
        var cp = Str(cols, "cp", i);
        if (!WireRules.IsValidCheckpointId(cp))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_checkpoint", "cp must be a checkpoint id (1-64 of A-Z a-z 0-9 . _ -)");
            return;
        }
        var dir = Str(cols, "dir", i);
        if (!WireRules.IsValidDirection(dir))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_direction", "dir must be \"in\" or \"out\"");
            return;
        }
        if (!CheckTime(Str(cols, "ts", i), nowMs, "ts", batch, id, CheckInsSection, i, out var ts))
        {
            return;
        }
        var qk = Str(cols, "qk", i);
        if (!WireRules.IsValidQrKind(qk))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_qr_kind", "qk must be one of cccd, unified, bhyt, hc1, nzcp, venue, unknown");
            return;
        }
        if (!OptionalStr(cols, "mid", i, out var mid))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_masked_id", "mid must be a string or null");
            return;
        }
        if (!string.IsNullOrEmpty(mid) && !WireRules.IsMaskedId(mid))
        {
            // Never echo the value: it may be a full ID number.
            Reject(batch, id, CheckInsSection, i, "unmasked_id",
                $"mid must be masked: letters, digits and '*', at least one '*', at most {WireRules.MaxVisibleIdDigits} digits visible");
            return;
        }
        if (!OptionalStr(cols, "idh", i, out var idh) || (!string.IsNullOrEmpty(idh) && !WireRules.IsIdHash(idh)))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_id_hash", "idh must be null or 64 lower-case hex characters (salted SHA-256)");
            return;
        }
        var vd = Str(cols, "vd", i);
        if (!WireRules.IsValidVerdict(vd))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_verdict", "vd must be \"pass\" or \"fail\"");
            return;
        }
        if (!OptionalStr(cols, "rc", i, out var rc) || (!string.IsNullOrEmpty(rc) && !WireRules.IsValidReasonCode(rc)))
        {
            Reject(batch, id, CheckInsSection, i, "invalid_reason_code", "rc must be null or 1-32 of a-z 0-9 _");
            return;
        }
        batch.CheckIns.Add(new CheckInRow(id!, cp!, dir!, ts, qk!, NullIfEmpty(mid), NullIfEmpty(idh), vd!, NullIfEmpty(rc), i));
    }

    private static void ParsePresence(Dictionary<string, JsonElement[]> cols, int i, long nowMs, ParsedBatch batch)
    {
        var id = Str(cols, "id", i);
        if (!WireRules.IsValidRecordId(id))
        {
            Reject(batch, id, PresenceSection, i, "invalid_id", "id must be 1-64 characters of A-Z a-z 0-9 . _ - :");
            return;
        }
        var cp = Str(cols, "cp", i);
        if (!WireRules.IsValidCheckpointId(cp))
        {
            Reject(batch, id, PresenceSection, i, "invalid_checkpoint", "cp must be a checkpoint id (1-64 of A-Z a-z 0-9 . _ -)");
            return;
        }
        var bt = Str(cols, "bt", i);
        if (!WireRules.IsValidBeaconType(bt))
        {
            Reject(batch, id, PresenceSection, i, "invalid_beacon_type", "bt must be one of gaen, bluezone, bluetrace, ibeacon, eddystone, other");
            return;
        }
        var rid = Str(cols, "rid", i);
        if (!WireRules.IsRotatingId(rid))
        {
            Reject(batch, id, PresenceSection, i, "invalid_rotating_id", "rid must be 2-64 lower-case hex characters, even length");
            return;
        }
        if (!CheckTime(Str(cols, "first", i), nowMs, "first", batch, id, PresenceSection, i, out var first)
            || !CheckTime(Str(cols, "last", i), nowMs, "last", batch, id, PresenceSection, i, out var last))
        {
            return;
        }
        if (last < first || last - first > WireRules.MaxPresenceSpanMs)
        {
            Reject(batch, id, PresenceSection, i, "invalid_seen_range", "last must not precede first, and the span must not exceed 24 h");
            return;
        }
        if (!Int(cols, "rmax", i, out var rmax) || !Int(cols, "rmean", i, out var rmean) || rmax is < -127 or > 20 || rmean is < -127 or > 20)
        {
            Reject(batch, id, PresenceSection, i, "invalid_rssi", "rmax and rmean must be integers from -127 to 20 dBm");
            return;
        }
        if (!Int(cols, "n", i, out var n) || n < 1)
        {
            Reject(batch, id, PresenceSection, i, "invalid_count", "n must be a positive integer");
            return;
        }
        batch.Presence.Add(new PresenceRow(id!, cp!, bt!, rid!, first, last, rmax, rmean, n, i));
    }

    private static bool CheckTime(string? value, long nowMs, string field, ParsedBatch batch, string? id, string section, int i, out long ms)
    {
        if (!WireRules.TryParseTimestamp(value, out ms))
        {
            Reject(batch, id, section, i, "invalid_timestamp", $"{field} must be an RFC 3339 timestamp with an explicit offset, e.g. 2025-11-22T08:15:30.123+07:00");
            return false;
        }
        if (ms < WireRules.EarliestMs || ms > nowMs + WireRules.FutureToleranceMs)
        {
            Reject(batch, id, section, i, "timestamp_out_of_range", $"{field} must lie between 2020-01-01 and one day after the server's clock");
            return false;
        }
        return true;
    }

    private static void Reject(ParsedBatch batch, string? id, string section, int index, string code, string reason) =>
        batch.Rejections.Add(new RecordRejection(id, section, index, code, reason));

    private static string? Str(Dictionary<string, JsonElement[]> cols, string name, int i)
    {
        var el = cols[name][i];
        return el.ValueKind == JsonValueKind.String ? el.GetString() : null;
    }

    private static bool OptionalStr(Dictionary<string, JsonElement[]> cols, string name, int i, out string? value)
    {
        value = null;
        if (!cols.TryGetValue(name, out var col))
        {
            return true;
        }
        var el = col[i];
        switch (el.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                value = el.GetString();
                return true;
            default:
                return false;
        }
    }

    private static bool Int(Dictionary<string, JsonElement[]> cols, string name, int i, out int value)
    {
        value = 0;
        var el = cols[name][i];
        return el.ValueKind == JsonValueKind.Number && el.TryGetInt32(out value);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
