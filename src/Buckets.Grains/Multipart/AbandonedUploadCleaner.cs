using Buckets.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Buckets.Grains.Multipart;

/// <summary>
/// Aborts multipart uploads older than <see cref="MultipartOptions.AbandonedUploadAge"/>, bucket by bucket, every
/// <see cref="MultipartOptions.CleanupInterval"/>. Aborting is idempotent, so a second silo doing the same is harmless.
/// </summary>
internal sealed class AbandonedUploadCleaner(IGrainFactory grains, IOptions<MultipartOptions> options, ILogger<AbandonedUploadCleaner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.CleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var cutoff = DateTimeOffset.UtcNow - settings.AbandonedUploadAge;
                var aborted = 0;
                foreach (var bucket in await grains.GetGrain<IBucketDirectoryGrain>(0).List())
                {
                    aborted += await grains.GetGrain<IObjectListingGrain>(bucket.Name).AbortUploadsBefore(cutoff);
                }

                if (aborted > 0)
                {
                    MultipartLog.AbandonedUploadsAborted(logger, aborted, cutoff);
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                MultipartLog.CleanupFailed(logger, error);
            }
        }
    }
}
