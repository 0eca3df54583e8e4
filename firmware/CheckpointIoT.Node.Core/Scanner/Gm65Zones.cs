namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>
    /// GM65-family zone addresses and bit fields the driver touches (see README.md for sources and
    /// what to verify on hardware).
    /// </summary>
    public static class Gm65Zones
    {
        /// <summary>Zone 0x0000: bits 1..0 trigger mode (00 manual, 01 command, 10 continuous, 11 sensor); other bits light/aim/buzzer, preserved.</summary>
        public const int TriggerMode = 0x0000;
        public const int TriggerModeMask = 0x03;

        /// <summary>Zone 0x0002: write 0x01 to start one read in command mode.</summary>
        public const int Trigger = 0x0002;

        /// <summary>Zone 0x000D: bits 3..2 output encoding (GM65 manual: 00 GBK, 01 UNICODE, 10 BIG5). Verify on hardware.</summary>
        public const int OutputEncoding = 0x000D;
        public const int OutputEncodingMask = 0x0C;
        public const int OutputEncodingShift = 2;
        public const int EncodingGbk = 0;
        public const int EncodingUnicode = 1;
        public const int EncodingBig5 = 2;

        /// <summary>Zones 0x002A (low byte) and 0x002B (high byte): baud-rate divisor (0x001A = 115200, 0x0139 = 9600).</summary>
        public const int BaudRateLow = 0x002A;
        public const int BaudRateHigh = 0x002B;

        /// <summary>Zone 0x0060: bits 6..5 output terminator (00 CR, 01 CRLF, 10 TAB, 11 none); other bits preserved.</summary>
        public const int Terminator = 0x0060;
        public const int TerminatorMask = 0x60;
        public const int TerminatorShift = 5;

        /// <summary>Factory UART speed.</summary>
        public const int FactoryBaudRate = 9600;

        private static readonly int[] Bauds = new int[] { 1200, 4800, 9600, 14400, 19200, 38400, 57600, 115200 };
        private static readonly int[] Divisors = new int[] { 0x09C4, 0x0271, 0x0139, 0x00D0, 0x009C, 0x004E, 0x0034, 0x001A };

        /// <summary>The value for zones 0x002A/0x002B, or -1 for a speed the module does not offer.</summary>
        public static int BaudDivisor(int baudRate)
        {
            for (int i = 0; i < Bauds.Length; i++)
            {
                if (Bauds[i] == baudRate) return Divisors[i];
            }
            return -1;
        }

        /// <summary>The speed a divisor read from 0x002A/0x002B stands for, or -1.</summary>
        public static int BaudFromDivisor(int divisor)
        {
            for (int i = 0; i < Divisors.Length; i++)
            {
                if (Divisors[i] == divisor) return Bauds[i];
            }
            return -1;
        }

        public static bool IsSupportedBaud(int baudRate)
        {
            return BaudDivisor(baudRate) >= 0;
        }
    }
}
