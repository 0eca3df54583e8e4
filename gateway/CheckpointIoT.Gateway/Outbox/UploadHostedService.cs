using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Outbox;

/// <summary>Runs the provincial uploader and the deny-list pull (Gateway:Upload:Enabled) for the life of the host.</summary>
public sealed class UploadHostedService : BackgroundService
{
    private readonly UploaderOptions _options;
    private readonly IOutboxStore _outbox;
    private readonly DenyList _denyList;
    private readonly ILoggerFactory _logs;

    public UploadHostedService(UploaderOptions options, IOutboxStore outbox, DenyList denyList, ILoggerFactory logs)
    {
        _options = options;
        _outbox = outbox;
        _denyList = denyList;
        _logs = logs;
    }

    /// <summary>The running uploader (null until started or when uploading is disabled).</summary>
    public ProvincialUploader? Uploader { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = _logs.CreateLogger("CheckpointIoT.Gateway.Upload");
        if (!_options.Enabled)
        {
            log.LogWarning("Gateway:Upload:Enabled=false: check-ins stay in the outbox, nothing is sent to the province");
            return;
        }

        using var api = new ProvincialApiClient(_options);
        var uploader = new ProvincialUploader(_outbox, api, _options, log);
        Uploader = uploader;
        var deny = new DenyListClient(api, _denyList, _options, _denyList.Cursor, log, uploader.Status);
        await Task.WhenAll(uploader.RunAsync(stoppingToken), deny.RunAsync(stoppingToken)).ConfigureAwait(false);
    }
}
