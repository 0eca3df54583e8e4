using System.Net;
using System.Text.Json;
using CheckpointIoT.ProvincialApi.Tests.Infrastructure;

namespace CheckpointIoT.ProvincialApi.Tests;

/// <summary>
/// Issue 11 §3: a gateway's records count only for checkpoints it registered itself; records for another gateway's
/// checkpoint or for an unregistered one are rejected per record (207), counted and never stored.
/// </summary>
public sealed class OwnershipTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);

    private static long CountStored(TestServer server, string checkpointId)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DbPath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM checkins WHERE checkpoint_id = $cp) + (SELECT COUNT(*) FROM presence WHERE checkpoint_id = $cp)";
        cmd.Parameters.AddWithValue("$cp", checkpointId);
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task GatewayA_UploadingForBsCheckpoint_Gets207NotOwned_AndBsFiguresStayUnchanged()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterAsync(TestServer.TokenA, "cp-a", "A", "Unit A", "D1");
        await server.RegisterAsync(TestServer.TokenB, "cp-b", "B", "Unit B", "D1");
        using var a = server.Client(TestServer.TokenA);

        var batch = new BatchJson("batch-a-0001").CheckIn("a:1", "cp-a", T0).CheckIn("a:2", "cp-b", T0.AddSeconds(1))
            .Presence("a:3", "cp-b", T0, T0.AddMinutes(1));
        var answer = await BatchAnswer.PostAsync(a, batch.Gzip());

        Assert.Equal(HttpStatusCode.MultiStatus, answer.Status);
        Assert.Equal(1, answer.Accepted);
        Assert.Equal(2, answer.Rejected.Count);
        Assert.All(answer.Rejected, r => Assert.Equal("checkpoint_not_owned", r.Code));
        Assert.Contains(answer.Rejected, r => r.Section == "checkins" && r.Index == 1 && r.Id == "a:2");
        Assert.Contains(answer.Rejected, r => r.Section == "presence" && r.Index == 0 && r.Id == "a:3");
        Assert.Equal(0, CountStored(server, "cp-b"));
        Assert.Equal(1, CountStored(server, "cp-a"));
        var stats = await server.StatsAsync();
        Assert.Equal(1, stats.GetProperty("checkins").GetInt64());
        Assert.Equal(0, stats.GetProperty("presence").GetInt64());
        Assert.Equal(2, stats.GetProperty("rejectedRecords").GetInt64());
        Assert.Equal(2, stats.GetProperty("rejectedNotOwned").GetInt64());
        Assert.Equal(0, stats.GetProperty("rejectedNotRegistered").GetInt64());
    }

    [Fact]
    public async Task UnregisteredCheckpoint_AllRejectedNotRegistered_NothingStored()
    {
        await using var server = await TestServer.StartAsync();
        using var a = server.Client(TestServer.TokenA);

        var answer = await BatchAnswer.PostAsync(a, new BatchJson("batch-a-0001").CheckIn("a:1", "cp-x", T0).CheckIn("a:2", "cp-x", T0).Gzip());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal(2, answer.Rejected.Count);
        Assert.All(answer.Rejected, r => Assert.Equal("checkpoint_not_registered", r.Code));
        Assert.Equal(0, CountStored(server, "cp-x"));
        Assert.Equal(2, await server.StatAsync("rejectedNotRegistered"));
    }

    [Fact]
    public async Task MixedBatch_StoresExactlyTheOwnRows()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterAsync(TestServer.TokenA, "cp-a", "A", "Unit A", "D1");
        await server.RegisterAsync(TestServer.TokenB, "cp-b", "B", "Unit B", "D1");
        using var a = server.Client(TestServer.TokenA);
        var batch = new BatchJson("batch-a-0001");
        var own = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var cp = (i % 3) switch { 0 => "cp-a", 1 => "cp-b", _ => "cp-none" };
            batch.CheckIn($"a:{i}", cp, T0.AddSeconds(i));
            if (cp == "cp-a")
            {
                own.Add($"a:{i}");
            }
        }

        var answer = await BatchAnswer.PostAsync(a, batch.Gzip());

        Assert.Equal(HttpStatusCode.MultiStatus, answer.Status);
        Assert.Equal(10, answer.Accepted);
        Assert.Equal(10, answer.Rejected.Count(r => r.Code == "checkpoint_not_owned"));
        Assert.Equal(10, answer.Rejected.Count(r => r.Code == "checkpoint_not_registered"));
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DbPath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT record_id FROM checkins ORDER BY record_id";
        var stored = new List<string>();
        using (var rd = cmd.ExecuteReader())
        {
            while (rd.Read())
            {
                stored.Add(rd.GetString(0));
            }
        }
        Assert.Equal(own.Order(StringComparer.Ordinal), stored);
    }

    [Fact]
    public async Task DuplicateBatch_AfterTheCheckpointIsRegistered_StoresTheRowsAndReportsNoStaleRejection()
    {
        await using var server = await TestServer.StartAsync();
        using var a = server.Client(TestServer.TokenA);
        var batch = new BatchJson("batch-a-0001").CheckIn("a:1", "cp-a", T0).CheckIn("a:2", "cp-a", T0.AddSeconds(1));

        var first = await BatchAnswer.PostAsync(a, batch.Gzip());
        Assert.All(first.Rejected, r => Assert.Equal("checkpoint_not_registered", r.Code));
        await server.RegisterAsync(TestServer.TokenA, "cp-a", "A", "Unit A", "D1");
        var again = await BatchAnswer.PostAsync(a, batch.Gzip());

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Empty(again.Rejected);
        Assert.Equal(2, again.Accepted);
        Assert.Equal(2, CountStored(server, "cp-a"));
        Assert.Equal(2, await server.StatAsync("rejectedRecords"));
    }

    [Fact]
    public async Task DuplicateBatch_StillNotOwned_ReportsTheRejectionAgain_CountedOnce()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterAsync(TestServer.TokenB, "cp-b", "B", "Unit B", "D1");
        using var a = server.Client(TestServer.TokenA);
        var batch = new BatchJson("batch-a-0001").CheckIn("a:1", "cp-b", T0);

        await BatchAnswer.PostAsync(a, batch.Gzip());
        var again = await BatchAnswer.PostAsync(a, batch.Gzip());

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var r = Assert.Single(again.Rejected);
        Assert.Equal("checkpoint_not_owned", r.Code);
        Assert.Equal(0, CountStored(server, "cp-b"));
        Assert.Equal(1, await server.StatAsync("rejectedNotOwned"));
    }
}
