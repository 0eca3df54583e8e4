using CheckpointIoT.Node.Host.Storage;
using System.Text;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Provisioning;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Provisioning;

/// <summary>
/// <see cref="IProvisioningActions"/> on a Linux host. A host has no Wi-Fi radio: a join is accepted at once and
/// the credentials only travel into the saved config (the session reports "provisioned" with no redirect URL).
/// Save writes the config file atomically (temp file + rename) and the CA next to it as <c>ca.pem</c>;
/// factory reset deletes both; Restart only records the request (the provisioning host restarts the session).
/// </summary>
public sealed class HostProvisioningActions : IProvisioningActions
{
    private readonly string _configPath;
    private readonly string _caPath;
    private readonly ILog _log;

    public HostProvisioningActions(string configPath, ILog log)
    {
        _configPath = Path.GetFullPath(configPath);
        _caPath = Path.Combine(Path.GetDirectoryName(_configPath)!, "ca.pem");
        _log = log;
    }

    public string ConfigPath => _configPath;

    public string CaPath => _caPath;

    /// <summary>Delay of the last restart request, or null when none is pending.</summary>
    public int? PendingRestartMs { get; private set; }

    public void ClearRestart() => PendingRestartMs = null;

    public bool TryJoinWifi(string ssid, string password)
    {
        _log.Write(LogLevel.Info, "wifi: a host has no Wi-Fi; '" + ssid + "' kept for node.cfg (password " + (string.IsNullOrEmpty(password) ? "empty" : "set") + ")");
        return true;
    }

    public string[] ScanNetworks() => [];

    public bool Save(NodeConfig config, byte[] caPem)
    {
        try
        {
            PrivateFiles.EnsureDirectory(Path.GetDirectoryName(_configPath)!, narrowExisting: false);
            if (caPem != null) WriteAtomically(_caPath, caPem);
            WriteAtomically(_configPath, Encoding.UTF8.GetBytes(config.ToText()));
            _log.Write(LogLevel.Info, "node.cfg saved: " + config.NodeId + " -> " + _configPath);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Write(LogLevel.Error, "node.cfg could not be written: " + ex.Message);
            return false;
        }
    }

    public void FactoryReset()
    {
        File.Delete(_configPath);
        File.Delete(_caPath);
        _log.Write(LogLevel.Warning, "factory reset: " + _configPath + " and ca.pem erased");
    }

    public int StoredCaBytes() => File.Exists(_caPath) ? (int)new FileInfo(_caPath).Length : 0;

    public void Restart(int delayMs)
    {
        _log.Write(LogLevel.Info, "restarting in " + delayMs + " ms");
        PendingRestartMs = delayMs;
    }

    /// <summary>Loads the saved config as the session's starting draft: null when there is none or it is invalid.</summary>
    public NodeConfig? LoadCurrent()
    {
        if (!File.Exists(_configPath)) return null;
        NodeConfig config = NodeConfig.Parse(File.ReadAllText(_configPath), out string error);
        if (config == null) _log.Write(LogLevel.Warning, "saved config ignored: " + error);
        return config;
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string temp = path + ".tmp";
        File.Delete(temp); // a leftover keeps its old mode: created afresh, it is 0600
        using (var stream = PrivateFiles.Open(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 4096))
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
