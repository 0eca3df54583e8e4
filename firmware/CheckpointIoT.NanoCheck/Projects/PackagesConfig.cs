using System.Xml.Linq;

namespace CheckpointIoT.NanoCheck.Projects;

/// <summary>A NuGet <c>packages.config</c>: package id to version, in file order.</summary>
public static class PackagesConfig
{
    public static IReadOnlyList<(string Id, string Version)> Load(string path)
    {
        var document = XDocument.Load(path);
        return document.Descendants()
            .Where(e => e.Name.LocalName == "package")
            .Select(e => (((string?)e.Attribute("id") ?? "").Trim(), ((string?)e.Attribute("version") ?? "").Trim()))
            .Where(p => p.Item1.Length > 0)
            .ToList();
    }
}
