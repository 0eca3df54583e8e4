using System.Globalization;
using CheckpointIoT.Gateway.Configuration;
using BuzzerModeKind = CheckpointIoT.Gateway.Indicator.BuzzerMode;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// Config section <c>Gateway:Indicator</c>. Lines are offsets on <see cref="Chip"/>; on a Raspberry Pi's
/// header chip the offset is the BCM GPIO number (see README.md for the wiring table).
/// </summary>
public sealed class GpioIndicatorOptions
{
    public const string SectionName = "Gateway:Indicator";

    /// <summary>Highest line offset accepted before the chip is opened (the chip's own line count is checked at open).</summary>
    public const int MaxLineOffset = 1023;

    /// <summary>Highest sysfs PWM chip or channel number accepted.</summary>
    public const int MaxPwmNumber = 63;

    /// <summary>Lowest and highest buzzer tone accepted, in hertz.</summary>
    public const int MinFrequencyHz = 20;

    /// <inheritdoc cref="MinFrequencyHz"/>
    public const int MaxFrequencyHz = 20_000;

    private const string ChipPrefix = "gpiochip";

    private static readonly (string Name, GpioDriverChoice Value)[] DriverNames =
    [
        ("auto", GpioDriverChoice.Auto),
        ("libgpiod-v1", GpioDriverChoice.LibgpiodV1),
        ("libgpiod-v2", GpioDriverChoice.LibgpiodV2),
    ];

    private static readonly (string Name, BuzzerModeKind Value)[] BuzzerModeNames =
    [
        ("auto", BuzzerModeKind.Auto),
        ("pwm", BuzzerModeKind.Pwm),
        ("software", BuzzerModeKind.Software),
        ("on-off", BuzzerModeKind.OnOff),
    ];

    public IndicatorMode Mode { get; set; } = IndicatorMode.Auto;

    /// <summary>auto | libgpiod-v1 | libgpiod-v2 (see <see cref="GpioDriverChoice"/>).</summary>
    public string Driver { get; set; } = "auto";

    /// <summary>A chip name under /dev ("gpiochip0") or its path ("/dev/gpiochip0"): the libgpiod drivers open chips by number.</summary>
    public string Chip { get; set; } = "gpiochip0";

    public int GreenLine { get; set; } = 17;

    public int RedLine { get; set; } = 27;

    /// <summary>The buzzer's line for software PWM and on-off (BCM 18 is also the pin the default PWM overlay uses).</summary>
    public int BuzzerLine { get; set; } = 18;

    /// <summary>True when an LED (or an on-off buzzer) is on at the low level, e.g. wired to 3V3. PWM tones are never inverted.</summary>
    public bool ActiveLow { get; set; }

    /// <summary>auto | pwm | software | on-off (see <see cref="BuzzerModeKind"/>).</summary>
    public string BuzzerMode { get; set; } = "auto";

    /// <summary>The sysfs PWM chip: /sys/class/pwm/pwmchip{BuzzerPwmChip}.</summary>
    public int BuzzerPwmChip { get; set; }

    /// <summary>The channel on that chip (0 for GPIO 18 on a Pi 1-4, 2 on a Pi 5; see README.md).</summary>
    public int BuzzerPwmChannel { get; set; }

    /// <summary>The tone of a PWM beep (hardware or software PWM).</summary>
    public int BuzzerFrequencyHz { get; set; } = 2000;

    /// <summary>The device path of <see cref="Chip"/>.</summary>
    public string ChipPath => Chip.StartsWith('/') ? Chip : "/dev/" + Chip;

    /// <summary>The chip number the drivers open (N of gpiochipN). Valid after <see cref="Validate"/>.</summary>
    public int ChipNumber => ParseChipNumber(Chip) ?? throw Bad(nameof(Chip), ChipMessage());

    /// <summary>The parsed <see cref="Driver"/>. Valid after <see cref="Validate"/>.</summary>
    public GpioDriverChoice DriverChoice => Parse(DriverNames, Driver) ?? throw Bad(nameof(Driver), DriverMessage());

