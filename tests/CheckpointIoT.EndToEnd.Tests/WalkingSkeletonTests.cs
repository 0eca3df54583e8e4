using CheckpointIoT.EndToEnd.Tests.Harness;

namespace CheckpointIoT.EndToEnd.Tests;

/// <summary>One scan's whole journey with real processes: node core (libmosquitto, MQTT 3.1.1) → the gateway's embedded broker → SQLite → provincial API, and the verdict back.</summary>
[Collection(EndToEndCollection.Name)]
public class WalkingSkeletonTests
{
    [Fact]
    public async Task Scan_TravelsToProvinceAndNodeGetsVerdict()
    {
        await using var system = new SystemUnderTest();
        await system.StartProvincialAsync();
        await system.StartGatewayAsync();

        await using var simulator = system.StartSimulator("--nodes", "1", "--count", "3", "--rate", "5", "--exit-when-done", "--timeout", "60");
        int exit = await simulator.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exit == 0, "simulator failed:\n" + system.Dump());
        Assert.Contains("every scan has its verdict", simulator.Output);
        Assert.Contains("verdicts=3", simulator.Output);
        long received = await system.WaitForProvincialCheckinsAsync(3, TimeSpan.FromSeconds(60));
        Assert.True(received == 3, $"provincial API holds {received} check-ins, expected exactly 3\n" + system.Dump());
    }
}

/// <summary>QR codes from a file: recognised personal codes pass, an unknown code fails, each verdict reaches the node.</summary>
[Collection(EndToEndCollection.Name)]
public class QrFileTests
{
    [Fact]
    public async Task QrFile_RecognisedCodesPassAndUnknownFails()
    {
        await using var system = new SystemUnderTest();
        await system.StartProvincialAsync();
        await system.StartGatewayAsync();
        string file = Path.Combine(Repo.Root, "firmware/CheckpointIoT.Node.Host/samples/scans.txt");

        // --rate 2: the simulator's scan clock starts before its node is online, so the first scans come in a burst
        // (30 ms apart at --rate 5) and a verdict arriving after the next scan is not shown on the node's indicator.
        await using var simulator = system.StartSimulator("--nodes", "1", "--qr-file", file, "--count", "4", "--rate", "2", "--verbose",
            "--exit-when-done", "--timeout", "60");
        int exit = await simulator.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exit == 0, "simulator failed:\n" + system.Dump());
        Assert.True(simulator.Output.Contains("scans=4 verdicts=4 pass=3 fail=1", StringComparison.Ordinal), "simulator:\n" + system.Dump());
    }
}
