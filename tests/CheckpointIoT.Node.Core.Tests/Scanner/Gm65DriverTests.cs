using System.Text;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Tests.Fakes;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Scanner;

public class Gm65DriverTests
{
    private sealed class ListLog : ILog
    {
        public List<string> Lines { get; } = new();
        public void Write(LogLevel level, string message) => Lines.Add(level + " " + message);
    }

    private const string Cccd = "001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";

    private long _now = 1_000;

    private ScannerDriverState RunUntil(Gm65Driver driver, Func<ScannerDriverState, bool> done, int maxSteps = 5000)
    {
        var state = driver.State;
        for (int i = 0; i < maxSteps; i++)
        {
            state = driver.Step(_now);
            if (done(state)) return state;
            _now += 5;
        }
        return state;
    }

    private void Advance(Gm65Driver driver, long ms)
    {
        long until = _now + ms;
        while (_now < until)
        {
            driver.Step(_now);
            _now += 5;
        }
    }

    private static bool Settled(ScannerDriverState s) => s == ScannerDriverState.Ready || s == ScannerDriverState.Failed;

    private static List<string> Texts(QrFramer framer)
    {
        var texts = new List<string>();
        QrFrame? f;
        while ((f = framer.Dequeue()) != null) texts.Add(f.Text);
        return texts;
    }

