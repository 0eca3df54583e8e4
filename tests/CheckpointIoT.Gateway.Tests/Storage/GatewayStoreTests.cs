using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.Gateway.Tests.Storage;

public sealed class GatewayStoreTests : IDisposable
{
    private const long Day = 86_400_000L;
    private readonly string _dir = GatewayHarness.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        GatewayHarness.TryDelete(_dir);
    }

    [Fact]
    public void Open_NewFile_MigratesToLatestInWalMode()
    {
        using var store = new GatewayStore(Path.Combine(_dir, "g.db"));

        Assert.Equal(Migrations.Latest, store.SchemaVersion);
        Assert.Equal("wal", store.JournalMode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Open_NewDirectory_FolderIs0700_DatabaseWalAndShmAre0600()
    {
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var db = Path.Combine(_dir, "g.db");
        using (var store = new GatewayStore(db))
        {
            store.InsertNode(new NodeRecord { NodeId = "n-perm", CheckpointId = "cp", Direction = DoorDirection.In, PasswordHash = "x", EnrolledMs = 1, RotatedMs = 1 });

            Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
            Assert.Equal(owner, File.GetUnixFileMode(db));
            Assert.Equal(owner, File.GetUnixFileMode(db + "-wal"));
            Assert.Equal(owner, File.GetUnixFileMode(db + "-shm"));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Open_ExistingWorldReadableDatabase_NarrowedTo0600()
    {
        var db = Path.Combine(_dir, "g.db");
        using (new GatewayStore(db))
        {
        }

        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var reopened = new GatewayStore(db);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
    }

    [Fact]
    public void Open_Twice_KeepsDataAndVersion()
    {
        var path = Path.Combine(_dir, "g.db");
        using (var first = new GatewayStore(path))
        {
            first.InsertNode(Node("n-1"));
        }

        using var second = new GatewayStore(path);
        Assert.Equal(Migrations.Latest, second.SchemaVersion);
        Assert.Equal("n-1", Assert.Single(second.LoadNodes()).NodeId);
    }

    [Fact]
    public void Open_NewerSchema_Refuses()
    {
        var path = Path.Combine(_dir, "g.db");
        Directory.CreateDirectory(_dir);
        using (var c = new SqliteConnection("Data Source=" + path))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"PRAGMA user_version = {Migrations.Latest + 1}";
            cmd.ExecuteNonQuery();
        }

        Assert.Throws<InvalidOperationException>(() => new GatewayStore(path));
    }

    [Fact]
    public void InsertNode_Existing_ReturnsFalse()
    {
        using var store = new GatewayStore(Path.Combine(_dir, "g.db"));

        Assert.True(store.InsertNode(Node("n-1")));
        Assert.False(store.InsertNode(Node("n-1")));
    }

    [Fact]
    public void TryInsertVerdict_SameKeyTwice_SecondRefusedAndFirstKept()
    {
        using var store = new GatewayStore(Path.Combine(_dir, "g.db"));

        var seen = store.InTransaction(tx =>
        {
            Assert.Null(tx.FindVerdict("n-1", 9));
            Assert.True(tx.TryInsertVerdict("n-1", 9, CheckinKind.QrScan, VerdictResult.Fail, ReasonCode.Denied, "Entry denied", 1));
            return tx.FindVerdict("n-1", 9);
        });

        Assert.Equal(new StoredVerdict(VerdictResult.Fail, ReasonCode.Denied, "Entry denied"), seen);
        var again = store.InTransaction(tx => tx.TryInsertVerdict("n-1", 9, CheckinKind.QrScan, VerdictResult.Pass, ReasonCode.Ok, "x", 2));
        Assert.False(again);
        Assert.Equal(seen, store.InTransaction(tx => tx.FindVerdict("n-1", 9)));
    }

    [Fact]
    public void InTransaction_Throws_RollsBackEverything()
    {
        using var store = new GatewayStore(Path.Combine(_dir, "g.db"));

        Assert.Throws<InvalidOperationException>(() => store.InTransaction<int>(tx =>
        {
            tx.InsertQrCheckin(Row("n-1", 1, receivedMs: 10));
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(0, store.Count("checkins"));
        Assert.Equal(0, store.Count("outbox"));
    }

    [Fact]
    public void Purge_ErasesOnlyPersonalFieldsOlderThanCutoff()
    {
        using var store = new GatewayStore(Path.Combine(_dir, "g.db"));
        var now = 100 * Day;
        store.InsertNode(Node("n-1"));
        store.InTransaction(tx =>
        {
            tx.InsertQrCheckin(Row("n-1", 1, receivedMs: now - 22 * Day));  // old, pending upload
            tx.InsertQrCheckin(Row("n-1", 2, receivedMs: now - 22 * Day));  // old, uploaded
            tx.InsertQrCheckin(Row("n-1", 3, receivedMs: now - 20 * Day));  // young
            tx.InsertPresenceBatch("n-1", 4, "cp-1", now - 22 * Day, now - 22 * Day, [Beacon()]);
            tx.InsertPresenceBatch("n-1", 5, "cp-1", now - 1 * Day, now - 1 * Day, [Beacon()]);
            return 0;
        });
        var uploadedId = store.ReadPendingOutbox(10).Single(r => r.RecordId == "n-1:2").OutboxId;
        store.MarkOutbox([uploadedId], OutboxState.Uploaded, null, now);

        var result = store.Purge(now - 21 * Day, now);

        Assert.Equal(new PurgeResult(2, 1, 2), result); // 2 check-ins erased, 1 beacon id erased, pending old check-in + old beacon expired
        using var c = store.OpenReader();
        Assert.Equal(["n-1:1|||1", "n-1:2|||1", "n-1:3|h3|x3|0"], Rows(c, "SELECT node_id || ':' || sequence || '|' || coalesce(identity_hash,'') || '|' || coalesce(document_masked,'') || '|' || (personal_erased_ms IS NOT NULL) FROM checkins ORDER BY sequence"));
        Assert.Equal(["0", "1"], Rows(c, "SELECT beacon_id IS NOT NULL FROM presence_records ORDER BY id"));
        Assert.Equal(3, store.Count("checkins"));
        Assert.Equal(2, store.Count("presence_records"));
        var pending = store.ReadPendingOutbox(10).Select(r => r.RecordId).ToList();
        Assert.Equal(["n-1:3", "n-1:5:0"], pending);
        Assert.Equal(new PurgeResult(0, 0, 0), store.Purge(now - 21 * Day, now)); // idempotent
    }

    [Fact]
    public void ApplyDenyList_ResetAddRemove_PersistsWithCursor()
    {
        using var store = new GatewayStore(Path.Combine(_dir, "g.db"));

        store.ApplyDenyList(true, ["a", "b", "c"], [], "c1", 1);
        store.ApplyDenyList(false, ["d"], ["a"], "c2", 2);

        Assert.Equal(["b", "c", "d"], store.LoadDenyList().Order().ToArray());
        Assert.Equal("c2", store.GetSetting("denylist.cursor"));
        store.ApplyDenyList(true, ["z"], [], "c3", 3);
        Assert.Equal(["z"], store.LoadDenyList().ToArray());
    }

    private static List<string> Rows(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(Convert.ToString(r.GetValue(0))!);
        }

        return list;
    }

    private static NodeRecord Node(string id) => new() { NodeId = id, CheckpointId = "cp-1", Direction = DoorDirection.In, PasswordHash = "$7$x", EnrolledMs = 1, RotatedMs = 1 };

    private static QrCheckinRow Row(string node, uint seq, long receivedMs) =>
        new(node, seq, "cp-1", DoorDirection.In, QrKind.ChipIdCard, receivedMs, receivedMs, receivedMs, false, false, VerdictResult.Pass, ReasonCode.Ok, "h" + seq, "x" + seq);

    private static PresenceRecord Beacon() => new() { Type = BeaconType.Gaen, Id = new byte[16], FirstSeenMs = 1, LastSeenMs = 2, MaxRssi = -50, MeanRssi = -60, Count = 1 };
}
