using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Buckets.LoadTest;

/// <summary>AWSSDK.S3 with its default settings (aws-chunked bodies with CRC trailers): what real applications send.</summary>
public sealed class SdkClient(LoadOptions options) : IObjectClient
{
    private readonly AmazonS3Client client = new(
        new BasicAWSCredentials(options.AccessKey, options.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = options.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            MaxConnectionsPerServer = Math.Max(options.Concurrency, 2),
            Timeout = TimeSpan.FromMinutes(10),
        });

    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutBucketAsync(bucket, cancellationToken);
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "BucketAlreadyOwnedByYou")
        {
        }
    }

    public async Task PutAsync(string bucket, string key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var stream = new ReadOnlyMemoryStream(body);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = stream, AutoCloseStream = false }, cancellationToken);
    }

    public async Task<long> GetAsync(string bucket, string key, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(bucket, key, cancellationToken);
        return await response.ResponseStream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
    }

    public void Dispose() => client.Dispose();
}
