using Microsoft.Win32.SafeHandles;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>A <c>struct gpiod_chip *</c>; closing it also releases every line requested through it.</summary>
internal sealed class GpiodChipHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public GpiodChipHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibGpiod.ChipClose(handle);
        return true;
    }
}
