using System.Text;
using CheckpointIoT.Node.Core.Scanner;

namespace CheckpointIoT.Node.Core.Tests.Scanner;

public class Crc16CcittTests
{
    [Theory]
    // Frames published with GM65/GM812 command tables (bytes after 7E 00, CRC as sent).
    [InlineData("0901000000", 0xDEC8)]     // save to flash: 7E 00 09 01 00 00 00 DE C8
    [InlineData("0802002A3901", 0xA7EA)]   // baud 9600:    7E 00 08 02 00 2A 39 01 A7 EA
    [InlineData("0701002A02", 0xD80F)]     // read baud:    7E 00 07 01 00 2A 02 D8 0F
    [InlineData("0A01000000", 0x301A)]     // heartbeat:    7E 00 0A 01 00 00 00 30 1A
    [InlineData("00000100", 0x3331)]       // success reply: 02 [00 00 01 00] 33 31
    public void Compute_PublishedFrames_MatchTheirCrc(string hex, int expected)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(expected, Crc16Ccitt.Compute(bytes, 0, bytes.Length));
    }

    [Fact]
    public void Compute_StandardCheckString_Is31C3()
    {
        // CRC-16/XMODEM catalogue check value for "123456789".
        var bytes = Encoding.ASCII.GetBytes("xx123456789");
        Assert.Equal(0x31C3, Crc16Ccitt.Compute(bytes, 2, 9));
    }

    [Fact]
    public void Compute_Empty_Zero()
    {
        Assert.Equal(0, Crc16Ccitt.Compute(new byte[0], 0, 0));
    }
}
