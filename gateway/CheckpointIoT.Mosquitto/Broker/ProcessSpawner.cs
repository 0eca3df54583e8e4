using System.Collections.Concurrent;
using System.Diagnostics;

namespace CheckpointIoT.Mosquitto;

/// <summary>
/// Starts child processes from one dedicated thread that lives as long as the host process, wrapped in
/// <c>setpriv --pdeathsig TERM</c> when util-linux is there. Linux delivers the parent-death signal when the
/// <em>thread</em> that forked the child ends, so forking from short-lived thread-pool threads would kill the broker
/// at random; a permanent spawner thread makes the signal mean "the host process died" (even by SIGKILL).
/// setpriv execs the target, so the child keeps the pid we see.
/// </summary>
internal static class ProcessSpawner
{
    private const string SetPriv = "/usr/bin/setpriv";
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Done)> s_requests = new();
    private static readonly Lazy<Thread> s_thread = new(() =>
    {
        var t = new Thread(Run) { IsBackground = true, Name = "CheckpointIoT process spawner" };
        t.Start();
        return t;
    });

    /// <summary>True when children get a parent-death signal.</summary>
    public static bool ParentDeathSignalAvailable => File.Exists(SetPriv);

    /// <summary>Rewrites <paramref name="psi"/> to run through setpriv when available.</summary>
    public static ProcessStartInfo Wrap(ProcessStartInfo psi)
    {
        if (!ParentDeathSignalAvailable)
        {
            return psi;
        }

        var wrapped = new ProcessStartInfo(SetPriv)
        {
            UseShellExecute = false,
            RedirectStandardError = psi.RedirectStandardError,
            RedirectStandardOutput = psi.RedirectStandardOutput,
            RedirectStandardInput = psi.RedirectStandardInput,
            WorkingDirectory = psi.WorkingDirectory,
        };
        wrapped.ArgumentList.Add("--pdeathsig");
        wrapped.ArgumentList.Add("TERM");
        wrapped.ArgumentList.Add("--");
        wrapped.ArgumentList.Add(psi.FileName);
        foreach (var a in psi.ArgumentList)
        {
            wrapped.ArgumentList.Add(a);
        }

        return wrapped;
    }

    /// <summary>Calls <see cref="Process.Start()"/> on the spawner thread.</summary>
    public static Task StartAsync(Process process)
    {
        _ = s_thread.Value;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s_requests.Add((process, done));
        return done.Task;
    }

    private static void Run()
    {
        foreach (var (process, done) in s_requests.GetConsumingEnumerable())
        {
            try
            {
                if (!process.Start())
                {
                    throw new InvalidOperationException("Process.Start returned false.");
                }

                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }
    }
}
