using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.Gateway.Tests.Ingest;

/// <summary>
/// The policy's memory (duplicate window, live occupancy) through a real gateway, broker and SQLite file: what it
/// remembers across a restart, within one batch, and what a batch that fails to store must not leave behind.
/// </summary>
public sealed class PolicyStateIntegrationTests
{
    [Fact]
    public async Task DuplicateWindow_SecondScanOfSameIdentityFails_AlsoBackToBack_AndAfterGatewayRestart()
    {
        var dir = GatewayHarness.NewDataDirectory();
        string[] config = ["--Gateway:Checkpoints:cp-test:DuplicateWindowSeconds", "600"];
        try
        {
            EnrolledNode enrolled;
            await using (var gw = await GatewayHarness.StartAsync(dir, config))
            {
                enrolled = await gw.EnrolAsync("n-dw");
                await using var node = await gw.ConnectNodeAsync(enrolled);

                // Back to back: the second is usually in the same ingest batch as the first.
                await node.PublishQrAsync(1, Samples.Cccd("001099012345"));
                await node.PublishQrAsync(2, Samples.Cccd("001099012345"));
                await node.PublishQrAsync(3, Samples.Cccd("001099054321"));

                Assert.Equal(VerdictResult.Pass, (await node.WaitVerdictAsync(1)).Result);
                var second = await node.WaitVerdictAsync(2);
                Assert.Equal(VerdictResult.Fail, second.Result);
                Assert.Equal(ReasonCode.Duplicate, second.Reason);
                Assert.Equal(VerdictResult.Pass, (await node.WaitVerdictAsync(3)).Result);
            }

            await using (var gw = await GatewayHarness.StartAsync(dir, config))
            {
                await using var node = await TestNode.ConnectAsync(gw.Broker.NodeHost, gw.Broker.NodePort, enrolled.NodeId, enrolled.Password);

                await node.PublishQrAsync(4, Samples.Cccd("001099012345"));
                await node.PublishQrAsync(5, Samples.Cccd("001099099999"));

                var afterRestart = await node.WaitVerdictAsync(4);
                Assert.Equal(ReasonCode.Duplicate, afterRestart.Reason);
                Assert.Equal(VerdictResult.Pass, (await node.WaitVerdictAsync(5)).Result);
            }
        }
        finally
        {
            GatewayHarness.TryDelete(dir);
        }
    }

    [Fact]
    public async Task DuplicateWindowOff_TheDefault_SameIdentityPassesAgain()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-nodw"));

        await node.PublishQrAsync(1, Samples.Cccd("001099012345"));
        await node.PublishQrAsync(2, Samples.Cccd("001099012345"));

        Assert.Equal(VerdictResult.Pass, (await node.WaitVerdictAsync(1)).Result);
        Assert.Equal(VerdictResult.Pass, (await node.WaitVerdictAsync(2)).Result);
    }

    [Fact]
    public async Task BatchThatFailsToStore_LeavesNoPhantomPass_InOccupancyOrDuplicateWindow()
    {
        await using var gw = await GatewayHarness.StartAsync(null,
            "--Gateway:Checkpoints:cp-test:Capacity", "1",
            "--Gateway:Checkpoints:cp-test:DuplicateWindowSeconds", "600");
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-fail"));
        using (var c = new SqliteConnection($"Data Source={Path.Combine(gw.DataDirectory, "gateway.db")}"))
        {
            // A real SQLite failure late in the batch holding seq 7 (when the batch marks its node as seen, after seq 7
            // was judged a pass and inserted): the whole batch rolls back and the node gets no verdict.
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TRIGGER fail_batch_with_seq_7 BEFORE UPDATE OF last_seen_ms ON nodes
                WHEN EXISTS (SELECT 1 FROM checkins WHERE sequence = 7)
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
                """;
            cmd.ExecuteNonQuery();
        }

        await node.PublishQrAsync(7, Samples.Cccd("001099012345"));
        await WaitUntilAsync(() => gw.Metrics.RejectedPayloads.WithLabel("store_error").Value >= 1);
        await node.PublishQrAsync(8, Samples.Cccd("001099012345"));

        // Seq 7 never happened: the checkpoint is empty (capacity 1 not reached) and the identity has no pass yet.
        Assert.Equal(VerdictResult.Pass, (await node.WaitVerdictAsync(8)).Result);
        Assert.False(node.TryGetVerdict(7, out _));
        Assert.Equal(1, gw.Store.Count("checkins"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(20);
        }
    }
}
