namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>A UART (ESP32: System.IO.Ports.SerialPort on COM2; host: a tty/pty FileStream).</summary>
    public interface ISerialLink
    {
        /// <summary>Copies bytes already received into the buffer without blocking; 0 when none are waiting.</summary>
        int Read(byte[] buffer, int offset, int count);

        void Write(byte[] buffer, int offset, int count);

        int BaudRate { get; }

        /// <summary>Reopens the port at another speed (the scanner driver moves the module to 115200).</summary>
        void SetBaudRate(int baudRate);
    }
}
