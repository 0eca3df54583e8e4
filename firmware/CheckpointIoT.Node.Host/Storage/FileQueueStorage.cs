using System;
using System.IO;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Host.Storage;

/// <summary>
/// <see cref="IQueueStorage"/> over a directory: one file per segment named <c>00000001.q</c> (8.3 names, as on the
/// ESP32's internal flash). Keeps one handle open (the segment last touched, normally the active one).
/// Flush is <c>FileStream.Flush(true)</c> (fsync) unless <c>durableFlush</c> is false. Only FileStream members that
/// nanoFramework's System.IO.FileSystem also has are used (Seek/Read/Write/SetLength/Flush), so the ESP32 adapter
/// is this class with <c>Flush()</c> (and without the host's 0600/0700 modes, <see cref="PrivateFiles"/>). Not thread-safe on its own: <see cref="CheckpointIoT.Node.Core.Queue.OfflineQueue"/> serialises calls.
/// </summary>
public sealed class FileQueueStorage : IQueueStorage, IDisposable
{
    private const string Extension = ".q";

    private readonly string _directory;
    private readonly bool _durableFlush;
    private FileStream? _stream;
    private int _streamSegment = -1;
    private bool _dirty;

    public FileQueueStorage(string directory, bool durableFlush = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        _durableFlush = durableFlush;
        PrivateFiles.EnsureDirectory(_directory, narrowExisting: true);
    }

    public string DirectoryPath => _directory;

    public int[] ListSegments()
    {
        string[] files = Directory.GetFiles(_directory);
        int[] ids = new int[files.Length];
        int count = 0;
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            if (name.Length == 8 + Extension.Length && name.EndsWith(Extension, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(0, 8), System.Globalization.NumberStyles.None, null, out int id) && id > 0)
            {
                ids[count++] = id;
            }
        }
        Array.Resize(ref ids, count);
        Array.Sort(ids);
        return ids;
    }

    public long Length(int segment)
    {
        if (_streamSegment == segment && _stream != null) return _stream.Length;
        var info = new FileInfo(PathOf(segment));
        return info.Exists ? info.Length : 0;
    }

    public int Read(int segment, long position, byte[] buffer, int offset, int count)
    {
        FileStream? stream = Open(segment, create: false);
        if (stream == null || position >= stream.Length) return 0;
        stream.Seek(position, SeekOrigin.Begin);
        return stream.Read(buffer, offset, count);
    }

    public void Append(int segment, byte[] buffer, int offset, int count)
    {
        FileStream stream = Open(segment, create: true)!;
        stream.Seek(0, SeekOrigin.End);
        stream.Write(buffer, offset, count);
        _dirty = true;
    }

    public void Flush(int segment)
    {
        if (_streamSegment == segment && _stream != null && _dirty)
        {
            _stream.Flush(_durableFlush);
            _dirty = false;
        }
    }

    public void Truncate(int segment, long length)
    {
        FileStream? stream = Open(segment, create: false);
        if (stream == null || length >= stream.Length) return;
        stream.SetLength(length < 0 ? 0 : length);
        stream.Flush(_durableFlush);
    }

    public void Delete(int segment)
    {
        if (_streamSegment == segment) CloseStream();
        File.Delete(PathOf(segment));
    }

    public void Dispose() => CloseStream();

    private FileStream? Open(int segment, bool create)
    {
        if (_streamSegment == segment && _stream != null) return _stream;
        CloseStream();
        string path = PathOf(segment);
        if (!create && !File.Exists(path)) return null;
        _stream = PrivateFiles.Open(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1);
        _streamSegment = segment;
        return _stream;
    }

    private void CloseStream()
    {
        if (_stream != null && _dirty) _stream.Flush(_durableFlush);
        _dirty = false;
        _stream?.Dispose();
        _stream = null;
        _streamSegment = -1;
    }

    private string PathOf(int segment)
    {
        if (segment <= 0) throw new ArgumentOutOfRangeException(nameof(segment));
        return Path.Combine(_directory, segment.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + Extension);
    }
}
