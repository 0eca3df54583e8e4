using CheckpointIoT.EndToEnd.Tests.Harness;

namespace CheckpointIoT.EndToEnd.Tests;

/// <summary>
/// Nothing lost, nothing duplicated: simulated nodes → gateway → provincial API while the provincial side answers
/// 5xx and stalls for stretches, and the gateway is killed (SIGKILL, a power cut) and restarted mid-stream.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class ZeroLossTests
{
    [Fact]
    public async Task GatewayKilledAndProvinceFailing_ProvinceHoldsEveryCheckinExactlyOnce()
    {
        await using var system = new SystemUnderTest();
        await system.StartProvincialAsync();
        await using var chaos = new ChaosProxy(Repo.FreePort(), new Uri($"http://127.0.0.1:{system.ProvincialPort}/"));
        system.UploadPort = chaos.Port;
        string[] fastRetries =
        [
            "--Gateway:Upload:MaxBatchAge", "00:00:01", "--Gateway:Upload:RequestTimeout", "00:00:03",
            "--Gateway:Upload:RetryMaxDelay", "00:00:02", "--Gateway:Upload:BreakerOpenDuration", "00:00:02",
        ];
        await system.StartGatewayAsync(fastRetries);

        const int nodes = 2, perNode = 30;
        await using var simulator = system.StartSimulator("--nodes", $"{nodes}", "--count", $"{perNode}", "--rate", "3",
            "--exit-when-done", "--timeout", "170");

        await Task.Delay(TimeSpan.FromSeconds(2));
        chaos.Current = ChaosProxy.Mode.Fail503;
        system.Gateway!.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await system.StartGatewayAsync(fastRetries);
        await Task.Delay(TimeSpan.FromSeconds(3));
        chaos.Current = ChaosProxy.Mode.Stall;
        await Task.Delay(TimeSpan.FromSeconds(4));
        chaos.Current = ChaosProxy.Mode.Fail500;
        system.Gateway!.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await system.StartGatewayAsync(fastRetries);
        await Task.Delay(TimeSpan.FromSeconds(3));
        chaos.Current = ChaosProxy.Mode.Pass;

        int exit = await simulator.WaitForExitAsync(TimeSpan.FromSeconds(200));
        Assert.True(exit == 0, "simulator did not drain its queues:\n" + system.Dump());
        long received = await system.WaitForProvincialCheckinsAsync(nodes * perNode, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate upload would show up now
        received = await system.ProvincialCheckinsAsync();
        Assert.True(chaos.Failed + chaos.Stalled > 0, "the provincial side never failed: the test did not test anything");
        Assert.True(received == nodes * perNode,
            $"provincial API holds {received} check-ins, expected exactly {nodes * perNode} (proxy: {chaos.Forwarded} forwarded, {chaos.Failed} failed, {chaos.Stalled} stalled)\n" + system.Dump());
    }
}
