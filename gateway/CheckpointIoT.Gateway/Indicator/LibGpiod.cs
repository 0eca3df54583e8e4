using System.Runtime.InteropServices;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The few libgpiod v1 calls the indicator needs (Debian bookworm's libgpiod2 = libgpiod.so.2, 1.6.x).
/// Line pointers belong to their chip and die with it; only the chip gets a SafeHandle.
/// </summary>
internal static partial class LibGpiod
{
    public const string Library = "libgpiod.so.2";

    /// <summary>GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW (BIT(2) in gpiod.h v1).</summary>
    public const int RequestFlagActiveLow = 1 << 2;

    [LibraryImport(Library, EntryPoint = "gpiod_version_string")]
    public static partial IntPtr VersionString();

    [LibraryImport(Library, EntryPoint = "gpiod_chip_open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial GpiodChipHandle ChipOpen(string path);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_close")]
    public static partial void ChipClose(IntPtr chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_num_lines")]
    public static partial uint ChipNumLines(GpiodChipHandle chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
    public static partial IntPtr ChipGetLine(GpiodChipHandle chip, uint offset);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_output_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LineRequestOutputFlags(IntPtr line, string consumer, int flags, int defaultValue);

    [LibraryImport(Library, EntryPoint = "gpiod_line_set_value", SetLastError = true)]
    public static partial int LineSetValue(IntPtr line, int value);

    [LibraryImport(Library, EntryPoint = "gpiod_line_release")]
    public static partial void LineRelease(IntPtr line);

    /// <summary>The library's version, e.g. "1.6.3".</summary>
    public static string Version() => Marshal.PtrToStringUTF8(VersionString()) ?? string.Empty;
}
