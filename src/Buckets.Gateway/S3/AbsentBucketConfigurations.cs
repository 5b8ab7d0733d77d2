using Buckets.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.S3;

/// <summary>
/// The bucket configurations this server never holds (policy, CORS, lifecycle, website, tags, default encryption,
/// replication, public access block, object lock), answered as S3 answers for a bucket without one: reading it is
/// the "no such configuration" error, deleting it succeeds with nothing to delete. Setting one stays 501
/// NotImplemented: a configuration accepted and then not enforced would be a lie. Tools that inspect a bucket (the
/// consoles, Terraform, s3cmd info) read these and expect exactly those answers.
/// </summary>
public static class AbsentBucketConfigurations
{
    private static readonly Dictionary<string, S3ErrorCode> NotFound = new(StringComparer.Ordinal)
    {
        ["policy"] = S3ErrorCode.NoSuchBucketPolicy,
        ["cors"] = S3ErrorCode.NoSuchCORSConfiguration,
        ["lifecycle"] = S3ErrorCode.NoSuchLifecycleConfiguration,
        ["website"] = S3ErrorCode.NoSuchWebsiteConfiguration,
        ["tagging"] = S3ErrorCode.NoSuchTagSet,
        ["encryption"] = S3ErrorCode.ServerSideEncryptionConfigurationNotFoundError,
        ["replication"] = S3ErrorCode.ReplicationConfigurationNotFoundError,
        ["publicAccessBlock"] = S3ErrorCode.NoSuchPublicAccessBlockConfiguration,
        ["object-lock"] = S3ErrorCode.ObjectLockConfigurationNotFoundError,
    };

    /// <summary>Whether a request's only sub-resource names one of these configurations.</summary>
    public static bool Names(string subresource) => NotFound.ContainsKey(subresource);

    /// <summary>S3 keeps no object lock configuration to delete; DELETE ?object-lock is not an operation.</summary>
    public static bool CanDelete(string subresource) => subresource != "object-lock";

    public static async Task GetAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        throw new S3Exception(NotFound[Subresource(request)], resource: request.Resource);
    }

    public static async Task DeleteAsync(S3Request request, IGrainFactory grains)
    {
        await BucketOperations.RequireAsync(request, grains);
        request.Http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static string Subresource(S3Request request) => request.Http.Request.Query.Keys.Single(Names);
}
