using System;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Esp32.Adapters.System
{
    /// <summary>
    /// ILog over the nanoFramework console (the wire-protocol output: visible in the VS / VS Code output
    /// window and with <c>nanoff</c> device details). Console output also works in Release builds, unlike
    /// Debug.WriteLine. Debug-level lines are dropped unless <see cref="Verbose"/> is set.
    /// Callers never pass a full ID number, name or token (core rule).
    /// </summary>
    public sealed class ConsoleLog : ILog
    {
        private readonly object _sync = new object();
        private int _warnings;
        private int _errors;

        public bool Verbose;

        public int Warnings { get { return _warnings; } }

        public int Errors { get { return _errors; } }

        public void Write(LogLevel level, string message)
        {
            if (level == LogLevel.Debug && !Verbose) return;
            string prefix;
            switch (level)
            {
                case LogLevel.Debug: prefix = "[dbg] "; break;
                case LogLevel.Info: prefix = "[inf] "; break;
                case LogLevel.Warning: prefix = "[wrn] "; _warnings++; break;
                default: prefix = "[err] "; _errors++; break;
            }
            lock (_sync)
            {
                Console.WriteLine(prefix + message);
            }
        }
    }
}
