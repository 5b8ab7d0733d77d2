namespace Buckets.Gateway.Errors;

/// <summary>
/// An S3 error code with the HTTP status S3 answers it with. Clients switch on <see cref="Code"/> (the SDKs
/// decide retries and exception types from it), so the strings are S3's, byte for byte.
/// </summary>
public sealed class S3ErrorCode
{
    private S3ErrorCode(string code, int statusCode, string defaultMessage)
    {
        Code = code;
        StatusCode = statusCode;
        DefaultMessage = defaultMessage;
    }

    public string Code { get; }

    public int StatusCode { get; }

    public string DefaultMessage { get; }

    public static S3ErrorCode AccessDenied { get; } = new("AccessDenied", 403, "Access Denied");

    public static S3ErrorCode SignatureDoesNotMatch { get; } = new("SignatureDoesNotMatch", 403,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.");

    public static S3ErrorCode InvalidAccessKeyId { get; } = new("InvalidAccessKeyId", 403,
        "The AWS Access Key Id you provided does not exist in our records.");

    public static S3ErrorCode RequestTimeTooSkewed { get; } = new("RequestTimeTooSkewed", 403,
        "The difference between the request time and the current time is too large.");

    public static S3ErrorCode AuthorizationHeaderMalformed { get; } = new("AuthorizationHeaderMalformed", 400,
        "The authorization header is malformed.");

    public static S3ErrorCode AuthorizationQueryParametersError { get; } = new("AuthorizationQueryParametersError", 400,
        "Error parsing the query string authentication parameters.");

    public static S3ErrorCode MissingSecurityHeader { get; } = new("MissingSecurityHeader", 400,
        "Your request is missing a required header.");

    public static S3ErrorCode NoSuchBucket { get; } = new("NoSuchBucket", 404, "The specified bucket does not exist");

    public static S3ErrorCode NoSuchKey { get; } = new("NoSuchKey", 404, "The specified key does not exist.");

    public static S3ErrorCode NoSuchVersion { get; } = new("NoSuchVersion", 404,
        "The specified version does not exist.");

    public static S3ErrorCode IllegalVersioningConfigurationException { get; } = new("IllegalVersioningConfigurationException", 400,
        "The versioning configuration specified in the request is invalid.");

    public static S3ErrorCode InvalidPartNumber { get; } = new("InvalidPartNumber", 416, "The requested partnumber is not satisfiable");

    public static S3ErrorCode InvalidPart { get; } = new("InvalidPart", 400,
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");

    public static S3ErrorCode InvalidPartOrder { get; } = new("InvalidPartOrder", 400,
        "The list of parts was not in ascending order. Parts must be ordered by part number.");

    public static S3ErrorCode NoSuchUpload { get; } = new("NoSuchUpload", 404,
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");

    public static S3ErrorCode BucketAlreadyOwnedByYou { get; } = new("BucketAlreadyOwnedByYou", 409,
        "Your previous request to create the named bucket succeeded and you already own it.");

    public static S3ErrorCode BucketAlreadyExists { get; } = new("BucketAlreadyExists", 409,
        "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.");

    public static S3ErrorCode BucketNotEmpty { get; } = new("BucketNotEmpty", 409, "The bucket you tried to delete is not empty");

    public static S3ErrorCode InvalidBucketName { get; } = new("InvalidBucketName", 400, "The specified bucket is not valid.");

    public static S3ErrorCode KeyTooLongError { get; } = new("KeyTooLongError", 400, "Your key is too long");

    public static S3ErrorCode BadDigest { get; } = new("BadDigest", 400,
        "The Content-MD5 you specified did not match what we received.");

    public static S3ErrorCode InvalidDigest { get; } = new("InvalidDigest", 400, "The Content-MD5 you specified is not valid.");

    public static S3ErrorCode XAmzContentSHA256Mismatch { get; } = new("XAmzContentSHA256Mismatch", 400,
        "The provided 'x-amz-content-sha256' header does not match what was computed.");

    public static S3ErrorCode MissingContentLength { get; } = new("MissingContentLength", 411,
        "You must provide the Content-Length HTTP header.");

    public static S3ErrorCode EntityTooLarge { get; } = new("EntityTooLarge", 400,
        "Your proposed upload exceeds the maximum allowed object size.");

    public static S3ErrorCode EntityTooSmall { get; } = new("EntityTooSmall", 400,
        "Your proposed upload is smaller than the minimum allowed object size.");

    public static S3ErrorCode IncompleteBody { get; } = new("IncompleteBody", 400,
        "You did not provide the number of bytes specified by the Content-Length HTTP header.");

    public static S3ErrorCode MalformedTrailerError { get; } = new("MalformedTrailerError", 400,
        "The request contained trailing data that was not well-formed or did not conform to our published schema.");

    public static S3ErrorCode InvalidArgument { get; } = new("InvalidArgument", 400, "Invalid Argument");

    public static S3ErrorCode InvalidRequest { get; } = new("InvalidRequest", 400, "Invalid Request");

    public static S3ErrorCode MethodNotAllowed { get; } = new("MethodNotAllowed", 405,
        "The specified method is not allowed against this resource.");

    public static S3ErrorCode NotImplemented { get; } = new("NotImplemented", 501,
        "A header you provided implies functionality that is not implemented.");

    public static S3ErrorCode InternalError { get; } = new("InternalError", 500,
        "We encountered an internal error. Please try again.");

    public static S3ErrorCode ServiceUnavailable { get; } = new("ServiceUnavailable", 503,
        "Service is unable to handle request.");

    public static S3ErrorCode SlowDown { get; } = new("SlowDown", 503, "Please reduce your request rate.");

    public static S3ErrorCode InvalidRange { get; } = new("InvalidRange", 416, "The requested range is not satisfiable");

    public static S3ErrorCode PreconditionFailed { get; } = new("PreconditionFailed", 412,
        "At least one of the pre-conditions you specified did not hold");

    public static S3ErrorCode MalformedXML { get; } = new("MalformedXML", 400,
        "The XML you provided was not well-formed or did not validate against our published schema.");

    public static S3ErrorCode BadRequest { get; } = new("BadRequest", 400, "Bad Request");

    public static S3ErrorCode InvalidTag { get; } = new("InvalidTag", 400, "The tag provided was not a valid tag.");

    public static S3ErrorCode MetadataTooLarge { get; } = new("MetadataTooLarge", 400,
        "Your metadata headers exceed the maximum allowed metadata size.");

    public static S3ErrorCode MaxMessageLengthExceeded { get; } = new("MaxMessageLengthExceeded", 400, "Your request was too big.");

    public static S3ErrorCode NoSuchBucketPolicy { get; } = new("NoSuchBucketPolicy", 404, "The bucket policy does not exist");

    public static S3ErrorCode NoSuchCORSConfiguration { get; } = new("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist");

    public static S3ErrorCode NoSuchLifecycleConfiguration { get; } = new("NoSuchLifecycleConfiguration", 404,
        "The lifecycle configuration does not exist");

    public static S3ErrorCode NoSuchWebsiteConfiguration { get; } = new("NoSuchWebsiteConfiguration", 404,
        "The specified bucket does not have a website configuration");

    public static S3ErrorCode NoSuchTagSet { get; } = new("NoSuchTagSet", 404, "The TagSet does not exist");

    public static S3ErrorCode ServerSideEncryptionConfigurationNotFoundError { get; } = new("ServerSideEncryptionConfigurationNotFoundError", 404,
        "The server side encryption configuration was not found");

    public static S3ErrorCode ReplicationConfigurationNotFoundError { get; } = new("ReplicationConfigurationNotFoundError", 404,
        "The replication configuration was not found");

    public static S3ErrorCode NoSuchPublicAccessBlockConfiguration { get; } = new("NoSuchPublicAccessBlockConfiguration", 404,
        "The public access block configuration was not found");

    public static S3ErrorCode ObjectLockConfigurationNotFoundError { get; } = new("ObjectLockConfigurationNotFoundError", 404,
        "Object Lock configuration does not exist for this bucket");

    public static S3ErrorCode AccessControlListNotSupported { get; } = new("AccessControlListNotSupported", 400, "The bucket does not allow ACLs");

    public static S3ErrorCode InvalidBucketAclWithObjectOwnership { get; } = new("InvalidBucketAclWithObjectOwnership", 400,
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");

    public static S3ErrorCode UnexpectedContent { get; } = new("UnexpectedContent", 400, "This request does not support content");

    public static S3ErrorCode MalformedACLError { get; } = new("MalformedACLError", 400,
        "The XML you provided was not well-formed or did not validate against our published schema");

    public override string ToString() => $"{Code} ({StatusCode})";
}
