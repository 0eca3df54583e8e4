namespace CheckpointIoT.Node.Core.Seams
{
    /// <summary>
    /// Append-only segment files for the offline queue (ESP32: files under I:\queue\; host: a directory; tests: memory).
    /// A segment is named by a positive int id; appends create it. Bytes appended are durable once
    /// <see cref="Flush"/> returns; a power cut during an append may leave any prefix of it. Implementations throw
    /// (System.IO.IOException) on I/O failure and never reorder or rewrite existing bytes.
    /// </summary>
    public interface IQueueStorage
    {
        /// <summary>Ids of the existing segments, ascending.</summary>
        int[] ListSegments();

        /// <summary>Length in bytes; 0 when the segment does not exist.</summary>
        long Length(int segment);

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns the bytes read (0 at the end).</summary>
        int Read(int segment, long position, byte[] buffer, int offset, int count);

        /// <summary>Appends at the end of the segment, creating it when missing.</summary>
        void Append(int segment, byte[] buffer, int offset, int count);

        /// <summary>Makes everything appended to the segment durable.</summary>
        void Flush(int segment);

        /// <summary>Cuts the segment to <paramref name="length"/> bytes (recovery of a torn tail); durable on return.</summary>
        void Truncate(int segment, long length);

        /// <summary>Deletes the segment (no error when missing); durable on return.</summary>
        void Delete(int segment);
    }
}
