using Buckets.Gateway.Auth;
using Buckets.Gateway.Errors;
using Xunit;

namespace Buckets.Gateway.Tests;

/// <summary>The worked examples of the AWS S3 documentation, and the ways a signature is refused.</summary>
public sealed class SigV4AuthenticatorTests
{
    private const string Host = "examplebucket.s3.amazonaws.com";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accepts_the_documented_GET_Object_example()
    {
        var request = DocGet("/test.txt", [("Range", "bytes=0-9")], "host;range;x-amz-content-sha256;x-amz-date",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

        var context = await AwsExample.Authenticator().AuthenticateAsync(request, Cancel);

        Assert.Equal(AwsExample.AccessKey, context.AccessKey);
        Assert.Equal(AwsExample.Scope, context.Scope);
        Assert.Equal(AwsExample.AmzDate, context.AmzDate);
        Assert.Equal(PayloadMode.Sha256, context.PayloadMode);
        Assert.Equal("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", context.SeedSignature);
        Assert.Equal(AwsExample.SigningKey(), context.SigningKey.ToArray());
    }

    [Fact]
    public async Task Accepts_the_documented_PUT_Object_example_with_an_encoded_dollar_and_a_Date_header()
    {
        const string payloadHash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
        var request = TestRequests.Create("PUT", "/test%24file.text",
        [
            ("Host", Host),
            ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
            ("x-amz-date", AwsExample.AmzDate),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("x-amz-content-sha256", payloadHash),
            ("Authorization", Authorization("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")),
        ], "Welcome to Amazon S3."u8.ToArray());

        var context = await AwsExample.Authenticator().AuthenticateAsync(request, Cancel);

        Assert.Equal(payloadHash, context.PayloadSha256);
    }

    [Fact]
    public async Task Accepts_the_documented_GET_bucket_lifecycle_example_with_a_valueless_parameter()
    {
        var request = DocGet("/?lifecycle", [], "host;x-amz-content-sha256;x-amz-date",
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

        await AwsExample.Authenticator().AuthenticateAsync(request, Cancel);
    }

    [Fact]
    public async Task Accepts_the_documented_list_objects_example_with_parameters_out_of_order()
    {
        var request = DocGet("/?prefix=J&max-keys=2", [], "host;x-amz-content-sha256;x-amz-date",
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");

        await AwsExample.Authenticator().AuthenticateAsync(request, Cancel);
    }

    [Fact]
    public async Task Accepts_the_documented_presigned_GET_within_its_day()
    {
        var request = PresignedDocGet();

        var context = await AwsExample.Authenticator(AwsExample.Time.AddHours(23)).AuthenticateAsync(request, Cancel);

        Assert.True(context.IsPresigned);
        Assert.Equal(PayloadMode.Unsigned, context.PayloadMode);
    }

    [Fact]
    public async Task Refuses_the_documented_presigned_GET_after_it_expires()
    {
        var error = await Refused(AwsExample.Authenticator(AwsExample.Time.AddSeconds(86401)), PresignedDocGet());

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal("Request has expired", error.Message);
    }

    [Fact]
    public async Task Refuses_a_presigned_URL_that_is_not_valid_yet()
    {
        var error = await Refused(AwsExample.Authenticator(AwsExample.Time.AddMinutes(-16)), PresignedDocGet());

        Assert.Equal("AccessDenied", error.Code);
    }

    [Fact]
    public async Task Refuses_a_presigned_URL_that_lives_longer_than_a_week()
    {
        var request = TestRequests.Create("GET",
            "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=604801&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            [("Host", Host)]);

        var error = await Refused(AwsExample.Authenticator(), request);

        Assert.Equal("AuthorizationQueryParametersError", error.Code);
    }

    [Fact]
    public async Task Refuses_a_tampered_presigned_URL()
    {
        var request = TestRequests.Create("GET",
            "/test2.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            [("Host", Host)]);

        var error = await Refused(AwsExample.Authenticator(), request);

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_signature_made_with_another_secret()
    {
        var authenticator = new SigV4Authenticator(new InMemoryCredentialStore(AwsExample.AccessKey, "another secret"), "us-east-1",
            new FixedTimeProvider(AwsExample.Time));

        var error = await Refused(authenticator, DocGet("/test.txt", [("Range", "bytes=0-9")], "host;range;x-amz-content-sha256;x-amz-date",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task Refuses_a_signed_header_changed_in_transit()
    {
        var error = await Refused(AwsExample.Authenticator(), DocGet("/test.txt", [("Range", "bytes=0-99")],
            "host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
    }

    [Fact]
    public async Task Refuses_an_unknown_access_key()
    {
        var authenticator = new SigV4Authenticator(new InMemoryCredentialStore("OTHERKEY", AwsExample.SecretKey), "us-east-1",
            new FixedTimeProvider(AwsExample.Time));

        var error = await Refused(authenticator, DocGet("/test.txt", [("Range", "bytes=0-9")], "host;range;x-amz-content-sha256;x-amz-date",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

        Assert.Equal("InvalidAccessKeyId", error.Code);
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_request_signed_for_another_region_with_S3s_message()
    {
        var authenticator = new SigV4Authenticator(new InMemoryCredentialStore(AwsExample.AccessKey, AwsExample.SecretKey), "eu-west-1",
            new FixedTimeProvider(AwsExample.Time));

        var error = await Refused(authenticator, DocGet("/test.txt", [("Range", "bytes=0-9")], "host;range;x-amz-content-sha256;x-amz-date",
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

        Assert.Equal("AuthorizationHeaderMalformed", error.Code);
        Assert.Equal("The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'", error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(-16)]
    public async Task Refuses_a_request_more_than_fifteen_minutes_off_the_clock(int minutes)
    {
        var error = await Refused(AwsExample.Authenticator(AwsExample.Time.AddMinutes(minutes)), DocGet("/test.txt", [("Range", "bytes=0-9")],
            "host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

        Assert.Equal("RequestTimeTooSkewed", error.Code);
    }

    [Fact]
    public async Task Accepts_a_request_fourteen_minutes_off_the_clock()
    {
        await AwsExample.Authenticator(AwsExample.Time.AddMinutes(14)).AuthenticateAsync(DocGet("/test.txt", [("Range", "bytes=0-9")],
            "host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"), Cancel);
    }

    [Fact]
    public async Task Refuses_a_signature_that_does_not_cover_the_host()
    {
        var error = await Refused(AwsExample.Authenticator(), DocGet("/test.txt", [], "x-amz-content-sha256;x-amz-date", new string('0', 64)));

        Assert.Equal("AuthorizationHeaderMalformed", error.Code);
    }

    [Fact]
    public async Task Refuses_an_anonymous_request()
    {
        var error = await Refused(AwsExample.Authenticator(), TestRequests.Create("GET", "/test.txt", [("Host", Host)]));

        Assert.Equal("AccessDenied", error.Code);
    }

    [Fact]
    public async Task Refuses_signature_version_2()
    {
        var error = await Refused(AwsExample.Authenticator(),
            TestRequests.Create("GET", "/test.txt", [("Host", Host), ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=")]));

        Assert.Equal("InvalidRequest", error.Code);
    }

    [Fact]
    public async Task Refuses_a_header_signature_without_x_amz_content_sha256()
    {
        var request = TestRequests.Create("GET", "/test.txt",
        [
            ("Host", Host),
            ("x-amz-date", AwsExample.AmzDate),
            ("Authorization", Authorization("host;x-amz-date", new string('0', 64))),
        ]);

        var error = await Refused(AwsExample.Authenticator(), request);

        Assert.Equal("InvalidRequest", error.Code);
    }

    [Fact]
    public async Task Refuses_an_unknown_payload_mode()
    {
        var request = TestRequests.Create("GET", "/test.txt",
        [
            ("Host", Host),
            ("x-amz-date", AwsExample.AmzDate),
            ("x-amz-content-sha256", "SOMETHING-ELSE"),
            ("Authorization", Authorization("host;x-amz-content-sha256;x-amz-date", new string('0', 64))),
        ]);

        var error = await Refused(AwsExample.Authenticator(), request);

        Assert.Equal("InvalidArgument", error.Code);
    }

    [Fact]
    public async Task Refuses_a_credential_dated_another_day_than_the_request()
    {
        var request = TestRequests.Create("GET", "/test.txt",
        [
            ("Host", Host),
            ("x-amz-date", "20130525T000000Z"),
            ("x-amz-content-sha256", AwsExample.EmptySha256),
            ("Authorization", Authorization("host;x-amz-content-sha256;x-amz-date", new string('0', 64))),
        ]);

        var error = await Refused(AwsExample.Authenticator(AwsExample.Time.AddDays(1)), request);

        Assert.Equal("AuthorizationHeaderMalformed", error.Code);
    }

    private static async Task<S3Exception> Refused(SigV4Authenticator authenticator, Microsoft.AspNetCore.Http.HttpRequest request)
        => await Assert.ThrowsAsync<S3Exception>(async () => await authenticator.AuthenticateAsync(request, Cancel));

    private static Microsoft.AspNetCore.Http.HttpRequest DocGet(string target, (string, string)[] extraHeaders, string signedHeaders, string signature)
        => TestRequests.Create("GET", target,
        [
            ("Host", Host),
            .. extraHeaders,
            ("x-amz-date", AwsExample.AmzDate),
            ("x-amz-content-sha256", AwsExample.EmptySha256),
            ("Authorization", Authorization(signedHeaders, signature)),
        ]);

    private static Microsoft.AspNetCore.Http.HttpRequest PresignedDocGet()
        => TestRequests.Create("GET",
            "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            [("Host", Host)]);

    private static string Authorization(string signedHeaders, string signature)
        => $"AWS4-HMAC-SHA256 Credential={AwsExample.AccessKey}/{AwsExample.Scope},SignedHeaders={signedHeaders},Signature={signature}";
}
