using System.Xml;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Xml;

/// <summary>
/// The body of a DeleteObjects request: <c>&lt;Delete&gt;&lt;Object&gt;&lt;Key/&gt;&lt;VersionId/&gt;&lt;/Object&gt;...
/// &lt;Quiet/&gt;&lt;/Delete&gt;</c>, one to 1,000 objects. Anything else is <see cref="S3ErrorCode.MalformedXML"/>, as S3
/// validates it against its schema.
/// </summary>
public sealed record DeleteRequest(IReadOnlyList<ObjectIdentifier> Objects, bool Quiet)
{
    public const int MaxObjects = 1000;

    public static DeleteRequest Parse(Stream document)
    {
        try
        {
            using var reader = XmlReader.Create(document, S3XmlReading.Settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || !S3XmlReading.IsS3Element(reader, "Delete") || reader.IsEmptyElement)
            {
                throw Malformed();
            }

            var objects = new List<ObjectIdentifier>();
            var quiet = false;
            reader.Read();
            while (S3XmlReading.SkipWhitespace(reader) != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    throw Malformed();
                }

                if (S3XmlReading.IsS3Element(reader, "Object"))
                {
                    objects.Add(ReadObject(reader));
                    if (objects.Count > MaxObjects)
                    {
                        throw Malformed();
                    }
                }
                else if (S3XmlReading.IsS3Element(reader, "Quiet"))
                {
                    quiet = XmlConvert.ToBoolean(reader.ReadElementContentAsString().Trim());
                }
                else
                {
                    throw Malformed();
                }
            }

            if (!S3XmlReading.OnlyWhitespaceFollows(reader))
            {
                throw Malformed();
            }

            return objects.Count == 0 ? throw Malformed() : new DeleteRequest(objects, quiet);
        }
        catch (Exception error) when (error is XmlException or FormatException)
        {
            throw Malformed();
        }
    }

    private static ObjectIdentifier ReadObject(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            throw Malformed();
        }

        string? key = null;
        string? versionId = null;
        reader.Read();
        while (S3XmlReading.SkipWhitespace(reader) != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                throw Malformed();
            }

            if (S3XmlReading.IsS3Element(reader, "Key") && key is null)
            {
                key = reader.ReadElementContentAsString();
            }
            else if (S3XmlReading.IsS3Element(reader, "VersionId") && versionId is null)
            {
                versionId = reader.ReadElementContentAsString();
            }
            else if (S3XmlReading.IsS3Element(reader, "ETag") || S3XmlReading.IsS3Element(reader, "LastModifiedTime") || S3XmlReading.IsS3Element(reader, "Size"))
            {
                // Conditional deletes: ignoring the condition would delete what the client asked to keep.
                throw new S3Exception(S3ErrorCode.NotImplemented, $"Conditional deletes ({reader.LocalName} in an Object) are not implemented yet.");
            }
            else
            {
                throw Malformed();
            }
        }

        reader.Read();
        return new ObjectIdentifier(key ?? throw Malformed(), versionId);
    }

    private static S3Exception Malformed() => new(S3ErrorCode.MalformedXML);
}
