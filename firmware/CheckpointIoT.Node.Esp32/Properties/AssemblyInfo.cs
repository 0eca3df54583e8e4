using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("CheckpointIoT.Node.Esp32")]
[assembly: AssemblyDescription("CheckpointIoT door node firmware application (nanoFramework, ESP32_BLE_REV3)")]
[assembly: AssemblyCompany("CheckpointIoT")]
[assembly: AssemblyProduct("CheckpointIoT")]
[assembly: AssemblyCopyright("CheckpointIoT contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
