using System.Runtime.InteropServices;

namespace CheckpointIoT.TestSupport;

public static partial class Posix
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
