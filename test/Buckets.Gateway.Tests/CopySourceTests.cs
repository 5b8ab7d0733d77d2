using Buckets.Gateway.Errors;
using Buckets.Gateway.S3;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class CopySourceTests
{
    [Theory]
    [InlineData("bucket/key", "bucket", "key", null)]
    [InlineData("/bucket/key", "bucket", "key", null)]
    [InlineData("/bucket/dir/sub/key.txt", "bucket", "dir/sub/key.txt", null)]
    [InlineData("/bucket//leading-slash", "bucket", "/leading-slash", null)]
    [InlineData("bucket/a%20b%2Bc%3Fd%25e", "bucket", "a b+c?d%e", null)]
    [InlineData("bucket/%C3%BCn%C3%AF%2F%E6%97%A5", "bucket", "ünï/日", null)]
    [InlineData("/bucket/key?versionId=null", "bucket", "key", "null")]
    [InlineData("bucket/key%3FversionId%3Dx", "bucket", "key?versionId=x", null)]
    [InlineData("bucket/key?versionId=3HL4kqtJlcpXroDTDmJ%2BrmSpXd3dIbrHY", "bucket", "key", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")]
    public void The_header_names_the_bucket_key_and_version(string header, string bucket, string key, string? versionId)
    {
        Assert.Equal(new CopySource(bucket, key, versionId), CopySource.Parse(header));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bucket")]
    [InlineData("/bucket")]
    [InlineData("/bucket/")]
    [InlineData("//key")]
    [InlineData("?versionId=null")]
    public void A_header_without_bucket_and_key_is_InvalidArgument(string header)
    {
        var error = Assert.Throws<S3Exception>(() => CopySource.Parse(header));

        Assert.Equal(S3ErrorCode.InvalidArgument, error.Error);
        Assert.Equal("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", error.Message);
    }

    [Fact]
    public void A_source_of_exactly_5_GiB_may_be_copied_and_one_byte_more_may_not()
    {
        CopyObject.CheckSourceSize(5L * 1024 * 1024 * 1024);

        var error = Assert.Throws<S3Exception>(() => CopyObject.CheckSourceSize((5L * 1024 * 1024 * 1024) + 1));
        Assert.Equal(S3ErrorCode.InvalidRequest, error.Error);
        Assert.Equal("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120", error.Message);
    }
}
