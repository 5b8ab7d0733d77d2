using System.Security.Cryptography;
using System.Text;

namespace Buckets.Storage;

/// <summary>
/// Where everything lives inside a disk directory, as paths relative to the disk root. Object keys never become
/// path components: only the SHA-256 of their UTF-8 bytes does, so no key (<c>../</c>, <c>%2F</c>, NUL, 1 KiB long,
/// any script) can name a file outside its object directory. Bucket and system document names do become
/// components, so they are checked against an allowlist here even though the gateway validated them already.
/// </summary>
public static class StoragePaths
{
    public const string FormatFile = "format.json";
    public const string SystemRoot = ".buckets";
    public const string ObjectsDirectory = "objects";
    public const string MetadataFile = "meta";
    public const string ShardFile = "part.1";
    public const int MaxBucketNameLength = 63;
    public const int MaxSystemDocumentNameLength = 255;

    public static readonly string TempDirectory = Path.Combine(SystemRoot, "tmp");
    public static readonly string SystemDocumentsDirectory = Path.Combine(SystemRoot, "system");
    public static readonly string BucketDocumentsDirectory = Path.Combine(SystemRoot, "buckets");
    public static readonly string LockFile = Path.Combine(SystemRoot, "lock");
    public static readonly string IndexDirectory = Path.Combine(SystemRoot, "index");

    public static readonly string UploadsRoot = Path.Combine(SystemRoot, "uploads");

    private const string BucketDocumentExtension = ".json";

