using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>
/// ACLs as S3 keeps them for a bucket whose object ownership is "bucket owner enforced": reading one answers full
/// control for the owner, setting that same ACL (canned or as a document) succeeds, and any other grant, on the ACL
/// operations or on a write, is refused with nothing changed.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AccessControlTests(BucketsServer server) : ServerTest(server)
{
    [Fact]
    public async Task Reading_an_acl_answers_full_control_for_the_owner_of_buckets_objects_and_versions()
    {
        var bucket = await CreateBucketAsync("acl-read");
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }, Cancel);
        var first = await PutAsync(bucket, "doc", "one"u8.ToArray());
        await PutAsync(bucket, "doc", "two"u8.ToArray());

        var bucketAcl = await S3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket }, Cancel);
        AssertOwnerFullControl(bucketAcl.Owner, bucketAcl.Grants);
        var objectAcl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "doc" }, Cancel);
        AssertOwnerFullControl(objectAcl.Owner, objectAcl.Grants);
        var versionAcl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "doc", VersionId = first.VersionId }, Cancel);
        AssertOwnerFullControl(versionAcl.Owner, versionAcl.Grants);
        using (var raw = await Raw.SendAsync(HttpMethod.Get, $"/{bucket}/doc?acl&versionId={first.VersionId}"))
        {
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
            Assert.Equal(first.VersionId, raw.Headers.GetValues("x-amz-version-id").Single());
        }


        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "missing" }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = UniqueBucketName("acl-none") }, Cancel));
        await S3.DeleteObjectAsync(bucket, "doc", Cancel);
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "doc" }, Cancel));
    }

    [Fact]
    public async Task Setting_the_owners_full_control_succeeds_and_any_other_grant_is_AccessControlListNotSupported()
    {
        var bucket = await CreateBucketAsync("acl-put");
        await PutAsync(bucket, "obj", "bytes"u8.ToArray());
        var before = await S3.GetObjectMetadataAsync(bucket, "obj", Cancel);

        Assert.Equal(HttpStatusCode.OK, (await S3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.Private }, Cancel)).HttpStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "obj", ACL = S3CannedACL.BucketOwnerFullControl }, Cancel)).HttpStatusCode);

        // What a client read, sent back as a document (as s3cmd setacl and the consoles do).
        var read = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "obj" }, Cancel);
        var same = new S3AccessControlList { Owner = read.Owner, Grants = read.Grants };
        Assert.Equal(HttpStatusCode.OK, (await S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "obj", AccessControlPolicy = same }, Cancel)).HttpStatusCode);

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => S3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.PublicRead }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "obj", ACL = S3CannedACL.AuthenticatedRead }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "obj", GrantRead = "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"" }, Cancel));
        var wider = new S3AccessControlList { Owner = read.Owner, Grants = [.. read.Grants] };
        wider.Grants.Add(new S3Grant { Grantee = new S3Grantee { URI = "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission = S3Permission.READ });
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "obj", AccessControlPolicy = wider }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchKey",
            () => S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "missing", ACL = S3CannedACL.Private }, Cancel));

        var after = await S3.GetObjectMetadataAsync(bucket, "obj", Cancel);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.LastModified, after.LastModified);
        Assert.Equal("bytes"u8.ToArray(), await GetBytesAsync(bucket, "obj"));
    }

    [Fact]
    public async Task Writes_take_the_owner_only_canned_acls_and_refuse_any_other_leaving_nothing()
    {
        var bucket = await CreateBucketAsync("acl-write");
        await PutAsync(bucket, "private", "a"u8.ToArray(), r => r.CannedACL = S3CannedACL.Private);
        await PutAsync(bucket, "owner-full", "b"u8.ToArray(), r => r.CannedACL = S3CannedACL.BucketOwnerFullControl);
        Assert.Equal("b"u8.ToArray(), await GetBytesAsync(bucket, "owner-full"));

        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => PutAsync(bucket, "public", "c"u8.ToArray(), r => r.CannedACL = S3CannedACL.PublicRead));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => PutAsync(bucket, "private", "overwrite"u8.ToArray(), r => r.Headers["x-amz-grant-read"] = "id=\"someone-else\""));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => S3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = bucket, SourceKey = "private", DestinationBucket = bucket, DestinationKey = "copy", CannedACL = S3CannedACL.PublicReadWrite,
            }, Cancel));
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "AccessControlListNotSupported",
            () => S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mpu", CannedACL = S3CannedACL.PublicRead }, Cancel));

        var keys = (await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Cancel)).S3Objects.Select(o => o.Key);
        Assert.Equal(["owner-full", "private"], keys);
        Assert.Equal("a"u8.ToArray(), await GetBytesAsync(bucket, "private"));
        Assert.Empty((await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, Cancel)).MultipartUploads ?? []);
    }

    [Fact]
    public async Task A_bucket_is_created_only_with_bucket_owner_enforced_ownership_and_no_wider_acl()
    {
        var enforced = UniqueBucketName("acl-own");
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = enforced, ObjectOwnership = ObjectOwnership.BucketOwnerEnforced, CannedACL = S3CannedACL.Private }, Cancel);
        Assert.Equal(HttpStatusCode.OK, (await S3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = enforced }, Cancel)).HttpStatusCode);

        var publicRead = UniqueBucketName("acl-pub");
        await AssertS3ErrorAsync(HttpStatusCode.BadRequest, "InvalidBucketAclWithObjectOwnership",
            () => S3.PutBucketAsync(new PutBucketRequest { BucketName = publicRead, CannedACL = S3CannedACL.PublicRead }, Cancel));
        var writer = UniqueBucketName("acl-writer");
        await AssertS3ErrorAsync(HttpStatusCode.NotImplemented, "NotImplemented",
            () => S3.PutBucketAsync(new PutBucketRequest { BucketName = writer, ObjectOwnership = ObjectOwnership.ObjectWriter }, Cancel));

        var names = (await S3.ListBucketsAsync(new ListBucketsRequest(), Cancel)).Buckets?.Select(b => b.BucketName) ?? [];
        Assert.Contains(enforced, names);
        Assert.DoesNotContain(publicRead, names);
        Assert.DoesNotContain(writer, names);
    }

    [Fact]
    public async Task Ownership_controls_read_bucket_owner_enforced_which_alone_can_be_set()
    {
        var bucket = await CreateBucketAsync("acl-ownership");

        var read = await S3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket }, Cancel);
        Assert.Equal(ObjectOwnership.BucketOwnerEnforced, Assert.Single(read.OwnershipControls.Rules).ObjectOwnership);

        OwnershipControls Controls(ObjectOwnership ownership) => new() { Rules = [new OwnershipControlsRule { ObjectOwnership = ownership }] };
        var put = await S3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest { BucketName = bucket, OwnershipControls = Controls(ObjectOwnership.BucketOwnerEnforced) }, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        await AssertS3ErrorAsync(HttpStatusCode.NotImplemented, "NotImplemented",
            () => S3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest { BucketName = bucket, OwnershipControls = Controls(ObjectOwnership.BucketOwnerPreferred) }, Cancel));
        using var malformed = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}?ownershipControls", "<OwnershipControls><Rule><ObjectOwnership>Nobody</ObjectOwnership></Rule></OwnershipControls>"u8.ToArray());
        await S3Error.AssertAsync(malformed, HttpStatusCode.BadRequest, "MalformedXML");
        await AssertS3ErrorAsync(HttpStatusCode.NotFound, "NoSuchBucket",
            () => S3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = UniqueBucketName("acl-none") }, Cancel));
    }

    [Theory]
    [InlineData("<AccessControlPolicy><AccessControlList>", null, "MalformedACLError")]
    [InlineData("<Tagging><TagSet/></Tagging>", null, "MalformedACLError")]
    [InlineData("<AccessControlPolicy><AccessControlList/></AccessControlPolicy>", null, "MalformedACLError")]
    [InlineData("", null, "MissingSecurityHeader")]
    [InlineData("<AccessControlPolicy/>", "private", "UnexpectedContent")]
    public async Task A_put_acl_request_that_is_not_an_acl_gets_the_right_error(string body, string? canned, string code)
    {
        var bucket = await CreateBucketAsync("acl-bad");
        await PutAsync(bucket, "obj", "x"u8.ToArray());
        var headers = canned is null ? null : new Dictionary<string, string> { ["x-amz-acl"] = canned };

        using var response = await Raw.SendAsync(HttpMethod.Put, $"/{bucket}/obj?acl", Encoding.UTF8.GetBytes(body), headers);

        await S3Error.AssertAsync(response, HttpStatusCode.BadRequest, code);
    }

    private static void AssertOwnerFullControl(Owner owner, List<S3Grant> grants)
    {
        Assert.Equal(BucketsServer.AccessKey, owner.Id);
        var grant = Assert.Single(grants);
        Assert.Equal(S3Permission.FULL_CONTROL, grant.Permission);
        Assert.Equal(GranteeType.CanonicalUser, grant.Grantee.Type);
        Assert.Equal(BucketsServer.AccessKey, grant.Grantee.CanonicalUser);
    }
}
