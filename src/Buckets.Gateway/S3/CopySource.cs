using Buckets.Gateway.Errors;

namespace Buckets.Gateway.S3;

/// <summary>
/// The object a copy reads, from <c>x-amz-copy-source</c>: the URL-encoded <c>bucket/key</c>, with or without a
/// leading slash, optionally followed by <c>?versionId=</c>.
/// </summary>
public sealed record CopySource(string Bucket, string Key, string? VersionId)
{
    public const string HeaderName = "x-amz-copy-source";

    public static CopySource Parse(string? header)
    {
        var value = header?.Trim() ?? string.Empty;
        string? versionId = null;

        // The query goes first: a '?' in the key itself arrives encoded as %3F.
        var question = value.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var parameter in value[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && parameter[..equals] == "versionId")
                {
                    versionId = Uri.UnescapeDataString(parameter[(equals + 1)..]);
                }
            }

            value = value[..question];
        }

        var path = Uri.UnescapeDataString(value);
        if (path.StartsWith('/'))
        {
            path = path[1..];
        }

        // Bucket names hold no slash: the first one ends the bucket, and the key keeps any that follow.
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new S3Exception(S3ErrorCode.InvalidArgument, "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }

        return new CopySource(path[..slash], path[(slash + 1)..], versionId);
    }
}