    /// <summary>The parsed <see cref="BuzzerMode"/>. Valid after <see cref="Validate"/>.</summary>
    public BuzzerModeKind BuzzerModeChoice => Parse(BuzzerModeNames, BuzzerMode) ?? throw Bad(nameof(BuzzerMode), BuzzerModeMessage());

    /// <summary>The sysfs directory of the buzzer's PWM chip.</summary>
    public string PwmChipPath => "/sys/class/pwm/pwmchip" + BuzzerPwmChip.ToString(CultureInfo.InvariantCulture);

    /// <summary>The full config key of a property, for error messages.</summary>
    public static string Key(string property) => SectionName + ":" + property;

    /// <summary>The config spelling of a driver choice ("libgpiod-v1").</summary>
    public static string NameOf(GpioDriverChoice choice) => DriverNames.First(d => d.Value == choice).Name;

    /// <summary>The config spelling of a buzzer mode ("on-off").</summary>
    public static string NameOf(BuzzerModeKind mode) => BuzzerModeNames.First(d => d.Value == mode).Name;

    /// <summary>Throws <see cref="GatewayConfigException"/> naming the first bad key.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw Bad(nameof(Mode), $"must be auto, gpio or simulated (got {(int)Mode})");
        }

        _ = DriverChoice;
        _ = ChipNumber;
        CheckLine(nameof(GreenLine), GreenLine);
        CheckLine(nameof(RedLine), RedLine);
        CheckLine(nameof(BuzzerLine), BuzzerLine);
        CheckDistinct(nameof(RedLine), RedLine, nameof(GreenLine), GreenLine);
        CheckDistinct(nameof(BuzzerLine), BuzzerLine, nameof(GreenLine), GreenLine);
        CheckDistinct(nameof(BuzzerLine), BuzzerLine, nameof(RedLine), RedLine);
        _ = BuzzerModeChoice;
        CheckRange(nameof(BuzzerPwmChip), BuzzerPwmChip, 0, MaxPwmNumber, "a PWM chip number");
        CheckRange(nameof(BuzzerPwmChannel), BuzzerPwmChannel, 0, MaxPwmNumber, "a PWM channel number");
        CheckRange(nameof(BuzzerFrequencyHz), BuzzerFrequencyHz, MinFrequencyHz, MaxFrequencyHz, "a tone in Hz");
    }

    public override string ToString() =>
        $"{ChipPath} green={GreenLine} red={RedLine} buzzer={BuzzerLine}{(ActiveLow ? " active-low" : string.Empty)}";

    private static int? ParseChipNumber(string? chip)
    {
        if (string.IsNullOrEmpty(chip))
        {
            return null;
        }

        var name = chip.StartsWith("/dev/", StringComparison.Ordinal) ? chip["/dev/".Length..] : chip;
        if (!name.StartsWith(ChipPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = name[ChipPrefix.Length..];
        return digits.Length is > 0 and <= 4 && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, CultureInfo.InvariantCulture)
            : null;
    }

    private static T? Parse<T>((string Name, T Value)[] names, string? text)
        where T : struct
    {
        foreach (var (name, value) in names)
        {
            if (string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private string ChipMessage() =>
        $"must be a chip name like gpiochip0 or its path /dev/gpiochip0 (got '{Chip}'); the libgpiod drivers open chips by number";

    private string DriverMessage() => $"must be auto, libgpiod-v1 or libgpiod-v2 (got '{Driver}')";

    private string BuzzerModeMessage() => $"must be auto, pwm, software or on-off (got '{BuzzerMode}')";

    private static void CheckLine(string property, int value) =>
        CheckRange(property, value, 0, MaxLineOffset, "a line offset");

    private static void CheckRange(string property, int value, int min, int max, string what)
    {
        if (value < min || value > max)
        {
            throw Bad(property, $"must be {what} {min}..{max} (got {value})");
        }
    }

    private static void CheckDistinct(string property, int value, string otherProperty, int otherValue)
    {
        if (value == otherValue)
        {
            throw Bad(property, $"is line {value}, the same line as {Key(otherProperty)}");
        }
    }

    private static GatewayConfigException Bad(string property, string message) => new(Key(property), message);
}
