using System.Xml;
using System.Xml.Linq;

namespace Buckets.Gateway.Xml;

/// <summary>
/// What every parser of an S3 request document needs: its reader settings, and stepping over the whitespace between
/// elements by hand (whitespace inside them is data: a key or a tag of spaces is one).
/// </summary>
public static class S3XmlReading
{
    public static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
    };

    public static XmlNodeType SkipWhitespace(XmlReader reader)
    {
        while (reader.NodeType is XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
        {
            reader.Read();
        }

        return reader.NodeType;
    }

    /// <summary>Clients send the S3 namespace; S3 also takes the elements without one.</summary>
    public static bool IsS3Element(XmlReader reader, string name) =>
        reader.LocalName == name && (reader.NamespaceURI.Length == 0 || reader.NamespaceURI == S3Xml.Namespace);

    public static bool IsS3Element(XElement element, string name) =>
        element.Name.LocalName == name && (element.Name.NamespaceName.Length == 0 || element.Name.NamespaceName == S3Xml.Namespace);

    /// <summary>
    /// A small request document whose whitespace carries no data (an ACL, ownership controls) as a tree; null when it
    /// is not well-formed XML.
    /// </summary>
    public static XElement? Load(Stream document)
    {
        try
        {
            using var reader = XmlReader.Create(document, Settings);
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Past the root's end only whitespace may follow, which reading to the end proves.</summary>
    public static bool OnlyWhitespaceFollows(XmlReader reader)
    {
        while (reader.Read())
        {
            if (reader.NodeType is not (XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
            {
                return false;
            }
        }

        return true;
    }
}
