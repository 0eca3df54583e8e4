using System;
using System.IO;
using System.Text;

namespace CheckpointIoT.Node.Esp32.Adapters.Storage
{
    /// <summary>
    /// The node's small files on the internal flash drive (I:), all under I:\config:
    /// node.cfg (NodeConfig key=value lines, secrets included), board.cfg (optional pin overrides),
    /// ca.pem (optional broker CA for TLS). Writes go to a .tmp file first and replace the old file,
    /// so a power cut leaves either the old or the new content.
    /// </summary>
    public sealed class FlashConfigStore
    {
        public const string ConfigDirectory = "I:\\config";
        public const string NodeConfigPath = "I:\\config\\node.cfg";
        public const string BoardConfigPath = "I:\\config\\board.cfg";
        public const string CaCertPath = "I:\\config\\ca.pem";

        /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
        public string ReadText(string path)
        {
            try
            {
                if (!File.Exists(path)) return null;
                byte[] bytes = File.ReadAllBytes(path);
                return Encoding.UTF8.GetString(bytes, 0, bytes.Length);
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>Replaces the file; false when the flash refused the write.</summary>
        public bool WriteText(string path, string text)
        {
            string temp = path + ".tmp";
            try
            {
                EnsureDirectory();
                byte[] bytes = Encoding.UTF8.GetBytes(text == null ? string.Empty : text);
                using (FileStream stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush();
                }
                if (File.Exists(path)) File.Delete(path);
                File.Move(temp, path);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Delete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>
        /// Finishes an interrupted write: if only the .tmp exists (power cut between delete and move),
        /// it becomes the file; a .tmp next to a complete file is stale and removed.
        /// </summary>
        public void Recover(string path)
        {
            string temp = path + ".tmp";
            try
            {
                if (!File.Exists(temp)) return;
                if (File.Exists(path)) File.Delete(temp);
                else File.Move(temp, path);
            }
            catch (Exception)
            {
            }
        }

        private static void EnsureDirectory()
        {
            if (!Directory.Exists(ConfigDirectory)) Directory.CreateDirectory(ConfigDirectory);
        }
    }
}
