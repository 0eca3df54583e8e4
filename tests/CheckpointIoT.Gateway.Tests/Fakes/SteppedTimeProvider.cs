namespace CheckpointIoT.Gateway.Tests.Fakes;

/// <summary>A clock the test moves by hand (GetUtcNow only: use it with UploadOnceAsync, not with RunAsync's delays).</summary>
public sealed class SteppedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
