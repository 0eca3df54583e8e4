using System.Net;
using System.Net.Sockets;

namespace CheckpointIoT.TestSupport;

/// <summary>Finds the repository and the built programs (same configuration as this test assembly).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string Program(string projectDir, string assemblyName)
    {
        string path = Path.Combine(Root, projectDir, "bin", Configuration, "net10.0", assemblyName + ".dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is not built: run dotnet build CheckpointIoT.sln -c {Configuration}", path);
        return path;
    }

    public static string Gateway => Program("gateway/CheckpointIoT.Gateway", "checkpoint-gateway");

    public static string ProvincialApi => Program("gateway/CheckpointIoT.ProvincialApi", "checkpoint-provincial-api");

    public static string NodeSimulator => Program("firmware/CheckpointIoT.Node.Host", "checkpoint-node-sim");

    public static string Technician => Program("firmware/CheckpointIoT.Technician", "checkpoint-tech");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "CheckpointIoT.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CheckpointIoT.sln not found above " + AppContext.BaseDirectory);
    }
}
