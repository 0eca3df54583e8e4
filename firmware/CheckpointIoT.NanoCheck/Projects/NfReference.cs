namespace CheckpointIoT.NanoCheck.Projects;

/// <summary>A <c>&lt;Reference Include="X"&gt;</c> item of an .nfproj: assembly name and HintPath (if any).</summary>
public sealed record NfReference(string AssemblyName, string? HintPath)
{
    /// <summary>The "packages/&lt;id&gt;.&lt;version&gt;/" folder name of the HintPath, or null.</summary>
    public string? PackageFolder
    {
        get
        {
            if (HintPath == null)
            {
                return null;
            }

            var segments = HintPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            int index = Array.FindIndex(segments, s => string.Equals(s, "packages", StringComparison.OrdinalIgnoreCase));
            return index >= 0 && index + 1 < segments.Length ? segments[index + 1] : null;
        }
    }
}
