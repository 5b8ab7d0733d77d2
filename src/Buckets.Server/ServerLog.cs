namespace Buckets.Server;

internal static partial class ServerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {DeploymentId} ready: {SetCount} erasure sets, {DiskCount} disks")]
    public static partial void TopologyReady(ILogger logger, Guid deploymentId, int setCount, int diskCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topology not ready yet (attempt {Attempt})")]
    public static partial void TopologyRetry(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No BUCKETS_ROOT_USER / BUCKETS_ROOT_PASSWORD: using the DEVELOPMENT credentials {AccessKey} / {Secret}. Anyone on this machine can use them. Set real ones before storing anything you care about.")]
    public static partial void DevelopmentCredentials(ILogger logger, string accessKey, string secret);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disk {Disk} does not accept direct I/O (O_DIRECT): its shard streams go through the page cache")]
    public static partial void NoDirectShardWrites(ILogger logger, string disk);

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 endpoint http://{Address}:{Port}, dashboard {Dashboard}, data {DataDirs}")]
    public static partial void Listening(ILogger logger, string address, int port, string dashboard, string dataDirs);
}
