using System.Threading;
using CheckpointIoT.Node.Core.Seams;
using nanoFramework.Runtime.Native;

namespace CheckpointIoT.Node.Esp32.Adapters.System
{
    /// <summary>
    /// Software watchdog: the main loop calls <see cref="Beat"/> every iteration; if no beat arrives for
    /// <see cref="StallLimitMs"/> (default 60 s) a separate thread logs the phase it was stuck in and
    /// reboots the node with Power.RebootDevice. The watchdog deliberately calls nothing of the node's own
    /// (the stuck loop may hold the controller's lock). Records are safe: they are queued on flash first.
    /// </summary>
    public sealed class Supervisor
    {
        public const int DefaultStallLimitMs = 60000;
        private const int CheckPeriodMs = 5000;

        private readonly object _sync = new object();
        private readonly ILog _log;
        private readonly int _stallLimitMs;
        private long _lastBeatMs;
        private string _lastPhase = "boot";
        private Thread _thread;

        public Supervisor(ILog log, int stallLimitMs)
        {
            _log = log;
            _stallLimitMs = stallLimitMs < 10000 ? 10000 : stallLimitMs;
            _lastBeatMs = global::System.Environment.TickCount64;
        }

        public int StallLimitMs { get { return _stallLimitMs; } }

        /// <summary>Marks progress; <paramref name="phase"/> names what the loop is doing (logged on a stall).</summary>
        public void Beat(string phase)
        {
            lock (_sync)
            {
                _lastBeatMs = global::System.Environment.TickCount64;
                if (phase != null) _lastPhase = phase;
            }
        }

        public void Start()
        {
            if (_thread != null) return;
            Beat(null);
            _thread = new Thread(Watch);
            _thread.Priority = ThreadPriority.AboveNormal;
            _thread.Start();
        }

        private void Watch()
        {
            while (true)
            {
                Thread.Sleep(CheckPeriodMs);
                long stalled;
                string phase;
                lock (_sync)
                {
                    stalled = global::System.Environment.TickCount64 - _lastBeatMs;
                    phase = _lastPhase;
                }
                if (stalled <= _stallLimitMs) continue;
                _log.Write(LogLevel.Error, "main loop stalled " + (stalled / 1000) + " s in '" + phase + "': rebooting");
                Thread.Sleep(200);
                Power.RebootDevice();
            }
        }
    }
}
