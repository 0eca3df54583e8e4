using CheckpointIoT.Node.Core.Queue;

namespace CheckpointIoT.Node.Core.Tests.Queue;

public class QueueOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        new QueueOptions().Validate();
    }

    [Theory]
    [InlineData(nameof(QueueOptions.MaxBytes), 1000)]
    [InlineData(nameof(QueueOptions.SegmentBytes), 1000)]
    [InlineData(nameof(QueueOptions.MaxRecordBytes), 0)]
    [InlineData(nameof(QueueOptions.MaxRecordBytes), 70_000)]
    [InlineData(nameof(QueueOptions.MaxRecords), 0)]
    public void Validate_BadValue_ThrowsNamingTheOption(string option, int value)
    {
        var options = new QueueOptions();
        typeof(QueueOptions).GetField(option)!.SetValue(options, value);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(option, error.ParamName);
        Assert.Contains("QueueOptions." + option, error.Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsBeforeTouchingStorage()
    {
        var storage = new MemoryQueueStorage();

        Assert.Throws<ArgumentException>(() => new OfflineQueue(storage, new QueueOptions { MaxBytes = 10 }));
        Assert.Equal(0, storage.AppendCalls);
    }
}
