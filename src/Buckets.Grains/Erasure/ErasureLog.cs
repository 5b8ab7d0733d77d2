using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Erasure;

internal static partial class ErasureLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard write of {Bucket}/{Key} block {Block} to disk {Disk} failed")]
    public static partial void ShardWriteFailed(ILogger logger, Exception exception, string bucket, string key, long block, int disk);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Disk} of {Bucket}/{Key} block {Block} is missing or corrupt")]
    public static partial void ShardReadFailed(ILogger logger, Exception? exception, string bucket, string key, long block, int disk);
}
