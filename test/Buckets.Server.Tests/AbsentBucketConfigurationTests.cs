using System.Net;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// The bucket configurations this server never holds answer as S3 does for a bucket without them: reading is the
/// "no such configuration" 404, deleting succeeds, setting is 501 NotImplemented and changes nothing.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AbsentBucketConfigurationTests(BucketsServer server) : ServerTest(server)
{
    [Theory]
    [InlineData("policy", "NoSuchBucketPolicy", true)]
    [InlineData("cors", "NoSuchCORSConfiguration", true)]
    [InlineData("lifecycle", "NoSuchLifecycleConfiguration", true)]
    [InlineData("website", "NoSuchWebsiteConfiguration", true)]
    [InlineData("tagging", "NoSuchTagSet", true)]
    [InlineData("encryption", "ServerSideEncryptionConfigurationNotFoundError", true)]
    [InlineData("replication", "ReplicationConfigurationNotFoundError", true)]
    [InlineData("publicAccessBlock", "NoSuchPublicAccessBlockConfiguration", true)]
    [InlineData("object-lock", "ObjectLockConfigurationNotFoundError", false)]
    public async Task Reading_is_the_no_such_configuration_error_deleting_succeeds_setting_is_NotImplemented(string subresource, string code, bool deletable)
    {
        var bucket = await CreateBucketAsync("absent");
        await PutAsync(bucket, "key", "kept"u8.ToArray());

        using (var read = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}?{subresource}"))
        {
            await S3Error.AssertAsync(read, HttpStatusCode.NotFound, code);
        }

        using (var delete = await Raw.SendAsync(HttpMethod.Delete, $"/{bucket}?{subresource}"))
        {
            if (deletable)
            {
                Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
            }
            else
            {
                await S3Error.AssertAsync(delete, HttpStatusCode.NotImplemented, "NotImplemented");
            }
        }

        using (var put = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}?{subresource}", "<x/>"u8.ToArray()))
        {
            await S3Error.AssertAsync(put, HttpStatusCode.NotImplemented, "NotImplemented");
        }

        using (var again = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}?{subresource}"))
        {
            await S3Error.AssertAsync(again, HttpStatusCode.NotFound, code);
        }

        Assert.Equal("kept"u8.ToArray(), await GetBytesAsync(bucket, "key"));
        using var missing = await Raw.SendAsync(HttpMethod.Get, $"/{UniqueBucketName("absent-none")}?{subresource}");
        await S3Error.AssertAsync(missing, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Fact]
    public async Task The_sdk_sees_a_bucket_without_policy_tags_or_default_encryption()
    {
        var bucket = await CreateBucketAsync("absent-sdk");

        // AWSSDK.S3 hands back NoSuchBucketPolicy as a 404 response and ServerSideEncryptionConfigurationNotFoundError
        // as a configuration without rules, not as exceptions; NoSuchTagSet it throws.
        var policy = await S3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, policy.HttpStatusCode);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchTagSet",
            () => S3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, Cancel));
        var encryption = await S3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, Cancel);
        Assert.Empty(encryption.ServerSideEncryptionConfiguration?.ServerSideEncryptionRules ?? []);
        var deleted = await S3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket }, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        await AssertS3ErrorAsync(HttpStatusCode.NotImplemented, "NotImplemented",
            () => S3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }, Cancel));
    }
}
