using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// What every end-to-end test shares: the server, a default SDK client, hand-signed requests, fresh buckets, and the
/// server's output attached to any test that fails.
/// </summary>
public abstract class ServerTest(BucketsServer server) : IDisposable
{
    protected BucketsServer Server { get; } = server;

    protected AmazonS3Client S3 => Server.Client;

    protected RawS3 Raw { get; } = new(server);

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed || Server.HasExited)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(Server.LogTail());
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A bucket name no other test uses.</summary>
    protected static string UniqueBucketName(string purpose) => $"e2e-{purpose}-{Guid.NewGuid().ToString("N")[..10]}";

    protected async Task<string> CreateBucketAsync(string purpose)
    {
        var name = UniqueBucketName(purpose);
        AssertRequestId(await S3.PutBucketAsync(new PutBucketRequest { BucketName = name }, Cancel));
        return name;
    }

    protected async Task<PutObjectResponse> PutAsync(string bucket, string key, byte[] data, Action<PutObjectRequest>? configure = null, IAmazonS3? client = null)
    {
        var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(data) };
        configure?.Invoke(request);
        var response = await (client ?? S3).PutObjectAsync(request, Cancel);
        AssertRequestId(response);
        return response;
    }

    protected async Task<byte[]> GetBytesAsync(string bucket, string key)
    {
        using var response = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, Cancel);
        AssertRequestId(response);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }

    /// <summary>The SDK call fails with the S3 error <paramref name="code"/> and <paramref name="status"/>, and the error names its request.</summary>
    protected static async Task<AmazonS3Exception> AssertS3ErrorAsync(System.Net.HttpStatusCode status, string? code, Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(call);
        var context = $"{error.GetType().Name}: {(int)error.StatusCode} {error.ErrorCode} '{error.Message}' request {error.RequestId}";
        Assert.True(error.StatusCode == status, $"expected {(int)status} {code}, got {context}");
        if (code is not null)
        {
            Assert.True(error.ErrorCode == code, $"expected {(int)status} {code}, got {context}");
        }

        Assert.False(string.IsNullOrEmpty(error.RequestId), $"no x-amz-request-id on {context}");
        return error;
    }

    protected static void AssertRequestId(AmazonWebServiceResponse response) =>
        Assert.False(string.IsNullOrEmpty(response.ResponseMetadata?.RequestId), $"no x-amz-request-id on a {response.GetType().Name}");

    protected static void AssertRequestId(HttpResponseMessage response) =>
        Assert.True(response.Headers.TryGetValues("x-amz-request-id", out var ids) && ids.Any(id => id.Length > 0),
            $"no x-amz-request-id on HTTP {(int)response.StatusCode}");

    protected static string Md5Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(data));

    protected static string QuotedMd5(ReadOnlySpan<byte> data) => $"\"{Md5Hex(data)}\"";
}
