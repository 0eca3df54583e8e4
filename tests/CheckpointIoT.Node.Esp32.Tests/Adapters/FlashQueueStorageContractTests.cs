using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Tests.Queue;
using CheckpointIoT.Node.Esp32.Adapters.Storage;

namespace CheckpointIoT.Node.Esp32.Tests.Adapters;

/// <summary>
/// The core's IQueueStorage contract and queue crash-safety suite, run against the ESP32 flash storage
/// (its FileStream/File/Directory calls have the same shape on .NET, so the same source runs here on a temp dir).
/// </summary>
public sealed class FlashQueueStorageContractTests : QueueStorageContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "checkpoint-flash-queue-tests", Guid.NewGuid().ToString("N"));

    protected override void Erase()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    protected override IQueueStorage Boot() => new FlashQueueStorage(_directory);

    public override void Dispose()
    {
        Erase();
        base.Dispose();
    }

    [Fact]
    public void ListSegments_ForeignAndMalformedFiles_AreIgnored()
    {
        Erase();
        IQueueStorage storage = Boot();
        storage.Append(5, new byte[] { 1 }, 0, 1);
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "x");
        File.WriteAllText(Path.Combine(_directory, "x5.seg"), "x");
        File.WriteAllText(Path.Combine(_directory, "0.seg"), "x");
        File.WriteAllText(Path.Combine(_directory, ".seg"), "x");
        File.WriteAllText(Path.Combine(_directory, "1234567890.seg"), "x");

        Assert.Equal(new[] { 5 }, Boot().ListSegments());
    }

    [Fact]
    public void Append_SegmentId_FileNamedIdDotSeg()
    {
        Erase();
        IQueueStorage storage = Boot();

        storage.Append(42, new byte[] { 7, 8, 9 }, 1, 2);

        Assert.Equal(new byte[] { 8, 9 }, File.ReadAllBytes(Path.Combine(_directory, "42.seg")));
    }

    [Fact]
    public void Append_NonPositiveSegment_Throws()
    {
        Erase();
        IQueueStorage storage = Boot();

        Assert.Throws<ArgumentOutOfRangeException>(() => storage.Append(0, new byte[] { 1 }, 0, 1));
    }
}
