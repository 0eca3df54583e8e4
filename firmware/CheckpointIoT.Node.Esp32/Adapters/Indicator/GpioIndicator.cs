using System;
using System.Device.Gpio;
using System.Device.Pwm;
using System.Threading;
using CheckpointIoT.Node.Core.Seams;
using nanoFramework.Hardware.Esp32;

namespace CheckpointIoT.Node.Esp32.Adapters.Indicator
{
    /// <summary>
    /// INodeIndicator on two GPIO LEDs and a buzzer. A player thread runs the current
    /// <see cref="IndicatorPattern"/>; <see cref="Show"/> only swaps the pattern and wakes the thread, so
    /// it returns at once and a new signal cuts the old one short. Active buzzer: switched by a GPIO;
    /// passive buzzer: PWM at <see cref="PassiveBuzzerHz"/> (50 % duty) on PWM1.
    /// When no pattern plays, the optional background pattern (e.g. "no link") repeats.
    /// </summary>
    public sealed class GpioIndicator : INodeIndicator
    {
        public const int PassiveBuzzerHz = 2700;

        private readonly object _sync = new object();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly GpioPin _green;
        private readonly GpioPin _red;
        private readonly GpioPin _buzzerPin;
        private readonly PwmChannel _buzzerPwm;
        private readonly bool _activeLow;
        private IndicatorPattern _current;
        private IndicatorPattern _background;
        private int _buzzerOn = -1;

        public GpioIndicator(GpioController gpio, int greenPin, int redPin, int buzzerPin, bool passiveBuzzer, bool ledsActiveLow)
        {
            _activeLow = ledsActiveLow;
            _green = gpio.OpenPin(greenPin, PinMode.Output);
            _red = gpio.OpenPin(redPin, PinMode.Output);
            if (passiveBuzzer)
            {
                Configuration.SetPinFunction(buzzerPin, DeviceFunction.PWM1);
                _buzzerPwm = PwmChannel.CreateFromPin(buzzerPin, PassiveBuzzerHz, 0.5);
            }
            else
            {
                _buzzerPin = gpio.OpenPin(buzzerPin, PinMode.Output);
            }
            Apply(0);
            Thread player = new Thread(PlayerLoop);
            player.Start();
        }

        /// <summary>The pattern playing now, or null (for logs and tests on hardware).</summary>
        public string CurrentName
        {
            get { lock (_sync) { return _current == null ? "idle" : _current.Name; } }
        }

        public void Show(NodeSignal signal)
        {
            Play(IndicatorPatterns.For(signal));
        }

        /// <summary>Plays any pattern (e.g. <see cref="IndicatorPatterns.Boot"/>); returns at once.</summary>
        public void Play(IndicatorPattern pattern)
        {
            lock (_sync)
            {
                _current = pattern;
            }
            _wake.Set();
        }

        /// <summary>Pattern repeated while nothing else plays; null for dark.</summary>
        public void SetBackground(IndicatorPattern pattern)
        {
            lock (_sync)
            {
                if (_background == pattern) return;
                _background = pattern;
            }
            _wake.Set();
        }

        private void PlayerLoop()
        {
            while (true)
            {
                IndicatorPattern pattern;
                bool foreground;
                lock (_sync)
                {
                    foreground = _current != null && _current != IndicatorPatterns.Idle;
                    pattern = foreground ? _current : _background;
                }
                if (pattern == null)
                {
                    Apply(0);
                    _wake.WaitOne(Timeout.Infinite, false);
                    continue;
                }
                bool interrupted = false;
                for (int i = 0; i < pattern.Outputs.Length && !interrupted; i++)
                {
                    Apply(pattern.Outputs[i]);
                    interrupted = _wake.WaitOne(pattern.DurationsMs[i], false);
                }
                if (interrupted || pattern.Repeat) continue;
                Apply(0);
                lock (_sync)
                {
                    if (_current == pattern) _current = null;
                }
            }
        }

        private void Apply(int outputs)
        {
            _green.Write(Level((outputs & IndicatorPattern.Green) != 0));
            _red.Write(Level((outputs & IndicatorPattern.Red) != 0));
            int buzzer = (outputs & IndicatorPattern.Buzzer) != 0 ? 1 : 0;
            if (buzzer == _buzzerOn) return;
            _buzzerOn = buzzer;
            if (_buzzerPwm != null)
            {
                if (buzzer == 1) _buzzerPwm.Start(); else _buzzerPwm.Stop();
            }
            else
            {
                _buzzerPin.Write(buzzer == 1 ? PinValue.High : PinValue.Low);
            }
        }

        private PinValue Level(bool on)
        {
            return on != _activeLow ? PinValue.High : PinValue.Low;
        }
    }
}
