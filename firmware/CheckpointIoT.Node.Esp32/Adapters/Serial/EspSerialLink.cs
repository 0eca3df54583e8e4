using System;
using System.IO.Ports;
using System.Threading;
using CheckpointIoT.Node.Core.Seams;
using nanoFramework.Hardware.Esp32;

namespace CheckpointIoT.Node.Esp32.Adapters.Serial
{
    /// <summary>
    /// ISerialLink over System.IO.Ports.SerialPort on an ESP32 UART whose pins are routed with
    /// Configuration.SetPinFunction (COM2 = UART2 for the QR scanner, COM3 = UART1 for the service header).
    /// Reads never block: only bytes already buffered are copied. DataReceived (also fired by the
    /// WatchChar, CR by default) sets <see cref="DataAvailable"/> so the main loop wakes at once instead
    /// of polling. The firmware's receive ring buffer is <see cref="ReadBufferBytes"/> long; the loop must
    /// drain it faster than the scanner fills it (2 KB at 115200 baud ≈ 180 ms).
    /// </summary>
    public sealed class EspSerialLink : ISerialLink, IDisposable
    {
        public const int ReadBufferBytes = 2048;

        private readonly object _sync = new object();
        private readonly SerialPort _port;
        private readonly AutoResetEvent _dataAvailable = new AutoResetEvent(false);
        private int _overrunChecks;

        /// <summary>Routes the pins, opens the port 8N1 at <paramref name="baudRate"/>.</summary>
        public EspSerialLink(string portName, int txPin, DeviceFunction txFunction, int rxPin, DeviceFunction rxFunction,
            int baudRate, char watchChar)
        {
            Configuration.SetPinFunction(rxPin, rxFunction);
            Configuration.SetPinFunction(txPin, txFunction);
            _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            _port.Handshake = Handshake.None;
            _port.ReadBufferSize = ReadBufferBytes;
            _port.ReadTimeout = 50;
            _port.WriteTimeout = 1000;
            _port.DataReceived += OnDataReceived;
            _port.Open();
            _port.WatchChar = watchChar;
        }

        /// <summary>Scanner port: COM2 on GPIO17 (TX) / GPIO16 (RX), watch char CR.</summary>
        public static EspSerialLink OpenScannerPort(int txPin, int rxPin, int baudRate)
        {
            return new EspSerialLink("COM2", txPin, DeviceFunction.COM2_TX, rxPin, DeviceFunction.COM2_RX, baudRate, '\r');
        }

        /// <summary>Service header port: COM3 on GPIO32 (TX) / GPIO33 (RX); watch char LF only wakes the loop early (it also polls).</summary>
        public static EspSerialLink OpenServicePort(int txPin, int rxPin, int baudRate)
        {
            return new EspSerialLink("COM3", txPin, DeviceFunction.COM3_TX, rxPin, DeviceFunction.COM3_RX, baudRate, '\n');
        }

        /// <summary>Set when bytes arrived since the last wait; the main loop waits on it with a timeout.</summary>
        public WaitHandle DataAvailable { get { return _dataAvailable; } }

        /// <summary>Times a read found the buffer full (bytes may have been lost upstream).</summary>
        public int OverrunChecks { get { return _overrunChecks; } }

        public int BaudRate { get { return _port.BaudRate; } }

        public int Read(byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                int available = _port.BytesToRead;
                if (available <= 0 || count <= 0) return 0;
                if (available >= ReadBufferBytes) _overrunChecks++;
                int n = available < count ? available : count;
                return _port.Read(buffer, offset, n);
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                _port.Write(buffer, offset, count);
            }
        }

        /// <summary>Reconfigures the open UART (the firmware applies a new BaudRate to a running port).</summary>
        public void SetBaudRate(int baudRate)
        {
            lock (_sync)
            {
                _port.BaudRate = baudRate;
            }
        }

        public void Dispose()
        {
            lock (_sync)
            {
                _port.DataReceived -= OnDataReceived;
                _port.Close();
                _port.Dispose();
            }
        }

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            _dataAvailable.Set();
        }
    }
}
