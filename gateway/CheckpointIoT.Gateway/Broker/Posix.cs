using System.Runtime.InteropServices;

namespace CheckpointIoT.Gateway.Broker;

internal static partial class Posix
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
