using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Runtime
{
    /// <summary>
    /// One iteration of the node's main loop, shared by every host so the simulator runs the node the ESP32 runs:
    /// steps the scanner driver and hands its framed scans to the controller (<see cref="Enqueue"/> is the one place
    /// a scan gets its sequence), propagates scanner health, ticks the controller (verdict deadlines, replay,
    /// status frames), and decides whether BLE scanning pauses and whether the "no link" pattern shows. The host
    /// applies <see cref="BlePaused"/> and <see cref="ShowNoLink"/> to its own adapters after each
    /// <see cref="Step"/>, and keeps only what is its own (watchdog, SNTP, memory watch, sleeping).
    /// </summary>
    public sealed class NodeRuntime
    {
        /// <summary>The link must be down this long before the no-link pattern shows (a reconnect blip stays silent).</summary>
        public const long NoLinkIndicatorAfterMs = 10000;

        private readonly NodeController _controller;
        private readonly IScannerDriver _scanner;
        private readonly INodeIndicator _indicator;
        private readonly ILog _log;
        private long _linkDownSinceMs = -1;
        private ScannerHealth _lastScannerHealth = ScannerHealth.Unknown;
        private bool _blePaused;
        private bool _showNoLink;

        /// <param name="scanner">Null on a node without a scanner module (scans then come through <see cref="Enqueue"/> only).</param>
        public NodeRuntime(NodeController controller, IScannerDriver scanner, INodeIndicator indicator, ILog log)
        {
            _controller = controller;
            _scanner = scanner;
            _indicator = indicator;
            _log = log;
        }

        /// <summary>Raised after each scan handed to the controller, with the sequence it got (0: debounced or rejected).</summary>
        public event ScanEnqueuedHandler ScanEnqueued;

        public NodeController Controller { get { return _controller; } }

        /// <summary>True while a verdict is awaited: BLE scanning pauses so the radio serves the verdict.</summary>
        public bool BlePaused { get { return _blePaused; } }

        /// <summary>True once the broker has been unreachable for <see cref="NoLinkIndicatorAfterMs"/>.</summary>
        public bool ShowNoLink { get { return _showNoLink; } }

        /// <summary>Scan frames the driver rejected (too long, binary, ...).</summary>
        public int RejectedFrames;

        /// <summary>One loop iteration; never blocks. <paramref name="nowMs"/> is the monotonic clock (IClock.UptimeMs).</summary>
        public void Step(long nowMs)
        {
            StepScanner(nowMs);
            _controller.Tick();
            _blePaused = _controller.Door == DoorState.AwaitingVerdict;
            bool online = _controller.Link == LinkState.Online;
            if (online) _linkDownSinceMs = -1;
            else if (_linkDownSinceMs < 0) _linkDownSinceMs = nowMs;
            _showNoLink = !online && nowMs - _linkDownSinceMs >= NoLinkIndicatorAfterMs;
        }

        /// <summary>Hands one scan to the controller: the single place a scan is enqueued with its sequence.</summary>
        public uint Enqueue(byte[] data, int offset, int count)
        {
            uint sequence = _controller.OnScan(data, offset, count);
            ScanEnqueuedHandler handler = ScanEnqueued;
            if (handler != null) handler(sequence, data, offset, count);
            return sequence;
        }

        private void StepScanner(long nowMs)
        {
            if (_scanner == null) return;
            _scanner.Step(nowMs);
            QrFramer framer = _scanner.Framer;
            QrFrame frame;
            while ((frame = framer.Dequeue()) != null)
            {
                if (!frame.IsOk)
                {
                    RejectedFrames++;
                    _log.Write(LogLevel.Warning, "scanner frame rejected: " + frame.Error.ToString() + " (" + frame.Length.ToString() + " B)");
                    _indicator.Show(NodeSignal.Error);
                    continue;
                }
                Enqueue(frame.Data, 0, frame.Length);
            }
            ScannerHealth health = _scanner.Health;
            if (health != _lastScannerHealth)
            {
                _lastScannerHealth = health;
                _controller.ScannerHealth = health;
                _log.Write(health == ScannerHealth.Ok ? LogLevel.Info : LogLevel.Warning, "scanner health: " + health.ToString());
            }
        }
    }
}
