using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Multipart;

internal static partial class MultipartLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted {Count} multipart uploads initiated before {Cutoff}")]
    public static partial void AbandonedUploadsAborted(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cleanup of abandoned multipart uploads failed; it runs again at its next interval")]
    public static partial void CleanupFailed(ILogger logger, Exception error);
}
