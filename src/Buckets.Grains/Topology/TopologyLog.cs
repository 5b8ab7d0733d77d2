using Microsoft.Extensions.Logging;

namespace Buckets.Grains.Topology;

internal static partial class TopologyLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Topology of deployment {DeploymentId} generation {Generation} with {SetCount} erasure sets stored on the disks")]
    public static partial void Stored(ILogger logger, Guid deploymentId, long generation, int setCount);
}
