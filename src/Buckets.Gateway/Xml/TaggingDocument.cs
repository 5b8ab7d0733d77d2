using System.Xml;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;

namespace Buckets.Gateway.Xml;

/// <summary>
/// The object tagging document: <c>&lt;Tagging&gt;&lt;TagSet&gt;&lt;Tag&gt;&lt;Key/&gt;&lt;Value/&gt;&lt;/Tag&gt;...&lt;/TagSet&gt;&lt;/Tagging&gt;</c>,
/// the body of PutObjectTagging and the answer of GetObjectTagging. Parsing checks the shape only
/// (<see cref="S3ErrorCode.MalformedXML"/>); the tags' limits are <see cref="S3.ObjectTags.Validate"/>'s.
/// </summary>
public static class TaggingDocument
{
    /// <summary>The tags in document order; an empty TagSet is an empty list (it removes every tag).</summary>
    public static List<ObjectTag> Parse(Stream document)
    {
        try
        {
            using var reader = XmlReader.Create(document, S3XmlReading.Settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || !S3XmlReading.IsS3Element(reader, "Tagging") || reader.IsEmptyElement)
            {
                throw Malformed();
            }

            List<ObjectTag>? tags = null;
            reader.Read();
            while (S3XmlReading.SkipWhitespace(reader) != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element || !S3XmlReading.IsS3Element(reader, "TagSet") || tags is not null)
                {
                    throw Malformed();
                }

                tags = ReadTagSet(reader);
            }

            return tags is not null && S3XmlReading.OnlyWhitespaceFollows(reader) ? tags : throw Malformed();
        }
        catch (XmlException)
        {
            throw Malformed();
        }
    }

    public static async Task WriteAsync(Stream output, IReadOnlyList<ObjectTag> tags, CancellationToken cancellationToken)
    {
        await using var writer = await S3Xml.CreateWriterAsync(output, cancellationToken);
        await S3Xml.WriteStartRootAsync(writer, "Tagging");
        await writer.WriteStartElementAsync(null, "TagSet", null);
        foreach (var tag in tags)
        {
            await writer.WriteStartElementAsync(null, "Tag", null);
            await S3Xml.WriteElementAsync(writer, "Key", tag.Key);
            await S3Xml.WriteElementAsync(writer, "Value", tag.Value);
            await writer.WriteEndElementAsync();
        }

        await writer.WriteEndElementAsync();
        await writer.WriteEndElementAsync();
        await writer.FlushAsync();
    }

    private static List<ObjectTag> ReadTagSet(XmlReader reader)
    {
        var tags = new List<ObjectTag>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return tags;
        }

        reader.Read();
        while (S3XmlReading.SkipWhitespace(reader) != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element || !S3XmlReading.IsS3Element(reader, "Tag"))
            {
                throw Malformed();
            }

            tags.Add(ReadTag(reader));
        }

        reader.Read();
        return tags;
    }

    private static ObjectTag ReadTag(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            throw Malformed();
        }

        string? key = null;
        string? value = null;
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
            else if (S3XmlReading.IsS3Element(reader, "Value") && value is null)
            {
                value = reader.ReadElementContentAsString();
            }
            else
            {
                throw Malformed();
            }
        }

        reader.Read();
        return key is not null && value is not null ? new ObjectTag(key, value) : throw Malformed();
    }

    private static S3Exception Malformed() => new(S3ErrorCode.MalformedXML);
}
