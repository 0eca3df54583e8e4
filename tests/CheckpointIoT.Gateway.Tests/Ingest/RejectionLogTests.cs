using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Tests.Ingest;

/// <summary>
/// Issue 11 §2: 10,000 garbage payloads from one node produced 10,011 warning lines. Rejections are counted in /metrics
/// every time but logged as the first one at once and then one summary per node per minute, so a node cannot fill the SD card.
/// </summary>
public sealed class RejectionLogTests
{
    [Fact]
    public void Process_TenThousandGarbagePayloadsOverTwoMinutes_AFewLogLinesEveryRejectionCounted()
    {
        using var rig = new IngestRig();
        rig.Enrol("n-noisy");
        var garbage = new InboundMessage(Topics.Up("n-noisy"), [0xde, 0xad, 0xbe, 0xef]);
        for (var batch = 0; batch < 40; batch++)
        {
            rig.Ingest(Enumerable.Repeat(garbage, 250).ToArray());
            rig.Time.Advance(TimeSpan.FromSeconds(3)); // 40 batches over 120 s
        }

        rig.Ingest(new InboundMessage(Topics.Status("n-other"), [1])); // any later batch flushes what is due

        var warnings = rig.Logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        // Two one-minute windows for n-noisy, an opening line and a summary each (+ the unknown n-other's own line).
        Assert.Equal(4, warnings.Count(w => w.Message.Contains("n-noisy", StringComparison.Ordinal)));
        Assert.Equal(5, warnings.Count);
        // The summaries together account for every rejection of the node.
        var summarised = warnings.Where(w => w.Message.Contains("n-noisy", StringComparison.Ordinal))
            .Sum(w => w.Message.Contains(" more ", StringComparison.Ordinal) ? int.Parse(w.Message.Split(" more ")[0].Split(' ')[^1]) : 1);
        Assert.True(summarised <= 10_000);
        Assert.True(summarised >= 10_000 - 250 * 20, $"summaries account for {summarised} of 10,000 rejections"); // at most the last minute pending
        var reason = WireCodec.ErrorName(WireCodec.DecodeCheckin(garbage.Payload, 0, garbage.Payload.Length, new CheckinMessage()));
        Assert.Equal(10_000, rig.Metrics.RejectedPayloads.WithLabel(reason).Value);
    }
}
