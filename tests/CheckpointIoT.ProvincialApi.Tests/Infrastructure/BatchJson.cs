using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CheckpointIoT.ProvincialApi.Tests.Infrastructure;

/// <summary>
/// Builds upload bodies by hand, independent of the gateway's encoder: the tests pin the contract (openapi.yaml),
/// not one implementation of it. Values are JSON nodes so tests can put wrong types in.
/// </summary>
public sealed class BatchJson
{
    private static readonly string[] s_checkInColumns = ["id", "cp", "dir", "ts", "qk", "mid", "idh", "vd", "rc"];
    private static readonly string[] s_presenceColumns = ["id", "cp", "bt", "rid", "first", "last", "rmax", "rmean", "n"];

    private readonly List<Dictionary<string, JsonNode?>> _checkIns = [];
    private readonly List<Dictionary<string, JsonNode?>> _presence = [];

    public BatchJson(string batchId) => BatchId = batchId;

    public string BatchId { get; }

    public int Count => _checkIns.Count + _presence.Count;

    public static string Ts(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    public static string Hash(string seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public BatchJson CheckIn(string id, string cp, DateTimeOffset ts, string qk = "cccd", string? mid = "0010******45",
        string? idh = null, string vd = "pass", string? rc = null, string dir = "in")
    {
        _checkIns.Add(new()
        {
            ["id"] = id, ["cp"] = cp, ["dir"] = dir, ["ts"] = Ts(ts), ["qk"] = qk, ["mid"] = mid,
            ["idh"] = idh ?? Hash(id), ["vd"] = vd, ["rc"] = rc,
        });
        return this;
    }

    /// <summary>Adds a check-in with one column overridden by a raw JSON value.</summary>
    public BatchJson CheckInWith(string id, string column, JsonNode? value)
    {
        CheckIn(id, "cp-1", DateTimeOffset.UtcNow.AddMinutes(-5));
        _checkIns[^1][column] = value;
        return this;
    }

    public BatchJson Presence(string id, string cp, DateTimeOffset first, DateTimeOffset last, string bt = "gaen",
        string rid = "e7c6d34c71e48baf278bd99be74685bc", int rmax = -60, int rmean = -70, int n = 5)
    {
        _presence.Add(new()
        {
            ["id"] = id, ["cp"] = cp, ["bt"] = bt, ["rid"] = rid, ["first"] = Ts(first), ["last"] = Ts(last),
            ["rmax"] = rmax, ["rmean"] = rmean, ["n"] = n,
        });
        return this;
    }

    public BatchJson PresenceWith(string id, string column, JsonNode? value)
    {
        var now = DateTimeOffset.UtcNow;
        Presence(id, "cp-1", now.AddMinutes(-6), now.AddMinutes(-5));
        _presence[^1][column] = value;
        return this;
    }

    public JsonObject ToJson()
    {
        var root = new JsonObject { ["v"] = 1, ["batchId"] = BatchId, ["sentAt"] = Ts(DateTimeOffset.UtcNow) };
        if (_checkIns.Count > 0)
        {
            root["checkins"] = Section(_checkIns, s_checkInColumns);
        }
        if (_presence.Count > 0)
        {
            root["presence"] = Section(_presence, s_presenceColumns);
        }
        return root;
    }

    public HttpContent Gzip() => GzipContent(ToJson().ToJsonString());

    public HttpContent Plain() => new StringContent(ToJson().ToJsonString(), Encoding.UTF8, "application/json");

    public static HttpContent GzipContent(string json)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(json));
        }
        var content = new ByteArrayContent(ms.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    private static JsonObject Section(List<Dictionary<string, JsonNode?>> rows, string[] columns)
    {
        var section = new JsonObject();
        foreach (var col in columns)
        {
            var arr = new JsonArray();
            foreach (var row in rows)
            {
                arr.Add(row[col]?.DeepClone());
            }
            section[col] = arr;
        }
        return section;
    }
}
