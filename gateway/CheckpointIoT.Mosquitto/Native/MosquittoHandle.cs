using Microsoft.Win32.SafeHandles;

namespace CheckpointIoT.Mosquitto.Native;

/// <summary>Owns one <c>struct mosquitto*</c>; releasing it calls mosquitto_destroy.</summary>
internal sealed class MosquittoHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public MosquittoHandle()
        : base(ownsHandle: true)
    {
    }

    public MosquittoHandle(IntPtr existing)
        : base(ownsHandle: true)
    {
        SetHandle(existing);
    }

    protected override bool ReleaseHandle()
    {
        LibMosquitto.mosquitto_destroy(handle);
        return true;
    }
}
