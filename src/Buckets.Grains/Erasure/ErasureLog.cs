using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Erasure;

internal static partial class ErasureLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard write of {Bucket}/{Key} block {Block} to disk {Disk} failed")]
    public static partial void ShardWriteFailed(ILogger logger, Exception exception, string bucket, string key, long block, int disk);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Disk} of {Bucket}/{Key} block {Block} is missing or corrupt")]
    public static partial void ShardReadFailed(ILogger logger, Exception? exception, string bucket, string key, long block, int disk);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linking the copy {Bucket}/{Key} of {SourceBucket}/{SourceKey} on disk {Disk} failed")]
    public static partial void LinkFailed(ILogger logger, Exception? exception, string bucket, string key, string sourceBucket, string sourceKey, int disk);

    [LoggerMessage(Level = LogLevel.Information, Message = "Only {Linked} disks could link the copy {Bucket}/{Key} of {SourceBucket}/{SourceKey}, {Quorum} are needed: it will be streamed")]
    public static partial void LinkQuorumMissed(ILogger logger, string bucket, string key, string sourceBucket, string sourceKey, int linked, int quorum);
}
