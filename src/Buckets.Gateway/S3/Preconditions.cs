using System.Globalization;
using Buckets.Abstractions;
using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// Conditional headers, in the order RFC 7232 and S3 apply them: If-Match, then If-Unmodified-Since (412
/// PreconditionFailed), then If-None-Match, then If-Modified-Since (304 Not Modified on a GET). A copy applies the
/// same four to its source (x-amz-copy-source-if-*), and there every failure is a 412.
/// </summary>
public static class Preconditions
{
    /// <summary>False when the response is a bodiless 304; throws PreconditionFailed for a 412.</summary>
    public static bool Check(HttpRequest request, ObjectVersion version)
    {
        var headers = request.Headers;
        return Evaluate(headers.IfMatch.ToString(), headers.IfUnmodifiedSince.ToString(), headers.IfNoneMatch.ToString(),
            headers.IfModifiedSince.ToString(), version);
    }

    /// <summary>The x-amz-copy-source-if-* headers of a copy against its source; throws PreconditionFailed when one fails.</summary>
    public static void CheckCopySource(HttpRequest request, ObjectVersion source)
    {
        var headers = request.Headers;
        if (!Evaluate(headers["x-amz-copy-source-if-match"].ToString(), headers["x-amz-copy-source-if-unmodified-since"].ToString(),
                headers["x-amz-copy-source-if-none-match"].ToString(), headers["x-amz-copy-source-if-modified-since"].ToString(), source))
        {
            throw new S3Exception(S3ErrorCode.PreconditionFailed);
        }
    }

    private static bool Evaluate(string ifMatch, string ifUnmodifiedSince, string ifNoneMatch, string ifModifiedSince, ObjectVersion version)
    {
        var lastModified = Truncate(version.LastModified);
        if (ifMatch.Length > 0)
        {
            if (!Matches(ifMatch, version.ETag))
            {
                throw new S3Exception(S3ErrorCode.PreconditionFailed);
            }
        }
        else if (TryDate(ifUnmodifiedSince, out var unmodifiedSince) && lastModified > unmodifiedSince)
        {
            throw new S3Exception(S3ErrorCode.PreconditionFailed);
        }

        if (ifNoneMatch.Length > 0)
        {
            return !Matches(ifNoneMatch, version.ETag);
        }

        return !(TryDate(ifModifiedSince, out var modifiedSince) && lastModified <= modifiedSince);
    }

    /// <summary>Whether a PUT asks to create only (If-None-Match: *); other write conditions are not supported yet.</summary>
    public static bool CreateOnly(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString().Trim();
        if (request.Headers.IfMatch.Count > 0 || (ifNoneMatch.Length > 0 && ifNoneMatch != "*"))
        {
            throw new S3Exception(S3ErrorCode.NotImplemented, "Conditional writes other than If-None-Match: * are not implemented yet.");
        }

        return ifNoneMatch == "*";
    }

    private static bool Matches(string header, string etag)
    {
        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var value = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (value == "*" || value.Trim('"') == etag)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);

    // HTTP dates carry whole seconds: compare at that precision or an object is always "modified since" itself.
    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
