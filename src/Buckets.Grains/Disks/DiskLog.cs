using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Disks;

internal static partial class DiskLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Disk grain {DiskKey} serving {Root}")]
    public static partial void Activated(ILogger logger, string diskKey, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disk {DiskKey} failed {Operation}")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string diskKey, string operation);
}
