using System.Xml.Linq;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Xml;

/// <summary>
/// The OwnershipControls document of Get/PutBucketOwnershipControls:
/// <c>&lt;OwnershipControls&gt;&lt;Rule&gt;&lt;ObjectOwnership&gt;BucketOwnerEnforced&lt;/ObjectOwnership&gt;&lt;/Rule&gt;&lt;/OwnershipControls&gt;</c>.
/// </summary>
public static class OwnershipControls
{
    private static readonly string[] Values = ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"];

    public static async Task WriteAsync(Stream output, string ownership, CancellationToken cancellationToken)
    {
        await using var writer = await S3Xml.CreateWriterAsync(output, cancellationToken);
        await S3Xml.WriteStartRootAsync(writer, "OwnershipControls");
        await writer.WriteStartElementAsync(null, "Rule", null);
        await S3Xml.WriteElementAsync(writer, "ObjectOwnership", ownership);
        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    /// <summary>The one rule's object ownership, one of S3's three; anything else is <see cref="S3ErrorCode.MalformedXML"/>.</summary>
    public static string Parse(Stream document)
    {
        var root = S3XmlReading.Load(document) ?? throw Malformed();
        var rules = root.Elements().ToList();
        if (!S3XmlReading.IsS3Element(root, "OwnershipControls") || rules is not [var rule] || !S3XmlReading.IsS3Element(rule, "Rule")
            || rule.Elements().ToList() is not [var ownership] || !S3XmlReading.IsS3Element(ownership, "ObjectOwnership") || !Values.Contains(ownership.Value))
        {
            throw Malformed();
        }

        return ownership.Value;
    }

    private static S3Exception Malformed() => new(S3ErrorCode.MalformedXML);
}
