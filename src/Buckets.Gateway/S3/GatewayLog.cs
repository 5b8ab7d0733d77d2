using Microsoft.Extensions.Logging;

namespace Buckets.Gateway.S3;

internal static partial class GatewayLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} {Resource} failed (request {RequestId})")]
    public static partial void Failed(ILogger logger, Exception exception, S3Operation operation, string resource, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} {Resource}: storage unavailable: {Reason}")]
    public static partial void StorageUnavailable(ILogger logger, S3Operation operation, string resource, string reason);
}
