using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Tests.Fakes;
using CheckpointIoT.Node.Host.Provisioning;
using CheckpointIoT.Node.Host.Storage;

namespace CheckpointIoT.Node.Core.Tests.HostStorage;

/// <summary>
/// Queue segments hold check-ins (personal data) and node.cfg the broker password: the host creates them 0600 in
/// 0700 directories, whatever the umask. Real files, modes read back with stat.
/// </summary>
public sealed class HostFileModeTests : IDisposable
{
    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDir = Owner | UnixFileMode.UserExecute;
    private const UnixFileMode Wide = OwnerDir | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cp-modes-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void FileQueueStorage_NewDirectoryAndSegment_AreOwnerOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        string dir = Path.Combine(_root, "queue");
        using (var storage = new FileQueueStorage(dir))
        {
            storage.Append(1, [1, 2, 3], 0, 3);
            storage.Flush(1);
        }

        Assert.Equal(OwnerDir, File.GetUnixFileMode(dir));
        Assert.Equal(Owner, File.GetUnixFileMode(Path.Combine(dir, "00000001.q")));
    }

    [Fact]
    public void FileQueueStorage_ExistingWideDirectory_IsNarrowed()
    {
        if (OperatingSystem.IsWindows()) return;
        string dir = Path.Combine(_root, "queue");
        Directory.CreateDirectory(dir, Wide);
        File.SetUnixFileMode(dir, Wide);

        using var storage = new FileQueueStorage(dir);

        Assert.Equal(OwnerDir, File.GetUnixFileMode(dir));
    }

    [Fact]
    public void Save_NewConfigDirectory_WritesNodeCfgAndCaOwnerOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        string dir = Path.Combine(_root, "node");
        string configPath = Path.Combine(dir, "node.cfg");
        var actions = new HostProvisioningActions(configPath, new RecordingNodeIndicator());
        NodeConfig config = NodeConfig.Parse("node_id=n-1\ncheckpoint_id=cp\nbroker_host=10.0.0.1\nmqtt_username=n-1\nmqtt_password=s3cret-pass\n", out string error)
            ?? throw new InvalidOperationException(error);

        Assert.True(actions.Save(config, "-----BEGIN CERTIFICATE-----\n"u8.ToArray()));

        Assert.Equal(OwnerDir, File.GetUnixFileMode(dir));
        Assert.Equal(Owner, File.GetUnixFileMode(configPath));
        Assert.Equal(Owner, File.GetUnixFileMode(Path.Combine(dir, "ca.pem")));
    }

    [Fact]
    public void Save_LeftoverWideTempFile_NodeCfgStillOwnerOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        string dir = Path.Combine(_root, "node");
        Directory.CreateDirectory(dir);
        string configPath = Path.Combine(dir, "node.cfg");
        File.WriteAllText(configPath + ".tmp", "half-written");
        File.SetUnixFileMode(configPath + ".tmp", Owner | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var actions = new HostProvisioningActions(configPath, new RecordingNodeIndicator());
        NodeConfig config = NodeConfig.Parse("node_id=n-1\ncheckpoint_id=cp\nbroker_host=10.0.0.1\nmqtt_username=n-1\nmqtt_password=s3cret-pass\n", out string error)
            ?? throw new InvalidOperationException(error);

        Assert.True(actions.Save(config, null!));

        Assert.Equal(Owner, File.GetUnixFileMode(configPath));
    }
}
