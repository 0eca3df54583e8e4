using CheckpointIoT.Node.Core.Qr;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>
    /// A UART QR scanner module driver (one implementation per module family). The controller calls
    /// <see cref="Step"/> from its loop; the driver reads the link itself, configures the module at
    /// boot, and from then on hands scan bytes to <see cref="Framer"/>.
    /// </summary>
    public interface IScannerDriver
    {
        ScannerDriverState State { get; }

        ScannerHealth Health { get; }

        /// <summary>Scans framed after configuration; dequeue them after each Step.</summary>
        QrFramer Framer { get; }

        /// <summary>Advances the state machine; never blocks. Pass a monotonic clock (IClock.UptimeMs).</summary>
        ScannerDriverState Step(long nowMs);

        /// <summary>Command trigger mode: starts one read. False when not ready or a command is in flight.</summary>
        bool TriggerOnce(long nowMs);

        /// <summary>Runs the boot configuration again from probing.</summary>
        void Restart(long nowMs);
    }
}
