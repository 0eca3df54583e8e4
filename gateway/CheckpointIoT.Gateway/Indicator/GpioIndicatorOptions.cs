using CheckpointIoT.Gateway.Configuration;

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

    public IndicatorMode Mode { get; set; } = IndicatorMode.Auto;

    /// <summary>A chip name under /dev ("gpiochip0") or an absolute path ("/dev/gpiochip0").</summary>
    public string Chip { get; set; } = "gpiochip0";

    public int GreenLine { get; set; } = 17;

    public int RedLine { get; set; } = 27;

    public int BuzzerLine { get; set; } = 22;

    /// <summary>True when an output is on at the low level (e.g. LEDs wired to 3V3, inverting driver boards). Applies to all three lines.</summary>
    public bool ActiveLow { get; set; }

    /// <summary>The device path <see cref="Chip"/> stands for.</summary>
    public string ChipPath => Chip.StartsWith('/') ? Chip : "/dev/" + Chip;

    /// <summary>The full config key of a property, for error messages.</summary>
    public static string Key(string property) => SectionName + ":" + property;

    /// <summary>Throws <see cref="GatewayConfigException"/> naming the first bad key.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw Bad(nameof(Mode), $"must be auto, gpio or simulated (got {(int)Mode})");
        }

        if (string.IsNullOrWhiteSpace(Chip) || Chip.Any(char.IsWhiteSpace))
        {
            throw Bad(nameof(Chip), $"must be a chip name like gpiochip0 or a path like /dev/gpiochip0 (got '{Chip}')");
        }

        if (!Chip.StartsWith('/') && Chip.Contains('/'))
        {
            throw Bad(nameof(Chip), $"must be a bare name under /dev or an absolute path (got '{Chip}')");
        }

        CheckLine(nameof(GreenLine), GreenLine);
        CheckLine(nameof(RedLine), RedLine);
        CheckLine(nameof(BuzzerLine), BuzzerLine);
        CheckDistinct(nameof(RedLine), RedLine, nameof(GreenLine), GreenLine);
        CheckDistinct(nameof(BuzzerLine), BuzzerLine, nameof(GreenLine), GreenLine);
        CheckDistinct(nameof(BuzzerLine), BuzzerLine, nameof(RedLine), RedLine);
    }

    public override string ToString() =>
        $"{ChipPath} green={GreenLine} red={RedLine} buzzer={BuzzerLine}{(ActiveLow ? " active-low" : string.Empty)}";

    private static void CheckLine(string property, int value)
    {
        if (value < 0 || value > MaxLineOffset)
        {
            throw Bad(property, $"must be a line offset 0..{MaxLineOffset} (got {value})");
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
