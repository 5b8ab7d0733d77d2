namespace Buckets.Server;

/// <summary>Whether this server can take S3 requests: its disks are open and the topology is known.</summary>
public sealed class Readiness
{
    private volatile string? problem = "starting";

    public bool IsReady => problem is null;

    public string? Problem => problem;

    public void Ready() => problem = null;

    public void NotReady(string reason) => problem = reason;
}