    [Fact]
    public void Step_FirstBootFactoryModule_WritesDifferingZonesAndSavesOnce()
    {
        var module = new FakeGm65Module();
        var log = new ListLog();
        var driver = new Gm65Driver(module, new ScannerSettings(), log);

        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));

        Assert.Equal(ScannerHealth.Ok, driver.Health);
        Assert.Equal(1, module.FlashWrites);
        Assert.Equal(1, driver.FlashSaves);
        Assert.Equal(4, driver.ZoneWrites);
        Assert.Equal(0xD6, module.Flash[0x0000]);   // continuous (bits 1..0 = 10), other bits kept: FORMATS example value
        Assert.Equal(0x04, module.Flash[0x000D]);   // encoding bits 3..2 = 01
        Assert.Equal(0xA0, module.Flash[0x0060]);   // CRLF (bits 6..5 = 01), bit 7 kept
        Assert.Equal(0x1A, module.Flash[0x002A]);   // 115200
        Assert.Equal(0x00, module.Flash[0x002B]);
        Assert.Equal(115200, module.ModuleBaud);
        Assert.Equal(115200, module.BaudRate);
        Assert.Equal(115200, driver.ModuleBaudRate);
        // The baud zone is written last and the save follows it (at the new speed).
        Assert.Equal(new[] { "R 0000 1", "R 000D 1", "R 002A 2", "R 0060 1", "W 0000 D6", "W 000D 04", "W 0060 A0", "W 002A 1A00", "S" }, module.Commands);
        Assert.Contains(log.Lines, l => l.Contains("saved to module flash"));
    }

    [Fact]
    public void Step_SecondBootSameSettings_WritesNothing()
    {
        var module = new FakeGm65Module();
        Assert.Equal(ScannerDriverState.Ready, RunUntil(new Gm65Driver(module, new ScannerSettings()), Settled));
        module.PowerCycle();
        module.HostRestart();
        module.Commands.Clear();
        int zoneWritesBefore = module.ZoneWrites;

        var driver = new Gm65Driver(module, new ScannerSettings());
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));

        Assert.Equal(1, module.FlashWrites);             // still only the first boot's save
        Assert.Equal(zoneWritesBefore, module.ZoneWrites);
        Assert.Equal(0, driver.FlashSaves);
        Assert.Equal(0, driver.ZoneWrites);
        Assert.All(module.Commands, c => Assert.StartsWith("R ", c));
        Assert.Equal(115200, module.BaudRate);            // found at the configured speed first
    }

    [Fact]
    public void Step_ModuleNeverAnswers_FailedNotRespondingAfterRetriesAtEachSpeed()
    {
        var module = new FakeGm65Module { Silent = true };
        var settings = new ScannerSettings { MaxAttempts = 3, FailedRetryDelayMs = 0 };
        var driver = new Gm65Driver(module, settings);

        Assert.Equal(ScannerDriverState.Failed, RunUntil(driver, Settled));

        Assert.Equal(ScannerHealth.NotResponding, driver.Health);
        Assert.Equal(6, module.HostWrites);                // 3 attempts at 115200, 3 at 9600
        Assert.Equal(0, module.FlashWrites);
        Assert.NotNull(driver.LastError);
        Advance(driver, 120_000);                          // retry delay 0 = stay failed
        Assert.Equal(ScannerDriverState.Failed, driver.State);
        Assert.Equal(6, module.HostWrites);
    }

    [Fact]
    public void Step_FailedThenModuleWakes_ProbesAgainAfterDelayAndConfigures()
    {
        var module = new FakeGm65Module { Silent = true };
        var driver = new Gm65Driver(module, new ScannerSettings { FailedRetryDelayMs = 10_000 });
        Assert.Equal(ScannerDriverState.Failed, RunUntil(driver, Settled));
        module.Silent = false;
        Advance(driver, 5_000);
        Assert.Equal(ScannerDriverState.Failed, driver.State);
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, s => s == ScannerDriverState.Ready));
        Assert.Equal(1, module.FlashWrites);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Step_GarbageMixedIntoRepliesAndScanDuringBoot_StillConfiguresOnce(int seed)
    {
        var module = new FakeGm65Module { Garbage = new Random(seed) };
        var driver = new Gm65Driver(module, new ScannerSettings());
        driver.Step(_now);
        module.ToHost(Encoding.UTF8.GetBytes("SOMEONE-SCANNED-EARLY\r\n"));
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));
        Assert.Equal(1, module.FlashWrites);
        Assert.Equal(0, driver.Framer.Count);   // boot-time bytes never reach the framer
    }

    [Fact]
    public void Step_CorruptedReplyCrc_RetriedAndConfigured()
    {
        var module = new FakeGm65Module { CorruptNextReplies = 2 };
        var driver = new Gm65Driver(module, new ScannerSettings { MaxAttempts = 3 });
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));
        Assert.Equal(3, module.Commands.Count(c => c == "R 0000 1"));
        Assert.Equal(1, module.FlashWrites);
    }

    [Fact]
    public void Step_BaudWriteAckLostAtOldSpeed_SavesAtNewSpeedAndIsReady()
    {
        var module = new FakeGm65Module { LoseBaudWriteAck = true };
        var driver = new Gm65Driver(module, new ScannerSettings());
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));
        Assert.Equal(1, module.FlashWrites);
        Assert.Equal(115200, module.ModuleBaud);
        Assert.Equal(1, module.Commands.Count(c => c.StartsWith("W 002A")));   // never resent at the old speed
    }

    [Fact]
    public void Step_ModuleAtTargetSpeedOnlyTriggerDiffers_OneWriteOneSaveNoSpeedChange()
    {
        var module = new FakeGm65Module();
        module.Flash[0x002A] = 0x1A;
        module.Flash[0x002B] = 0x00;
        module.Flash[0x0060] = 0xA0;
        module.Flash[0x000D] = 0x04;
        module.PowerCycle();
        var driver = new Gm65Driver(module, new ScannerSettings { TriggerMode = ScannerTriggerMode.Sensor });
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));
        Assert.Equal(new[] { "R 0000 1", "R 000D 1", "R 002A 2", "R 0060 1", "W 0000 D7", "S" }, module.Commands);
        Assert.Equal(1, module.SetBaudCalls);   // only the first probe's switch to 115200
    }

    [Fact]
    public void Step_EncodingLeftAlone_ZoneNotReadOrWritten()
    {
        var module = new FakeGm65Module();
        var driver = new Gm65Driver(module, new ScannerSettings { EncodingCode = -1 });
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));
        Assert.DoesNotContain(module.Commands, c => c.Contains("000D"));
        Assert.Equal(0x00, module.Flash[0x000D]);
    }

    [Fact]
    public void Step_NoCrcMode_ModuleAcceptsAbCdFrames()
    {
        var module = new FakeGm65Module();
        var driver = new Gm65Driver(module, new ScannerSettings { UseCrc = false });
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));
        Assert.Equal(1, module.FlashWrites);
    }

    [Fact]
    public void Step_Ready_ScanBytesReachTheFramer()
    {
        var module = new FakeGm65Module();
        var driver = new Gm65Driver(module, new ScannerSettings());
        RunUntil(driver, Settled);
        module.EmitScan(Cccd);
        driver.Step(_now);
        Assert.Equal(new[] { Cccd }, Texts(driver.Framer));
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x03)]
    public void Step_ReadyAndIdle_HeartbeatSentAndReplyKeptOutOfScans(byte replyHeader)
    {
        var module = new FakeGm65Module { HeartbeatReplyHeader = replyHeader };
        var driver = new Gm65Driver(module, new ScannerSettings { HeartbeatIntervalMs = 1000 });
        RunUntil(driver, Settled);
        Advance(driver, 1_500);
        Assert.Equal(1, module.Heartbeats);
        Assert.Equal(1, driver.HeartbeatsSent);
        Assert.Equal(ScannerHealth.Ok, driver.Health);
        Assert.Equal(0, driver.MissedHeartbeats);
        driver.Framer.Poll(_now + 1000);
        Assert.Equal(0, driver.Framer.Count);
    }

    [Fact]
    public void Step_HeartbeatReplyAndScanInOneChunk_OnlyTheScanIsFramed()
    {
        var module = new FakeGm65Module { HeartbeatReplyHeader = 0x03 };
        var driver = new Gm65Driver(module, new ScannerSettings { HeartbeatIntervalMs = 1000 });
        RunUntil(driver, Settled);
        module.AppendAfterNextReply = new byte[] { 0x03, 0x00, 0x04 }.Concat(Encoding.ASCII.GetBytes("HC1:")).Concat(Encoding.ASCII.GetBytes("NEXT\r\n")).ToArray();
        Advance(driver, 1_200);
        Assert.Equal(1, module.Heartbeats);
        driver.Framer.Poll(_now + 1000);
        Assert.Equal(new[] { "HC1:", "NEXT" }, Texts(driver.Framer));
    }

    [Fact]
    public void Step_HeartbeatReplyArrivesAfterTimeout_CountedMissedButKeptOutOfScans()
    {
        var module = new FakeGm65Module();
        var driver = new Gm65Driver(module, new ScannerSettings { HeartbeatIntervalMs = 1000, ReplyTimeoutMs = 300 });
        RunUntil(driver, Settled);
        module.Silent = true;
        Advance(driver, 1_010);
        Assert.Equal(1, driver.HeartbeatsSent);
        Advance(driver, 340);                         // past the timeout, inside the late window
        Assert.Equal(1, driver.MissedHeartbeats);
        module.ToHost(Convert.FromHexString("02000001003331"));
        Advance(driver, 100);
        driver.Framer.Poll(_now + 1000);
        Assert.Equal(0, driver.Framer.Count);
        Assert.Equal(ScannerHealth.Ok, driver.Health);
    }

    [Fact]
    public void Step_ModuleGoesSilentWhenReady_HealthNotRespondingThenRecovers()
    {
        var module = new FakeGm65Module();
        var driver = new Gm65Driver(module, new ScannerSettings { HeartbeatIntervalMs = 1000, MaxMissedHeartbeats = 3 });
        RunUntil(driver, Settled);
        module.Silent = true;
        Advance(driver, 2_600);
        Assert.Equal(ScannerHealth.Ok, driver.Health);
        Advance(driver, 1_000);
        Assert.Equal(3, driver.MissedHeartbeats);
        Assert.Equal(ScannerHealth.NotResponding, driver.Health);
        Assert.Equal(ScannerDriverState.Ready, driver.State);
        module.Silent = false;
        Advance(driver, 1_100);
        Assert.Equal(ScannerHealth.Ok, driver.Health);
    }

    [Fact]
    public void TriggerOnce_CommandMode_TriggersOneReadAndAckStaysOutOfScans()
    {
        var module = new FakeGm65Module { ScanOnTrigger = "NZCP:/1/ABC" };
        var driver = new Gm65Driver(module, new ScannerSettings { TriggerMode = ScannerTriggerMode.Command });
        Assert.False(driver.TriggerOnce(_now));   // not ready yet
        RunUntil(driver, Settled);
        Assert.Equal(0x01, module.Flash[0x0000] & 0x03);
        Assert.True(driver.TriggerOnce(_now));
        Assert.False(driver.TriggerOnce(_now));   // one in flight
        driver.Step(_now);
        Assert.Equal(1, module.Triggers);
        Assert.Equal(new[] { "NZCP:/1/ABC" }, Texts(driver.Framer));
    }

    [Fact]
    public void Step_LinkThrows_FailedNotResponding()
    {
        var module = new FakeGm65Module { ThrowOnWrite = true };
        var driver = new Gm65Driver(module, new ScannerSettings());
        Assert.Equal(ScannerDriverState.Failed, driver.Step(_now));
        Assert.Equal(ScannerHealth.NotResponding, driver.Health);
        Assert.Contains("uart gone", driver.LastError);
    }

    [Fact]
    public void Restart_WhenReady_ReprobesWithoutWriting()
    {
        var module = new FakeGm65Module();
        var driver = new Gm65Driver(module, new ScannerSettings());
        RunUntil(driver, Settled);
        driver.Restart(_now);
        Assert.Equal(ScannerDriverState.Probing, driver.State);
        Assert.Equal(ScannerDriverState.Ready, RunUntil(driver, Settled));
        Assert.Equal(1, module.FlashWrites);
    }

    [Fact]
    public void Step_LogLines_CarryNoScanContent()
    {
        var module = new FakeGm65Module();
        var log = new ListLog();
        var driver = new Gm65Driver(module, new ScannerSettings(), log);
        RunUntil(driver, Settled);
        module.EmitScan(Cccd);
        Advance(driver, 100);
        Assert.NotEmpty(log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.Contains("001099012345") || l.Contains("Nguyễn"));
    }
}
