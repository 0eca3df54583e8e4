using Microsoft.Data.Sqlite;

namespace CheckpointIoT.Soak;

/// <summary>
/// The end-of-soak comparison: the (node, sequence) pairs the nodes enqueued (their ledger) against the gateway's
/// check-ins and the province's check-ins, both read read-only from their SQLite files once every process stopped.
/// </summary>
public sealed record Tally(long Checkins, long Lost, long LostAtProvince, long Duplicated, long Unledgered)
{
    public static Tally Compute(string ledgerDirectory, string gatewayDb, string provincialDb)
    {
        var made = new HashSet<(string, long)>();
        foreach (var line in Directory.GetFiles(ledgerDirectory, "*.txt").SelectMany(File.ReadLines))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], out long seq)) made.Add((parts[0], seq));
        }

        var atGateway = new Dictionary<(string, long), int>();
        using (var db = Open(gatewayDb))
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT node_id, sequence FROM checkins";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var key = (r.GetString(0), r.GetInt64(1));
                atGateway[key] = atGateway.GetValueOrDefault(key) + 1;
            }
        }

        var atProvince = new HashSet<(string, long)>();
        using (var db = Open(provincialDb))
        using (var cmd = db.CreateCommand())
        {
            // record_id is "<nodeId>:<sequence>" for a check-in (the provincial idempotency key).
            cmd.CommandText = "SELECT record_id FROM checkins";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                string id = r.GetString(0);
                int colon = id.LastIndexOf(':');
                if (colon > 0 && long.TryParse(id[(colon + 1)..], out long seq)) atProvince.Add((id[..colon], seq));
            }
        }

        long lost = made.Count(k => !atGateway.ContainsKey(k));
        long lostAtProvince = made.Count(k => !atProvince.Contains(k));
        long duplicated = atGateway.Values.Sum(n => (long)Math.Max(0, n - 1));
        long unledgered = atGateway.Keys.Count(k => !made.Contains(k));
        return new Tally(made.Count, lost, lostAtProvince, duplicated, unledgered);
    }

    private static SqliteConnection Open(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        db.Open();
        return db;
    }
}
