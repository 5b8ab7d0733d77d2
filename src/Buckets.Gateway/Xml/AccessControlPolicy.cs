using System.Xml.Linq;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Xml;

/// <summary>
/// The AccessControlPolicy document of GetBucketAcl / GetObjectAcl and of a PutBucketAcl / PutObjectAcl body. This
/// server keeps S3's "bucket owner enforced" object ownership: the owner has full control of everything and no one
/// else is granted anything, so the document written is always that one grant, and a document read is acceptable only
/// when it says the same.
/// </summary>
public static class AccessControlPolicy
{
    private const string InstanceNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    private const string FullControl = "FULL_CONTROL";

    public static async Task WriteOwnerFullControlAsync(Stream output, S3Owner owner, CancellationToken cancellationToken)
    {
        await using var writer = await S3Xml.CreateWriterAsync(output, cancellationToken);
        await S3Xml.WriteStartRootAsync(writer, "AccessControlPolicy");
        await S3Xml.WriteOwnerAsync(writer, owner);
        await writer.WriteStartElementAsync(null, "AccessControlList", null);
        await writer.WriteStartElementAsync(null, "Grant", null);
        await writer.WriteStartElementAsync(null, "Grantee", null);
        await writer.WriteAttributeStringAsync("xmlns", "xsi", null, InstanceNamespace);
        await writer.WriteAttributeStringAsync("xsi", "type", InstanceNamespace, "CanonicalUser");
        await S3Xml.WriteElementAsync(writer, "ID", owner.Id);
        await S3Xml.WriteElementAsync(writer, "DisplayName", owner.DisplayName);
        await writer.WriteEndElementAsync();
        await S3Xml.WriteElementAsync(writer, "Permission", FullControl);
        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    /// <summary>
    /// Whether the document grants exactly full control to the owner (one grant or several saying the same), as
    /// the ACL a client read back and sends again does. Throws <see cref="S3ErrorCode.MalformedACLError"/> for a
    /// document that is not an AccessControlPolicy with grants of a grantee and a permission.
    /// </summary>
    public static bool GrantsOnlyOwnerFullControl(Stream document, string ownerId)
    {
        var root = S3XmlReading.Load(document) ?? throw Malformed();
        if (!S3XmlReading.IsS3Element(root, "AccessControlPolicy") || root.Elements().SingleOrDefault(e => S3XmlReading.IsS3Element(e, "AccessControlList")) is not { } list)
        {
            throw Malformed();
        }

        var grants = list.Elements().ToList();
        if (grants.Count == 0 || grants.Any(g => !S3XmlReading.IsS3Element(g, "Grant")))
        {
            throw Malformed();
        }

        var onlyOwner = true;
        foreach (var grant in grants)
        {
            // AWSSDK.S3 writes <xsi:Grantee xsi:type="...">, the element itself in the instance namespace; S3 takes it.
            var grantee = grant.Elements().SingleOrDefault(e => S3XmlReading.IsS3Element(e, "Grantee") || e.Name == XName.Get("Grantee", InstanceNamespace)) ?? throw Malformed();
            var permission = grant.Elements().SingleOrDefault(e => S3XmlReading.IsS3Element(e, "Permission")) ?? throw Malformed();
            var type = (string?)grantee.Attribute(XName.Get("type", InstanceNamespace));
            var id = grantee.Elements().SingleOrDefault(e => S3XmlReading.IsS3Element(e, "ID"))?.Value;
            onlyOwner &= type == "CanonicalUser" && id == ownerId && permission.Value == FullControl;
        }

        return onlyOwner;
    }

    private static S3Exception Malformed() => new(S3ErrorCode.MalformedACLError);
}
