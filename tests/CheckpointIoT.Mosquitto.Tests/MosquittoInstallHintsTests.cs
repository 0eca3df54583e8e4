using CheckpointIoT.Mosquitto.Native;

namespace CheckpointIoT.Mosquitto.Tests;

public sealed class MosquittoInstallHintsTests
{
    [Fact]
    public void LibraryNotFound_Message_TellsHowToInstall()
    {
        Assert.Equal("libmosquitto.so.1 not found: install it with `sudo apt-get install libmosquitto1`", MosquittoInstallHints.LibraryNotFound);
    }

    [Fact]
    public void ExecutableNotFound_WithSearchedPaths_ListsThemAndTellsHowToInstall()
    {
        var message = MosquittoInstallHints.ExecutableNotFound(new[] { "/usr/bin/mosquitto", "/usr/sbin/mosquitto" });

        Assert.StartsWith("mosquitto broker executable not found: install it with `sudo apt-get install mosquitto`", message);
        Assert.Contains("/usr/bin/mosquitto, /usr/sbin/mosquitto", message);
    }

    [Fact]
    public void TryLoad_MissingLibrary_ReturnsFalseWithReason()
    {
        Assert.False(LibMosquitto.TryLoad("libmosquitto-does-not-exist.so.9", out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryLoad_InstalledLibrary_ReturnsTrue()
    {
        Assert.True(LibMosquitto.TryLoad(LibMosquitto.LibraryName, out var error));
        Assert.Null(error);
    }
}
