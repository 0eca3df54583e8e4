using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// The uploader's Polly.Core pipelines, sharing one circuit breaker:
/// <see cref="SingleAttempt"/> = breaker only (one attempt, <see cref="ProvincialUploader.UploadOnceAsync"/>);
/// <see cref="WithRetry"/> = retry (no limit, delays from <see cref="UploadBackoff"/>, the breaker's remaining break
/// when it is open) around that same breaker (<see cref="ProvincialUploader.RunAsync"/>).
/// Handled as failures: transient errors (network, timeout, 429, 5xx, 401/403/404). Answers about the records and
/// 400/413 are successes for the breaker and are not retried. Both use the injected TimeProvider.
/// </summary>
internal sealed class UploadPipelines
{
    public UploadPipelines(UploaderOptions options, UploadBackoff backoff, TimeProvider time, IUploadPipelineEvents events)
    {
        Breaker = new CircuitBreakerStateProvider();
        SingleAttempt = new ResiliencePipelineBuilder<BatchSendResult> { TimeProvider = time, Name = "upload-breaker" }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<BatchSendResult>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerFailureThreshold,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerOpenDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome)),
                StateProvider = Breaker,
                OnOpened = args =>
                {
                    events.BreakerOpened(args.BreakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    events.BreakerHalfOpened();
                    return default;
                },
                OnClosed = _ =>
                {
                    events.BreakerClosed();
                    return default;
                },
            })
            .Build();

        WithRetry = new ResiliencePipelineBuilder<BatchSendResult> { TimeProvider = time, Name = "upload-retry" }
            .AddRetry(new RetryStrategyOptions<BatchSendResult>
            {
                MaxRetryAttempts = int.MaxValue, // store-and-forward never gives records up because the link is down
                ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome) || args.Outcome.Exception is BrokenCircuitException),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is BrokenCircuitException open
                    ? BreakWait(open, options)
                    : backoff.DelayFor(args.AttemptNumber + 1, args.Outcome.Result!.Error!)),
                OnRetry = args =>
                {
                    events.Retrying(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result?.Error, args.Outcome.Exception is BrokenCircuitException);
                    return default;
                },
            })
            .AddPipeline(SingleAttempt)
            .Build();
    }

    public CircuitBreakerStateProvider Breaker { get; }

    public ResiliencePipeline<BatchSendResult> SingleAttempt { get; }

    public ResiliencePipeline<BatchSendResult> WithRetry { get; }

    /// <summary>How long to wait when the breaker refused an attempt: the rest of its break (at least 1 ms).</summary>
    public static TimeSpan BreakWait(BrokenCircuitException open, UploaderOptions options)
    {
        var wait = open.RetryAfter ?? options.BreakerOpenDuration;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
    }

    private static bool IsTransientFailure(Outcome<BatchSendResult> outcome) => outcome.Result?.Error is { IsTransient: true };
}
