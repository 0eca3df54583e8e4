using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Outbox;

/// <summary>
/// Runs the provincial uploader and the deny-list pull for the life of the host. It builds nothing: the composition
/// root (GatewayApp) registers <see cref="ProvincialApiClient"/>, <see cref="ProvincialUploader"/> and
/// <see cref="DenyListClient"/> as singletons when Gateway:Upload:Enabled is true, and passes null otherwise.
/// </summary>
public sealed class UploadHostedService : BackgroundService
{
    private readonly ProvincialUploader? _uploader;
    private readonly DenyListClient? _denyList;
    private readonly ILogger _log;

    public UploadHostedService(ProvincialUploader? uploader, DenyListClient? denyList, ILogger<UploadHostedService> log)
    {
        if ((uploader is null) != (denyList is null))
        {
            throw new ArgumentException("the uploader and the deny-list client are both present (uploading enabled) or both null");
        }
        _uploader = uploader;
        _denyList = denyList;
        _log = log;
    }

    /// <summary>The uploader this service runs (null when uploading is disabled).</summary>
    public ProvincialUploader? Uploader => _uploader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_uploader is null || _denyList is null)
        {
            _log.LogWarning("Gateway:Upload:Enabled=false: check-ins stay in the outbox, nothing is sent to the province");
            return;
        }
        await Task.WhenAll(_uploader.RunAsync(stoppingToken), _denyList.RunAsync(stoppingToken)).ConfigureAwait(false);
    }
}
