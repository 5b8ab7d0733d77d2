using System.Globalization;
using System.Text;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// S3's rules for an object's tag set, wherever it comes from (a PutObjectTagging document or the x-amz-tagging
/// header of a PUT, a copy or a multipart upload), and the headers that carry tags.
/// </summary>
public static class ObjectTags
{
    public const int MaxTags = 10;

    /// <summary>Lengths in Unicode characters (code points), not UTF-16 units or bytes.</summary>
    public const int MaxKeyLength = 128;

    public const int MaxValueLength = 256;

    public const string HeaderName = "x-amz-tagging";

    public const string CountHeader = "x-amz-tagging-count";

    public const string DirectiveHeader = "x-amz-tagging-directive";

    private const string ReservedPrefix = "aws:";

    private const string HeaderEncodingMessage =
        "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";

    /// <summary>The errors S3 answers for a tag set it refuses.</summary>
    public static void Validate(IReadOnlyList<ObjectTag> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw new S3Exception(S3ErrorCode.BadRequest, $"Object tags cannot be greater than {MaxTags}");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var keyLength = CharacterCount(tag.Key);
            if (keyLength > MaxKeyLength)
            {
                throw new S3Exception(S3ErrorCode.InvalidTag, $"The TagKey you have provided is too long, max {MaxKeyLength}");
            }

            if (keyLength == 0 || !IsAllowed(tag.Key))
            {
                throw new S3Exception(S3ErrorCode.InvalidTag, "The TagKey you have provided is invalid");
            }

            if (tag.Key.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(S3ErrorCode.InvalidTag, "Your TagKey cannot be prefixed with aws:");
            }

            if (CharacterCount(tag.Value) > MaxValueLength)
            {
                throw new S3Exception(S3ErrorCode.InvalidTag, $"The TagValue you have provided is too long, max {MaxValueLength}");
            }

            if (!IsAllowed(tag.Value))
            {
                throw new S3Exception(S3ErrorCode.InvalidTag, "The TagValue you have provided is invalid");
            }

            if (!keys.Add(tag.Key))
            {
                throw new S3Exception(S3ErrorCode.InvalidTag, "Cannot provide multiple Tags with the same key");
            }
        }
    }

    /// <summary>
    /// The tags of the x-amz-tagging header (<c>k1=v1&amp;k2=v2</c>, URL-encoded as a query string), validated; null when
    /// the request has none.
    /// </summary>
    public static ObjectTag[]? FromHeader(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        var tags = new List<ObjectTag>();
        foreach (var pair in header.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            if (tags.Any(t => t.Key == key))
            {
                throw new S3Exception(S3ErrorCode.InvalidArgument, HeaderEncodingMessage);
            }

            tags.Add(new ObjectTag(key, value));
        }

        Validate(tags);
        return tags.Count > 0 ? [.. tags] : null;
    }

    /// <summary>
    /// x-amz-tagging-directive of a copy: COPY (the default) keeps the source's tags, REPLACE takes the request's
    /// x-amz-tagging (none when it is absent).
    /// </summary>
    public static bool ReplacesTags(HttpRequest request)
    {
        var directive = request.Headers[DirectiveHeader].ToString().Trim();
        if (directive.Length == 0 || directive.Equals("COPY", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return directive.Equals("REPLACE", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new S3Exception(S3ErrorCode.InvalidArgument, "Unknown tagging directive.");
    }

    /// <summary>x-amz-tagging-count on GET and HEAD, sent only when the version has tags, as S3 does.</summary>
    public static void WriteCount(HttpResponse response, ObjectVersion version)
    {
        if (version.Tags is { Length: > 0 } tags)
        {
            response.Headers[CountHeader] = tags.Length.ToString(CultureInfo.InvariantCulture);
        }
    }

    // A query string: '+' is a space (boto's quote_plus sends them so), %2B a plus.
    private static string Decode(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));

    private static int CharacterCount(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Letters, numbers and spaces of any script, and + - = . _ : / @ (S3's pattern [\p{L}\p{Z}\p{N}_.:/=+\-@]*).</summary>
    private static bool IsAllowed(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) || Rune.IsNumber(rune) || IsSeparator(rune) || rune.Value is '+' or '-' or '=' or '.' or '_' or ':' or '/' or '@')
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private static bool IsSeparator(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
