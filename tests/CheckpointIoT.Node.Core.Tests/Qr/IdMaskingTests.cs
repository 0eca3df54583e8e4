using CheckpointIoT.Node.Core.Qr;

namespace CheckpointIoT.Node.Core.Tests.Qr;

public class IdMaskingTests
{
    [Theory]
    [InlineData("001099012345", "0010******45")]
    [InlineData("GD4010123456789", "GD40*********89")]
    [InlineData("123456789", "12*****89")]
    [InlineData("1234567", "12***67")]
    [InlineData("123456", "*****6")]
    [InlineData("123", "**3")]
    [InlineData("12", "**")]
    [InlineData("", "")]
    public void Mask_Id_KeepsOnlyTheEdgesVisible(string id, string expected)
    {
        Assert.Equal(expected, IdMasking.Mask(id));
    }

    [Fact]
    public void Mask_Null_Empty()
    {
        Assert.Equal("", IdMasking.Mask(null));
    }
}
