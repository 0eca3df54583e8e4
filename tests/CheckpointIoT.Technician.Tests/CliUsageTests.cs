using CheckpointIoT.Technician.Tests.Harness;

namespace CheckpointIoT.Technician.Tests;

/// <summary>checkpoint-tech's help and usage errors (no device needed).</summary>
[Collection(TechnicianCollection.Name)]
public sealed class CliUsageTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        await using var tech = RunningProcess.StartDotnet("checkpoint-tech", Repo.Technician, args);
        int code = await tech.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, tech.Output);
    }

    [Theory]
    [InlineData("provision", "--admin-token-file")]
    [InlineData("info", "--port")]
    [InlineData("factory-reset", "--yes")]
    public async Task Help_EveryVerb_DescribesItsOptions(string verb, string option)
    {
        var (code, text) = await RunAsync(verb, "--help");

        Assert.Equal(0, code);
        Assert.Contains(option, text);
    }

    [Fact]
    public async Task Run_NoVerb_IsAUsageError()
    {
        var (code, _) = await RunAsync();

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Provision_MissingRequiredOptions_NamesThemWithExitCode2()
    {
        var (code, text) = await RunAsync("provision", "--port", "/dev/null");

        Assert.Equal(2, code);
        Assert.Contains("--checkpoint", text);
        Assert.Contains("--gateway", text);
    }

    [Fact]
    public async Task Provision_BadTimeout_NamesTheOption()
    {
        var (code, text) = await RunAsync("provision", "--port", "/dev/null", "--checkpoint", "cp", "--direction", "in",
            "--gateway", "http://127.0.0.1:1", "--admin-token-file", "x", "--timeout", "soon");

        Assert.Equal(2, code);
        Assert.Contains("--timeout", text);
    }
}
