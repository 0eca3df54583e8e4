namespace CheckpointIoT.Gateway.Indicator;

/// <summary>The GPIO indicator cannot start: no chip, no libgpiod, no permission, or a line that is taken.
/// The message says what to do.</summary>
public sealed class GpioUnavailableException : InvalidOperationException
{
    public GpioUnavailableException(string message)
        : base(message)
    {
    }

    public GpioUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
