using System.Security.Cryptography;
using System.Text;
using CheckpointIoT.Node.Core.Provisioning;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Host.Adapters;

namespace CheckpointIoT.Node.Host.Provisioning;

/// <summary>
/// The node's provisioning boot mode on the host: the core's <see cref="ImprovSession"/> on a serial device
/// (a real tty or a socat pty). When the session asks for a restart (after ApplyConfig, a Wi-Fi-only
/// re-provisioning or a factory reset) the host waits the restart delay, drops what arrived meanwhile (a
/// rebooting node hears nothing) and starts a fresh session from the saved config, so one process serves
/// provisioning, re-provisioning and factory reset. Run the node itself with <c>--config-file</c>.
/// </summary>
public sealed class ProvisioningHost
{
    public const string FirmwareVersion = "sim-1.0.0";
    public const string Chip = "host";

    private readonly ISerialLink _link;
    private readonly HostProvisioningActions _actions;
    private readonly ILog _log;
    private readonly string _defaultNodeId;

    public ProvisioningHost(ISerialLink link, HostProvisioningActions actions, ILog log, string? defaultNodeId = null)
    {
        _link = link;
        _actions = actions;
        _log = log;
        _defaultNodeId = defaultNodeId ?? DefaultNodeId(actions.ConfigPath);
    }

    /// <summary>Number of sessions started (1 + restarts).</summary>
    public int Sessions { get; private set; }

    /// <summary>Stands in for the MAC-derived id of an ESP32: <c>n-</c> + 6 hex digits of a hash of the config path.</summary>
    public static string DefaultNodeId(string configPath)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(configPath)));
        return "n-" + Convert.ToHexString(hash, 0, 3).ToLowerInvariant();
    }

    public void Run(CancellationToken cancel)
    {
        var buffer = new byte[256];
        ImprovSession session = NewSession();
        while (!cancel.IsCancellationRequested)
        {
            int n;
            while ((n = _link.Read(buffer, 0, buffer.Length)) > 0) session.Feed(buffer, 0, n);
            if (_actions.PendingRestartMs is int delay)
            {
                _actions.ClearRestart();
                if (cancel.WaitHandle.WaitOne(delay)) break;
                while (_link.Read(buffer, 0, buffer.Length) > 0) { }
                session = NewSession();
                continue;
            }
            cancel.WaitHandle.WaitOne(5);
        }
    }

    private ImprovSession NewSession()
    {
        Sessions++;
        var current = _actions.LoadCurrent();
        _log.Write(LogLevel.Info, "provisioning mode (session " + Sessions + "): " + (current == null ? "no valid config yet" : "config of " + current.NodeId + " loaded")
            + "; Improv serial on the link, default node id " + _defaultNodeId);
        var session = new ImprovSession(_link, _actions, _log, current, _defaultNodeId, FirmwareVersion, Chip);
        session.Start();
        return session;
    }
}
