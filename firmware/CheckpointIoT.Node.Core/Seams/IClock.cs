namespace CheckpointIoT.Node.Core.Seams
{
    public interface IClock
    {
        /// <summary>UTC milliseconds since the Unix epoch.</summary>
        long UtcNowMs { get; }

        /// <summary>Milliseconds since boot; monotonic (timeouts are measured with this).</summary>
        long UptimeMs { get; }

        /// <summary>False until the wall clock was set (SNTP): records made before carry a boot-relative guess.</summary>
        bool IsTimeValid { get; }
    }
}
