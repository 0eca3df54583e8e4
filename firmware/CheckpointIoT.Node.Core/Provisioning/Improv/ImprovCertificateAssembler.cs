using System;

namespace CheckpointIoT.Node.Core.Provisioning.Improv
{
    /// <summary>
    /// Collects <see cref="ImprovCommand.CaCertificateChunk"/> chunks, in order, into one certificate
    /// (PEM) of bounded size. Chunk 0 starts over; a repeated chunk (a client retry) is accepted once.
    /// </summary>
    public sealed class ImprovCertificateAssembler
    {
        private readonly byte[] _buffer;
        private int _length;
        private int _next;
        private int _count;

        public ImprovCertificateAssembler(int maxBytes = 8192)
        {
            if (maxBytes < 1) throw new ArgumentOutOfRangeException("maxBytes");
            _buffer = new byte[maxBytes];
        }

        public bool IsComplete { get { return _count > 0 && _next == _count; } }

        public int Length { get { return _length; } }

        /// <summary>None when taken; InvalidRpc for an out-of-order chunk or one that would overflow.</summary>
        public ImprovError Add(ImprovRpcCommand chunk)
        {
            if (chunk == null || !chunk.IsValid || chunk.Command != ImprovCommand.CaCertificateChunk) return ImprovError.InvalidRpc;
            if (chunk.ChunkIndex == 0)
            {
                _length = 0;
                _next = 0;
                _count = chunk.ChunkCount;
            }
            else if (chunk.ChunkCount != _count)
            {
                return ImprovError.InvalidRpc;
            }
            else if (chunk.ChunkIndex == _next - 1)
            {
                return ImprovError.None; // retry of the chunk just taken
            }
            if (chunk.ChunkIndex != _next) return ImprovError.InvalidRpc;
            if (_length + chunk.Chunk.Length > _buffer.Length) return ImprovError.InvalidRpc;
            Array.Copy(chunk.Chunk, 0, _buffer, _length, chunk.Chunk.Length);
            _length += chunk.Chunk.Length;
            _next++;
            return ImprovError.None;
        }

        /// <summary>The certificate bytes once complete, else null.</summary>
        public byte[] ToArray()
        {
            if (!IsComplete) return null;
            byte[] result = new byte[_length];
            Array.Copy(_buffer, 0, result, 0, _length);
            return result;
        }

        public void Clear()
        {
            _length = 0;
            _next = 0;
            _count = 0;
        }
    }
}
