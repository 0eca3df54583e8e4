using CheckpointIoT.ProvincialApi.Storage;
using Microsoft.Data.Sqlite;

namespace CheckpointIoT.ProvincialApi.Tests;

/// <summary>The provincial database holds personal data: owner-only, its WAL files too.</summary>
public sealed class StorePermissionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provincial-perm-").FullName;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Open_NewDatabase_FileAndWalAre0600()
    {
        var db = Path.Combine(_dir, "provincial.db");
        using (new ProvincialStore(db))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
            Assert.All(Directory.GetFiles(_dir, "provincial.db-*"), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Open_ExistingWorldReadableDatabase_NarrowedTo0600()
    {
        var db = Path.Combine(_dir, "provincial.db");
        using (new ProvincialStore(db))
        {
        }

        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var reopened = new ProvincialStore(db);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
