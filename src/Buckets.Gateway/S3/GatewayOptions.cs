using System.ComponentModel.DataAnnotations;

namespace Buckets.Gateway.S3;

/// <summary>Settings of the S3 gateway (section <c>Buckets:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Buckets:Gateway";

    /// <summary>The region clients sign for and GetBucketLocation reports.</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Host names under which <c>bucket.host</c> virtual-hosted-style addressing is recognised.</summary>
    public List<string> Domains { get; set; } = ["localhost"];

    /// <summary>Objects up to this size ride inline in their metadata: one durable write per disk, no data files.</summary>
    [Range(0, 1024 * 1024)]
    public int InlineThreshold { get; set; } = 128 * 1024;

    /// <summary>The largest single PUT, as S3 allows.</summary>
    [Range(1, long.MaxValue)]
    public long MaxObjectSize { get; set; } = 5L * 1024 * 1024 * 1024;
}
