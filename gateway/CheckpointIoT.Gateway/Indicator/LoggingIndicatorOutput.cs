using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>The simulated "hardware": logs each pattern start at Information and each step at Debug.</summary>
internal sealed class LoggingIndicatorOutput : IIndicatorOutput
{
    private readonly ILogger _logger;
    private IndicatorPattern? _lastPattern;

    public LoggingIndicatorOutput(ILogger logger)
    {
        _logger = logger;
    }

    public void Write(IndicatorState state)
    {
        if (_lastPattern != state.Pattern)
        {
            _lastPattern = state.Pattern;
            _logger.LogInformation("indicator (simulated) shows {Pattern}", state.Pattern);
        }

        _logger.LogDebug("indicator (simulated) {State}", state.ToString());
    }
}
