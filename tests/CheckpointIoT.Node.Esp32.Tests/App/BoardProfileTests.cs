using CheckpointIoT.Node.Esp32.App;

namespace CheckpointIoT.Node.Esp32.Tests.App;

public sealed class BoardProfileTests
{
    [Fact]
    public void Parse_NoFile_GivesTheHardwareReadmeWiring()
    {
        string error;
        BoardProfile board = BoardProfile.Parse(null, out error);

        Assert.Null(error);
        Assert.Equal((17, 16), (board.ScannerTxPin, board.ScannerRxPin));
        Assert.Equal((25, 26, 27), (board.GreenLedPin, board.RedLedPin, board.BuzzerPin));
        Assert.Equal((32, 33), (board.ServiceTxPin, board.ServiceRxPin));
        Assert.False(board.PassiveBuzzer);
        Assert.True(board.BleEnabled);
        Assert.True(board.BleWindowMs * 2 <= board.BleIntervalMs);
        Assert.True(board.BleIntervalMs < 500);
    }

    [Fact]
    public void Parse_Overrides_CommentsAndBlankLinesIgnored()
    {
        string error;
        BoardProfile board = BoardProfile.Parse("# unit 3 wiring\n\npin_buzzer=14\r\nbuzzer=passive\nleds_active_low=true\nble=off\nntp_server=10.0.0.1\n", out error);

        Assert.Null(error);
        Assert.Equal(14, board.BuzzerPin);
        Assert.True(board.PassiveBuzzer);
        Assert.True(board.LedsActiveLow);
        Assert.False(board.BleEnabled);
        Assert.Equal("10.0.0.1", board.NtpServer);
    }

    [Theory]
    [InlineData("pin_buzzer=6", "pin_buzzer:")]
    [InlineData("pin_led_red=11", "pin_led_red:")]
    [InlineData("pin_led_green=1", "pin_led_green:")]
    [InlineData("pin_scanner_tx=12", "pin_scanner_tx:")]
    [InlineData("pin_service_tx=2", "pin_service_tx:")]
    [InlineData("pin_buzzer=35", "pin_buzzer:")]
    [InlineData("pin_buzzer=24", "pin_buzzer:")]
    [InlineData("pin_buzzer=40", "pin_buzzer:")]
    [InlineData("pin_buzzer=abc", "pin_buzzer:")]
    [InlineData("buzzer=loud", "buzzer:")]
    [InlineData("ble=maybe", "ble:")]
    [InlineData("ble_window_ms=300", "ble_window_ms:")]
    [InlineData("colour=red", "colour:")]
    [InlineData("pin_led_red=25", "board.cfg: GPIO25")]
    [InlineData("just text", "board.cfg line 1")]
    public void Parse_BadValue_ErrorNamesTheKey(string text, string expectedStart)
    {
        string error;
        BoardProfile board = BoardProfile.Parse(text, out error);

        Assert.Null(board);
        Assert.StartsWith(expectedStart, error);
    }

    [Fact]
    public void Parse_InputOnlyPinForScannerRx_IsAllowed()
    {
        string error;
        BoardProfile board = BoardProfile.Parse("pin_scanner_rx=34", out error);

        Assert.Null(error);
        Assert.Equal(34, board.ScannerRxPin);
    }
}
