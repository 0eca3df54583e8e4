using System.Runtime.InteropServices;

namespace CheckpointIoT.Mosquitto.Native;

/// <summary>The few libc calls we need: signals for the broker process, shutdown() to drop a client socket.</summary>
internal static partial class LibC
{
    public const int SIGHUP = 1;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SHUT_RDWR = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);
}
