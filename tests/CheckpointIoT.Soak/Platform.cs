// The soak runs on Linux only: it reads /proc, mounts a tmpfs and sends signals.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
