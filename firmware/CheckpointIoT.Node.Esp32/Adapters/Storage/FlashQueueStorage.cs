using System;
using System.IO;
using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Esp32.Adapters.Storage
{
    /// <summary>
    /// IQueueStorage on the internal flash drive: one file per segment, I:\queue\&lt;id&gt;.seg (decimal id).
    /// Every Append opens the file in Append mode, writes, flushes and closes it, so bytes are on flash
    /// when Append returns and no handle stays open across a power cut; Flush has nothing left to do.
    /// The queue appends a few records a minute at a door, so the open/close cost does not matter.
    /// I/O failures surface as the file system's IOException, as the seam requires.
    /// </summary>
    public sealed class FlashQueueStorage : IQueueStorage
    {
        public const string DefaultDirectory = "I:\\queue";
        private const string Extension = ".seg";

        private readonly object _sync = new object();
        private readonly string _directory;

        public FlashQueueStorage(string directory)
        {
            _directory = directory;
            if (!Directory.Exists(_directory)) Directory.CreateDirectory(_directory);
        }

        public int[] ListSegments()
        {
            lock (_sync)
            {
                string[] files = Directory.GetFiles(_directory);
                int[] ids = new int[files.Length];
                int n = 0;
                for (int i = 0; i < files.Length; i++)
                {
                    int id = ParseId(Path.GetFileName(files[i]));
                    if (id > 0) ids[n++] = id;
                }
                int[] sorted = new int[n];
                for (int i = 0; i < n; i++)
                {
                    int id = ids[i];
                    int j = i;
                    while (j > 0 && sorted[j - 1] > id)
                    {
                        sorted[j] = sorted[j - 1];
                        j--;
                    }
                    sorted[j] = id;
                }
                return sorted;
            }
        }

        public long Length(int segment)
        {
            lock (_sync)
            {
                string path = PathOf(segment);
                if (!File.Exists(path)) return 0;
                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    return stream.Length;
                }
            }
        }

        public int Read(int segment, long position, byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                string path = PathOf(segment);
                if (count <= 0 || position < 0 || !File.Exists(path)) return 0;
                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    if (position >= stream.Length) return 0;
                    stream.Seek(position, SeekOrigin.Begin);
                    int total = 0;
                    while (total < count)
                    {
                        int n = stream.Read(buffer, offset + total, count - total);
                        if (n <= 0) break;
                        total += n;
                    }
                    return total;
                }
            }
        }

        public void Append(int segment, byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                using (FileStream stream = new FileStream(PathOf(segment), FileMode.Append, FileAccess.Write))
                {
                    stream.Write(buffer, offset, count);
                    stream.Flush();
                }
            }
        }

        public void Flush(int segment)
        {
            // Append already flushed and closed the file.
        }

        public void Truncate(int segment, long length)
        {
            lock (_sync)
            {
                string path = PathOf(segment);
                if (!File.Exists(path)) return;
                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
                {
                    if (length < 0) length = 0;
                    if (length < stream.Length) stream.SetLength(length);
                    stream.Flush();
                }
            }
        }

        public void Delete(int segment)
        {
            lock (_sync)
            {
                string path = PathOf(segment);
                if (File.Exists(path)) File.Delete(path);
            }
        }

        private string PathOf(int segment)
        {
            if (segment <= 0) throw new ArgumentOutOfRangeException("segment");
            return Path.Combine(_directory, segment.ToString() + Extension);
        }

        /// <summary>"123.seg" → 123; anything else → 0.</summary>
        private static int ParseId(string name)
        {
            if (name == null || name.Length <= Extension.Length || !name.EndsWith(Extension)) return 0;
            int end = name.Length - Extension.Length;
            if (end > 9) return 0;
            int id = 0;
            for (int i = 0; i < end; i++)
            {
                char c = name[i];
                if (c < '0' || c > '9') return 0;
                id = id * 10 + (c - '0');
            }
            return id;
        }
    }
}
