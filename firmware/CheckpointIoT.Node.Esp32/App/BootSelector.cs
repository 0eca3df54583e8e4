using System.Device.Gpio;
using System.Threading;

namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>
    /// Decides the boot mode. The BOOT button (GPIO0, low when pressed) is sampled during a window right
    /// after the power-on self-test, NOT at reset: GPIO0 held low while the chip resets enters the ROM
    /// flashing mode instead of starting the firmware. Holding it for <see cref="HoldMs"/> within the
    /// window selects provisioning; so does a missing or invalid node.cfg.
    /// </summary>
    public static class BootSelector
    {
        public const int WindowMs = 3000;
        public const int HoldMs = 1000;
        private const int SampleMs = 50;

        /// <summary>True when the button was held for <see cref="HoldMs"/> during the window.</summary>
        public static bool ButtonHeld(GpioController gpio, int pin)
        {
            GpioPin button = gpio.OpenPin(pin, PinMode.InputPullUp);
            int heldMs = 0;
            try
            {
                for (int elapsed = 0; elapsed < WindowMs || heldMs > 0; elapsed += SampleMs)
                {
                    if (button.Read() == PinValue.Low)
                    {
                        heldMs += SampleMs;
                        if (heldMs >= HoldMs) return true;
                    }
                    else
                    {
                        heldMs = 0;
                    }
                    Thread.Sleep(SampleMs);
                }
                return false;
            }
            finally
            {
                gpio.ClosePin(pin);
            }
        }

        public static BootMode Choose(bool buttonHeld, bool configValid)
        {
            return buttonHeld || !configValid ? BootMode.Provisioning : BootMode.Normal;
        }
    }
}
