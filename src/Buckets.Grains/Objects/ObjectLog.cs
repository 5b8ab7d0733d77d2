using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Objects;

internal static partial class ObjectLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Old data {DataDir} of {Bucket}/{Key} was not removed from every disk: {Failures}")]
    public static partial void DataCleanupIncomplete(ILogger logger, string bucket, string key, Guid dataDir, string failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "A writer aborted {Bucket}/{Key} after its commit of data {DataDir} went through; the data stays")]
    public static partial void AbortOfCommittedWrite(ILogger logger, string bucket, string key, Guid dataDir);
}
