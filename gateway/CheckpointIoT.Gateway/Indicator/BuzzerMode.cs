namespace CheckpointIoT.Gateway.Indicator;

/// <summary>How the buzzer is driven (config key Gateway:Indicator:BuzzerMode).</summary>
public enum BuzzerMode
{
    /// <summary>"auto": hardware PWM when /sys/class/pwm/pwmchip{BuzzerPwmChip} exists, else software PWM on BuzzerLine (with a warning).</summary>
    Auto = 0,

    /// <summary>"pwm": <c>Iot.Device.Buzzer.Buzzer</c> on the sysfs <c>PwmChannel</c> BuzzerPwmChip/BuzzerPwmChannel; start fails when it cannot.</summary>
    Pwm = 1,

    /// <summary>"software": <c>Iot.Device.Buzzer.Buzzer</c> on a <c>SoftwarePwmChannel</c> toggling BuzzerLine, created for each beep.</summary>
    Software = 2,

    /// <summary>"on-off": BuzzerLine high for the beep (an active buzzer with its own oscillator).</summary>
    OnOff = 3,
}
