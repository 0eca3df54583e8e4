namespace CheckpointIoT.Node.Esp32.App
{
    /// <summary>
    /// How this board is wired, with the hardware/README.md defaults. Units that wire differently put
    /// overrides in I:\config\board.cfg (key=value lines, # comments): see firmware/README.md.
    /// <see cref="Parse"/> returns null and an error naming the key when a value is unusable.
    /// </summary>
    public sealed class BoardProfile
    {
        public int ScannerTxPin = 17;
        public int ScannerRxPin = 16;
        public int GreenLedPin = 25;
        public int RedLedPin = 26;
        public int BuzzerPin = 27;
        public int ServiceTxPin = 32;
        public int ServiceRxPin = 33;
        public int BootButtonPin = 0;
        public bool PassiveBuzzer;
        public bool LedsActiveLow;
        public bool BleEnabled = true;
        public int BleIntervalMs = 480;
        public int BleWindowMs = 240;
        /// <summary>SNTP server 2 (server 1 is the broker host, i.e. the gateway).</summary>
        public string NtpServer = "pool.ntp.org";

        public static BoardProfile Parse(string text, out string error)
        {
            BoardProfile board = new BoardProfile();
            error = null;
            if (text == null) return board;
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    error = "board.cfg line " + (i + 1) + ": expected key=value";
                    return null;
                }
                error = board.Set(line.Substring(0, eq).Trim(), line.Substring(eq + 1).Trim());
                if (error != null) return null;
            }
            error = board.Validate();
            return error == null ? board : null;
        }

        public string Set(string key, string value)
        {
            switch (key)
            {
                case "pin_scanner_tx": return Pin(key, value, true, out ScannerTxPin);
                case "pin_scanner_rx": return Pin(key, value, false, out ScannerRxPin);
                case "pin_led_green": return Pin(key, value, true, out GreenLedPin);
                case "pin_led_red": return Pin(key, value, true, out RedLedPin);
                case "pin_buzzer": return Pin(key, value, true, out BuzzerPin);
                case "pin_service_tx": return Pin(key, value, true, out ServiceTxPin);
                case "pin_service_rx": return Pin(key, value, false, out ServiceRxPin);
                case "buzzer":
                    if (value == "active") PassiveBuzzer = false;
                    else if (value == "passive") PassiveBuzzer = true;
                    else return "buzzer: active or passive";
                    return null;
                case "leds_active_low": return Flag(key, value, out LedsActiveLow);
                case "ble": return Flag(key, value, out BleEnabled);
                case "ble_interval_ms": return Number(key, value, 100, 10000, out BleIntervalMs);
                case "ble_window_ms": return Number(key, value, 20, 10000, out BleWindowMs);
                case "ntp_server": NtpServer = value; return null;
                default: return key + ": unknown key";
            }
        }

        public string Validate()
        {
            if (BleWindowMs > BleIntervalMs / 2) return "ble_window_ms: at most half of ble_interval_ms (Wi-Fi needs the radio too)";
            int[] pins = new int[] { ScannerTxPin, ScannerRxPin, GreenLedPin, RedLedPin, BuzzerPin, ServiceTxPin, ServiceRxPin, BootButtonPin };
            for (int i = 0; i < pins.Length; i++)
            {
                for (int j = i + 1; j < pins.Length; j++)
                {
                    if (pins[i] == pins[j]) return "board.cfg: GPIO" + pins[i] + " is assigned twice";
                }
            }
            return null;
        }

        /// <summary>
        /// GPIO checks from hardware/README.md: 6-11 are the flash, 1/3 the USB UART, 34-39 input only,
        /// strapping pins 2, 5, 12, 15 are refused (0 is the BOOT button).
        /// </summary>
        private static string Pin(string key, string value, bool output, out int pin)
        {
            string error = Number(key, value, 0, 39, out pin);
            if (error != null) return error;
            if (pin >= 6 && pin <= 11) return key + ": GPIO6-11 belong to the SPI flash";
            if (pin == 1 || pin == 3) return key + ": GPIO1/3 are the USB UART (debugger)";
            if (pin == 0 || pin == 2 || pin == 5 || pin == 12 || pin == 15) return key + ": GPIO" + pin + " is a strapping pin";
            if (output && pin >= 34) return key + ": GPIO34-39 are input only";
            if (pin == 20 || pin == 24 || (pin >= 28 && pin <= 31)) return key + ": GPIO" + pin + " does not exist on the ESP32";
            return null;
        }

        private static string Number(string key, string value, int min, int max, out int number)
        {
            number = 0;
            if (value == null || value.Length == 0 || value.Length > 6) return key + ": not a number";
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < '0' || c > '9') return key + ": not a number";
                number = number * 10 + (c - '0');
            }
            if (number < min || number > max) return key + ": must be " + min + "-" + max;
            return null;
        }

        private static string Flag(string key, string value, out bool flag)
        {
            flag = value == "true" || value == "1" || value == "on";
            if (!flag && value != "false" && value != "0" && value != "off") return key + ": true or false";
            return null;
        }
    }
}
