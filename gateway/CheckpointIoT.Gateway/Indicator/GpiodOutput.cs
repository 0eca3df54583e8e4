using System.Runtime.InteropServices;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// Drives the three indicator lines through libgpiod v1. Opening checks, in order: the chip device
/// exists, libgpiod.so.2 loads, the chip opens (permissions), each offset exists on the chip, each line
/// is free; every failure is a <see cref="GpioUnavailableException"/> that says what to do.
/// </summary>
public sealed class GpiodOutput : IIndicatorOutput, IDisposable
{
    public const string Consumer = "checkpoint-gateway";

    private readonly GpiodChipHandle _chip;
    private readonly IntPtr[] _lines = new IntPtr[3];
    private readonly string _chipPath;
    private bool _disposed;

    public GpiodOutput(GpioIndicatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _chipPath = options.ChipPath;
        if (!ChipExists(options))
        {
            throw new GpioUnavailableException(
                $"no GPIO chip {_chipPath}: not a Raspberry Pi? set {GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.Mode))}=simulated");
        }

        EnsureLibrary(LibGpiod.Library);
        _chip = LibGpiod.ChipOpen(_chipPath);
        if (_chip.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            _chip.Dispose();
            throw new GpioUnavailableException(errno == Errno.EACCES || errno == Errno.EPERM
                ? $"permission denied opening {_chipPath}: run the gateway as a user in the 'gpio' group"
                : $"cannot open GPIO chip {_chipPath}: {Describe(errno)}");
        }

        try
        {
            var flags = options.ActiveLow ? LibGpiod.RequestFlagActiveLow : 0;
            var numLines = LibGpiod.ChipNumLines(_chip);
            _lines[0] = RequestLine(nameof(options.GreenLine), options.GreenLine, numLines, flags);
            _lines[1] = RequestLine(nameof(options.RedLine), options.RedLine, numLines, flags);
            _lines[2] = RequestLine(nameof(options.BuzzerLine), options.BuzzerLine, numLines, flags);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>True when the configured chip device exists (the "auto" mode test).</summary>
    public static bool ChipExists(GpioIndicatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return File.Exists(options.ChipPath);
    }

    /// <summary>Throws the "install libgpiod2" error when <paramref name="library"/> cannot be loaded.</summary>
    internal static void EnsureLibrary(string library)
    {
        if (!NativeLibrary.TryLoad(library, typeof(GpiodOutput).Assembly, null, out var handle))
        {
            throw new GpioUnavailableException(
                $"{library} not found: install libgpiod2 (sudo apt-get install libgpiod2), or set {GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.Mode))}=simulated");
        }

        NativeLibrary.Free(handle);
    }

    public void Write(IndicatorState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Set(0, state.Green);
        Set(1, state.Red);
        Set(2, state.Buzzer);
    }

    /// <summary>Releases the lines and closes the chip (switch the outputs off first: the player does).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var i = 0; i < _lines.Length; i++)
        {
            if (_lines[i] != IntPtr.Zero)
            {
                LibGpiod.LineRelease(_lines[i]);
                _lines[i] = IntPtr.Zero;
            }
        }

        _chip?.Dispose();
    }

    public override string ToString() => "gpio " + _chipPath;

    private IntPtr RequestLine(string property, int offset, uint numLines, int flags)
    {
        var key = GpioIndicatorOptions.Key(property);
        if ((uint)offset >= numLines)
        {
            throw new GpioUnavailableException($"{key}={offset} is not a line of {_chipPath}, which has {numLines} lines (0..{numLines - 1})");
        }

        var line = LibGpiod.ChipGetLine(_chip, (uint)offset);
        if (line == IntPtr.Zero)
        {
            throw new GpioUnavailableException($"{key}={offset}: cannot get line on {_chipPath}: {Describe(Marshal.GetLastPInvokeError())}");
        }

        if (LibGpiod.LineRequestOutputFlags(line, Consumer, flags, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new GpioUnavailableException(errno == Errno.EBUSY
                ? $"{key}={offset}: line {offset} on {_chipPath} is busy (another program or a device-tree overlay holds it; see gpioinfo)"
                : $"{key}={offset}: cannot request line {offset} on {_chipPath} as output: {Describe(errno)}");
        }

        return line;
    }

    private void Set(int index, bool on)
    {
        if (LibGpiod.LineSetValue(_lines[index], on ? 1 : 0) != 0)
        {
            throw new IOException($"gpiod_line_set_value failed on {_chipPath}: {Describe(Marshal.GetLastPInvokeError())}");
        }
    }

    private static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    private static class Errno
    {
        public const int EPERM = 1;
        public const int EBUSY = 16;
        public const int EACCES = 13;
    }
}
