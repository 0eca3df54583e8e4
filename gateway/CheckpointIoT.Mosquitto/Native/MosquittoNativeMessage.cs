using System.Runtime.InteropServices;

namespace CheckpointIoT.Mosquitto.Native;

/// <summary>Mirror of <c>struct mosquitto_message</c> (int mid; char* topic; void* payload; int payloadlen; int qos; bool retain).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MosquittoNativeMessage
{
    public int Mid;
    public IntPtr Topic;
    public IntPtr Payload;
    public int PayloadLen;
    public int Qos;
    public byte Retain;
}
