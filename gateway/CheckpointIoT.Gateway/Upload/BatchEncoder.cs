using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Encodes outbox records as the columnar upload body of openapi.yaml (schema UploadBatch), gzip'd:
/// <code>
/// {"v":1,"batchId":"b…","sentAt":"…+07:00",
///  "checkins":{"id":[…],"cp":[…],"dir":[…],"ts":[…],"qk":[…],"mid":[…],"idh":[…],"vd":[…],"rc":[…]},
///  "presence":{"id":[…],"cp":[…],"bt":[…],"rid":[…],"first":[…],"last":[…],"rmax":[…],"rmean":[…],"n":[…]}}
/// </code>
/// Columns keep like values together, which is what lets gzip reach well under 64 bytes per record.
/// The optional columns mid, idh and rc are left out when every value in the batch is null.
/// </summary>
public static class BatchEncoder
{
    // The default encoder escapes '+' (\u002B) in every "+07:00"; the relaxed one leaves it (bodies are never embedded in HTML).
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Batch id = "b" + the first 128 bits (hex) of SHA-256(gateway id, every record id in order). The same records
    /// give the same id, so a retried batch is recognised by the server (409) even if the first answer was lost.
    /// </summary>
    public static string ComputeBatchId(string gatewayId, IEnumerable<OutboxRecord> records)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(gatewayId));
        Span<byte> sep = [(byte)'\n'];
        foreach (var r in records)
        {
            sha.AppendData(sep);
            sha.AppendData(Encoding.UTF8.GetBytes(r.RecordId));
        }
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return "b" + Convert.ToHexStringLower(digest[..16]);
    }

    public static UploadBatch Encode(string gatewayId, IReadOnlyList<OutboxRecord> records, DateTimeOffset sentAt, TimeSpan offset,
        CompressionLevel level = CompressionLevel.Optimal)
    {
        var checkIns = new List<OutboxRecord>();
        var presence = new List<OutboxRecord>();
        foreach (var r in records)
        {
            (r.Kind == OutboxRecordKind.CheckIn ? checkIns : presence).Add(r);
        }
        var batchId = ComputeBatchId(gatewayId, checkIns.Concat(presence));

        using var json = new MemoryStream(records.Count * 160 + 256);
        using (var w = new Utf8JsonWriter(json, s_writerOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("v", 1);
            w.WriteString("batchId", batchId);
            WriteTime(w, "sentAt", sentAt.ToUnixTimeMilliseconds(), offset);
            if (checkIns.Count > 0)
            {
                w.WriteStartObject("checkins");
                Column(w, "id", checkIns, r => r.RecordId);
                Column(w, "cp", checkIns, r => r.CheckpointId);
                Column(w, "dir", checkIns, r => r.Direction);
                w.WriteStartArray("ts");
                foreach (var r in checkIns)
                {
                    WriteTime(w, null, r.TimestampMs, offset);
                }
                w.WriteEndArray();
                Column(w, "qk", checkIns, r => r.QrKind);
                OptionalColumn(w, "mid", checkIns, r => r.MaskedId);
                OptionalColumn(w, "idh", checkIns, r => r.IdHash);
                Column(w, "vd", checkIns, r => r.Verdict);
                OptionalColumn(w, "rc", checkIns, r => r.ReasonCode);
                w.WriteEndObject();
            }
            if (presence.Count > 0)
            {
                w.WriteStartObject("presence");
                Column(w, "id", presence, r => r.RecordId);
                Column(w, "cp", presence, r => r.CheckpointId);
                Column(w, "bt", presence, r => r.BeaconType);
                Column(w, "rid", presence, r => r.RotatingId);
                w.WriteStartArray("first");
                foreach (var r in presence)
                {
                    WriteTime(w, null, r.FirstSeenMs, offset);
                }
                w.WriteEndArray();
                w.WriteStartArray("last");
                foreach (var r in presence)
                {
                    WriteTime(w, null, r.LastSeenMs, offset);
                }
                w.WriteEndArray();
                IntColumn(w, "rmax", presence, r => r.MaxRssi);
                IntColumn(w, "rmean", presence, r => r.MeanRssi);
                IntColumn(w, "n", presence, r => r.SeenCount);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        var raw = json.GetBuffer().AsSpan(0, (int)json.Length);
        using var packed = new MemoryStream(raw.Length / 3 + 64);
        using (var gz = new GZipStream(packed, level, leaveOpen: true))
        {
            gz.Write(raw);
        }
        return new UploadBatch(batchId, checkIns, presence, packed.ToArray(), raw.Length);
    }

    /// <summary>"yyyy-MM-ddTHH:mm:ss.fff+07:00" (RFC 3339 with the configured offset).</summary>
    public static string FormatTime(long unixMs, TimeSpan offset) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter w, string? name, long unixMs, TimeSpan offset)
    {
        Span<char> buf = stackalloc char[40];
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToOffset(offset)
            .TryFormat(buf, out var n, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        if (name is null)
        {
            w.WriteStringValue(buf[..n]);
        }
        else
        {
            w.WriteString(name, buf[..n]);
        }
    }

    private static void Column(Utf8JsonWriter w, string name, List<OutboxRecord> rows, Func<OutboxRecord, string?> get)
    {
        w.WriteStartArray(name);
        foreach (var r in rows)
        {
            var v = get(r);
            if (v is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(v);
            }
        }
        w.WriteEndArray();
    }

    private static void OptionalColumn(Utf8JsonWriter w, string name, List<OutboxRecord> rows, Func<OutboxRecord, string?> get)
    {
        foreach (var r in rows)
        {
            if (get(r) is not null)
            {
                Column(w, name, rows, get);
                return;
            }
        }
    }

    private static void IntColumn(Utf8JsonWriter w, string name, List<OutboxRecord> rows, Func<OutboxRecord, int> get)
    {
        w.WriteStartArray(name);
        foreach (var r in rows)
        {
            w.WriteNumberValue(get(r));
        }
        w.WriteEndArray();
    }
}
