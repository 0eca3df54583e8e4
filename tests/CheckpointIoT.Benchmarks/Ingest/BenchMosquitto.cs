using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.TestSupport;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>
/// The benchmark's site broker: TestSupport's <see cref="MosquittoProcess"/> configured as a site would for external mode
/// (password file + the gateway's ACL, no anonymous access, no persistence) plus a "bench" account for the raw baseline
/// on bench/#, deep queues for the flat-out steps and only error/warning logging. Nodes enrolled at the gateway are
/// added with <see cref="AddUserAsync"/> (mosquitto_passwd and a SIGHUP reload).
/// </summary>
internal sealed class BenchMosquitto : IAsyncDisposable
{
    public const string BenchUser = "bench";
    public const string GatewayUser = "gateway";

    private readonly MosquittoProcess _broker;

    private BenchMosquitto(MosquittoProcess broker, string version, string benchPassword, string gatewayPassword)
    {
        _broker = broker;
        Version = version;
        BenchPassword = benchPassword;
        GatewayPassword = gatewayPassword;
    }

    public int Port => _broker.Port;

    public string Version { get; }

    public string BenchPassword { get; }

    public string GatewayPassword { get; }

    public static async Task<BenchMosquitto> StartAsync()
    {
        var benchPassword = Guid.NewGuid().ToString("N");
        var gatewayPassword = Guid.NewGuid().ToString("N");
        var setup = new MosquittoSetup
        {
            Acl = BrokerAccessRules.RenderAcl() + $"\nuser {BenchUser}\ntopic readwrite bench/#\n",
            LogTypes = ["error", "warning"],
            ExtraConfig = "max_queued_messages 100000\nmax_inflight_messages 1000\nset_tcp_nodelay true\n",
        };
        setup.Users[BenchUser] = benchPassword;
        setup.Users[GatewayUser] = gatewayPassword;
        var broker = await MosquittoProcess.StartAsync(setup);
        try
        {
            return new BenchMosquitto(broker, MosquittoProcess.Version(), benchPassword, gatewayPassword);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds (or replaces) an account in the password file and makes the running broker reload it.</summary>
    public Task AddUserAsync(string user, string password) => _broker.AddUserAsync(user, password);

    public ValueTask DisposeAsync() => _broker.DisposeAsync();
}
