using System.Diagnostics;
using System.Text;

namespace CheckpointIoT.Gateway.Broker;

/// <summary>
/// Stops a mosquitto left running from an earlier gateway process with the same broker directory (the
/// gateway was killed before it could stop it, e.g. on a kernel without parent-death signals). Left alone,
/// such a broker keeps the port the nodes were enrolled with: the nodes would stay connected to a broker
/// no gateway listens on, and the new broker would have to move to another port.
/// A process is ours only when its command line names our own mosquitto.conf.
/// </summary>
public static class StaleBrokerReaper
{
    /// <summary>Stops every process whose command line contains <paramref name="configPath"/>; returns their pids.</summary>
    public static IReadOnlyList<int> Reap(string configPath, TimeSpan grace)
    {
        var full = Path.GetFullPath(configPath);
        var stopped = new List<int>();
        foreach (var pid in FindByCommandLine(full))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                Posix.Kill(pid, Posix.SigTerm);
                if (!process.WaitForExit(grace))
                {
                    process.Kill();
                    process.WaitForExit(grace);
                }
                stopped.Add(pid);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
        return stopped;
    }

    public static IEnumerable<int> FindByCommandLine(string needle)
    {
        if (!System.IO.Directory.Exists("/proc")) yield break;
        int self = Environment.ProcessId;
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == self) continue;
            string commandLine;
            try
            {
                commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains("mosquitto", StringComparison.Ordinal) && commandLine.Contains(needle, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }
}