    // Throws on lone surrogates instead of mapping them to U+FFFD, which would give two keys one directory.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lowercase hex SHA-256 of the key's UTF-8 bytes: the object's directory name.</summary>
    public static string KeyHash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The object key is not valid Unicode (it holds a lone surrogate).", nameof(key), e);
        }

        return Convert.ToHexStringLower(SHA256.HashData(utf8));
    }

    /// <summary><c>objects/&lt;bucket&gt;</c></summary>
    public static string BucketObjectsDirectory(string bucket)
    {
        ValidateBucketName(bucket);
        return Path.Combine(ObjectsDirectory, bucket);
    }

    /// <summary><c>objects/&lt;bucket&gt;/&lt;h0h1&gt;</c>: the fan-out directory, so no directory holds millions of entries.</summary>
    public static string FanOutDirectory(string bucket, string key) => FanOutDirectoryOfHash(bucket, KeyHash(key));

    /// <summary><c>objects/&lt;bucket&gt;/&lt;h0h1&gt;/&lt;sha256(key)&gt;</c></summary>
    public static string ObjectDirectory(string bucket, string key)
    {
        var hash = KeyHash(key);
        return Path.Combine(FanOutDirectoryOfHash(bucket, hash), hash);
    }

    /// <summary><c>objects/&lt;bucket&gt;/&lt;h0h1&gt;/&lt;sha256(key)&gt;/meta</c></summary>
    public static string ObjectMetadataFile(string bucket, string key) => Path.Combine(ObjectDirectory(bucket, key), MetadataFile);

    /// <summary><c>objects/&lt;bucket&gt;/&lt;h0h1&gt;/&lt;sha256(key)&gt;/&lt;dataDir:N&gt;</c></summary>
    public static string DataDirectory(string bucket, string key, Guid dataDir)
    {
        if (dataDir == Guid.Empty)
        {
            throw new ArgumentException("A data directory id must not be Guid.Empty.", nameof(dataDir));
        }

        return Path.Combine(ObjectDirectory(bucket, key), dataDir.ToString("N"));
    }

    /// <summary><c>objects/&lt;bucket&gt;/&lt;h0h1&gt;/&lt;sha256(key)&gt;/&lt;dataDir:N&gt;/part.1</c></summary>
    public static string ShardStreamFile(string bucket, string key, Guid dataDir) => Path.Combine(DataDirectory(bucket, key, dataDir), ShardFile);

    /// <summary><c>.buckets/buckets/&lt;bucket&gt;.json</c></summary>
    public static string BucketDocument(string bucket)
    {
        ValidateBucketName(bucket);
        return Path.Combine(BucketDocumentsDirectory, bucket + BucketDocumentExtension);
    }

    /// <summary><c>.buckets/uploads/&lt;bucket&gt;</c>: the documents of the bucket's multipart uploads in progress.</summary>
    public static string UploadsDirectory(string bucket)
    {
        ValidateBucketName(bucket);
        return Path.Combine(UploadsRoot, bucket);
    }

    /// <summary><c>.buckets/uploads/&lt;bucket&gt;/&lt;uploadId&gt;</c>; an upload id is 32 lowercase hex digits.</summary>
    public static string UploadDocument(string bucket, string uploadId)
    {
        if (!IsValidUploadId(uploadId))
        {
            throw new ArgumentException($"'{Printable(uploadId)}' is not an upload id (32 lowercase hex digits).", nameof(uploadId));
        }

        return Path.Combine(UploadsDirectory(bucket), uploadId);
    }

    public static bool IsValidUploadId(string? uploadId) =>
        uploadId is { Length: 32 } && uploadId.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary><c>.buckets/index/&lt;bucket&gt;</c>: the bucket's sorted key index (manifest, journals, segments).</summary>
    public static string BucketIndexDirectory(string bucket)
    {
        ValidateBucketName(bucket);
        return Path.Combine(IndexDirectory, bucket);
    }

    /// <summary><c>.buckets/system/&lt;name&gt;</c></summary>
    public static string SystemDocument(string name)
    {
        ValidateSystemDocumentName(name);
        return Path.Combine(SystemDocumentsDirectory, name);
    }

    /// <summary>The bucket name a bucket document file name stands for, or null if it is not one.</summary>
    public static string? BucketNameOfDocument(string fileName)
    {
        if (!fileName.EndsWith(BucketDocumentExtension, StringComparison.Ordinal))
        {
            return null;
        }

        var name = fileName[..^BucketDocumentExtension.Length];
        return IsValidBucketName(name) ? name : null;
    }

    /// <summary>
    /// A bucket name is one safe path component: 1 to 63 of <c>[A-Za-z0-9._-]</c>, and not <c>.</c> or <c>..</c>.
    /// Every valid S3 bucket name (including legacy names with capitals and underscores) passes.
    /// </summary>
    public static bool IsValidBucketName(string? bucket) => IsSafeComponent(bucket, MaxBucketNameLength);

    /// <summary>A system document name is 1 to 255 of <c>[A-Za-z0-9._-]</c>, and not <c>.</c> or <c>..</c>.</summary>
    public static bool IsValidSystemDocumentName(string? name) => IsSafeComponent(name, MaxSystemDocumentNameLength);

    public static void ValidateBucketName(string? bucket)
    {
        if (!IsValidBucketName(bucket))
        {
            throw new ArgumentException(
                $"'{Printable(bucket)}' is not a bucket name storage accepts (1-{MaxBucketNameLength} of A-Z a-z 0-9 . - _, not . or ..).",
                nameof(bucket));
        }
    }

    public static void ValidateSystemDocumentName(string? name)
    {
        if (!IsValidSystemDocumentName(name))
        {
            throw new ArgumentException(
                $"'{Printable(name)}' is not a system document name (1-{MaxSystemDocumentNameLength} of A-Z a-z 0-9 . - _, not . or ..).",
                nameof(name));
        }
    }

    private static bool IsSafeComponent(string? name, int maxLength)
    {
        if (string.IsNullOrEmpty(name) || name.Length > maxLength || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string FanOutDirectoryOfHash(string bucket, string hash) => Path.Combine(BucketObjectsDirectory(bucket), hash[..2]);

    // Hostile names end up in exception messages and logs: no control characters, bounded length.
    private static string Printable(string? name)
    {
        if (name is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder(Math.Min(name.Length, 80));
        foreach (var c in name.Length > 80 ? name[..80] : name)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return name.Length > 80 ? builder.Append("...").ToString() : builder.ToString();
    }
}
