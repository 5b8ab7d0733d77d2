using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Buckets.Gateway.Auth;
using Buckets.Gateway.Checksums;
using Buckets.Gateway.Chunked;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Buckets.Gateway.Tests;

/// <summary>
/// A Kestrel server on a loopback port that runs only the gateway's authenticator and body decoder: PUT keeps
/// the decoded bytes under the raw path, GET returns them, GET / lists buckets. Every exchange is recorded so
/// tests can see what the SDK sent and what the decoder made of it.
/// </summary>
public sealed class SdkServer : IAsyncLifetime
{
    public const string AccessKey = "AKTESTKEY";
    public const string SecretKey = "test/secret+key";

    private readonly ConcurrentDictionary<string, byte[]> _objects = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentDictionary<string, Exchange> Exchanges { get; } = new();

    /// <summary>Rewrites the raw body of the next request to a path, to play a man in the middle.</summary>
    public ConcurrentDictionary<string, Func<byte[], byte[]>> Tamper { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(new SigV4Authenticator(new InMemoryCredentialStore(AccessKey, SecretKey)));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var rawPath = rawTarget.Split('?')[0];
        var exchange = new Exchange(http.Request.Method, rawTarget,
            http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
        Exchanges[http.Request.Method + " " + rawPath] = exchange;
        try
        {
            if (Tamper.TryRemove(rawPath, out var tamper))
            {
                var raw = new MemoryStream();
                await http.Request.Body.CopyToAsync(raw, http.RequestAborted);
                http.Request.Body = new MemoryStream(tamper(raw.ToArray()));
            }

            var auth = await http.RequestServices.GetRequiredService<SigV4Authenticator>().AuthenticateAsync(http.Request, http.RequestAborted);
            exchange.Auth = auth;
            await using var body = RequestBody.Open(http.Request, auth, computeMd5: true);
            var decoded = new MemoryStream();
            await body.Content.CopyToAsync(decoded, http.RequestAborted);
            exchange.Body = decoded.ToArray();
            exchange.Checksum = body.Checksum;

            if (HttpMethods.IsPut(http.Request.Method))
            {
                _objects[rawPath] = exchange.Body;
                http.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(body.Md5!)}\"";
            }
            else if (rawPath == "/")
            {
                http.Response.ContentType = S3Xml.ContentType;
                await S3Xml.WriteListAllMyBucketsAsync(http.Response.Body, new S3Owner("owner-id", "owner"),
                    [new BucketEntry("bucket", new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero))], http.RequestAborted);
            }
            else if (_objects.TryGetValue(rawPath, out var stored))
            {
                http.Response.ContentLength = stored.Length;
                http.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(MD5.HashData(stored))}\"";
                await http.Response.Body.WriteAsync(stored, http.RequestAborted);
            }
            else
            {
                throw new S3Exception(S3ErrorCode.NoSuchKey, resource: rawPath);
            }
        }
        catch (S3Exception error)
        {
            exchange.Error = error;
            await S3ErrorXml.WriteResponseAsync(http.Response, error, "TESTREQUEST", http.RequestAborted);
        }
    }

    public sealed class Exchange(string method, string rawTarget, Dictionary<string, string> headers)
    {
        public string Method { get; } = method;

        public string RawTarget { get; } = rawTarget;

        public Dictionary<string, string> Headers { get; } = headers;

        public SigV4Context? Auth { get; set; }

        public byte[]? Body { get; set; }

        public ChecksumValue? Checksum { get; set; }

        public S3Exception? Error { get; set; }
    }
}
