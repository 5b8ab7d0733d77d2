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

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,

        // A key of spaces is a key: whitespace inside elements must survive, so it is skipped by hand between them.
        IgnoreWhitespace = false,
    };

    public static DeleteRequest Parse(Stream document)
    {
        try
        {
            using var reader = XmlReader.Create(document, Settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || !IsS3Element(reader, "Delete") || reader.IsEmptyElement)
            {
                throw Malformed();
            }

            var objects = new List<ObjectIdentifier>();
            var quiet = false;
            reader.Read();
            while (SkipWhitespace(reader) != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    throw Malformed();
                }

                if (IsS3Element(reader, "Object"))
                {
                    objects.Add(ReadObject(reader));
                    if (objects.Count > MaxObjects)
                    {
                        throw Malformed();
                    }
                }
                else if (IsS3Element(reader, "Quiet"))
                {
                    quiet = XmlConvert.ToBoolean(reader.ReadElementContentAsString().Trim());
                }
                else
                {
                    throw Malformed();
                }
            }

            // Past </Delete>: only whitespace may follow, which reading to the end proves.
            while (reader.Read())
            {
                if (reader.NodeType is not (XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
                {
                    throw Malformed();
                }
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
        while (SkipWhitespace(reader) != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                throw Malformed();
            }

            if (IsS3Element(reader, "Key") && key is null)
            {
                key = reader.ReadElementContentAsString();
            }
            else if (IsS3Element(reader, "VersionId") && versionId is null)
            {
                versionId = reader.ReadElementContentAsString();
            }
            else if (IsS3Element(reader, "ETag") || IsS3Element(reader, "LastModifiedTime") || IsS3Element(reader, "Size"))
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

    private static XmlNodeType SkipWhitespace(XmlReader reader)
    {
        while (reader.NodeType is XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
        {
            reader.Read();
        }

        return reader.NodeType;
    }

    // Clients send the S3 namespace; S3 also takes the elements without one.
    private static bool IsS3Element(XmlReader reader, string name) =>
        reader.LocalName == name && (reader.NamespaceURI.Length == 0 || reader.NamespaceURI == S3Xml.Namespace);

    private static S3Exception Malformed() => new(S3ErrorCode.MalformedXML);
}
