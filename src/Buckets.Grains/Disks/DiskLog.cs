using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Disks;

internal static partial class DiskLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Disk grain {DiskKey} serving {Root}")]
    public static partial void Activated(ILogger logger, string diskKey, string root);
}
