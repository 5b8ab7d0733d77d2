using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Buckets.Server.Tests;

/// <summary>Hand-signed requests to the server's S3 port, over HttpClient or, when even HttpClient would not send them, a bare socket.</summary>
public sealed class RawS3(BucketsServer server)
{
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-MD5", "Content-Encoding", "Content-Length", "Content-Language", "Content-Disposition", "Expires",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public Uri Uri(string pathAndQuery) => new(server.Endpoint, pathAndQuery);

    /// <summary>A request signed with the root credentials (or <paramref name="signer"/>), its payload hash the body's SHA-256 unless given.</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string? payloadHash = null,
        DateTimeOffset? time = null,
        SigV4Signer? signer = null) =>
        SendAsync(method, pathAndQuery, body is null ? null : new ByteArrayContent(body),
            payloadHash ?? SigV4Signer.Sha256Hex(body ?? []), headers, time, signer);

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        HttpContent? content,
        string payloadHash,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        DateTimeOffset? time = null,
        SigV4Signer? signer = null)
    {
        var uri = Uri(pathAndQuery);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        var signed = (signer ?? server.Signer).Sign(method.Method, uri, headers ?? [], payloadHash, time ?? DateTimeOffset.UtcNow);
        foreach (var (name, value) in signed)
        {
            if (name == "host")
            {
                request.Headers.Host = value;
            }
            else if (ContentHeaders.Contains(name))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"HttpClient refused the header {name}.");
            }
        }

        return await server.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, Cancel);
    }

    /// <summary>
    /// Sends a signed request head and none of the body it announces, then reads the answer: a server that answers
    /// has decided without reading the body.
    /// </summary>
    public async Task<RawResponse> SendHeadOnlyAsync(string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, TimeSpan timeout) =>
        await SendPartialAsync(method, pathAndQuery, headers, payloadHash, [], halfClose: false, timeout)
        ?? throw new IOException("The server closed the connection without an answer.");

    /// <summary>
    /// Sends a signed request head and <paramref name="body"/> (which may be shorter than the head announces), then,
    /// if <paramref name="halfClose"/>, ends the sending side as a client that gave up would. Null when the server
    /// closed the connection without answering.
    /// </summary>
    public async Task<RawResponse?> SendPartialAsync(
        string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers, string payloadHash, byte[] body, bool halfClose, TimeSpan timeout)
    {
        var uri = Uri(pathAndQuery);
        var signed = server.Signer.Sign(method, uri, headers, payloadHash, DateTimeOffset.UtcNow);
        var head = new StringBuilder().Append(method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        foreach (var (name, value) in signed)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(timeout);
        using var socket = new TcpClient();
        await socket.ConnectAsync(uri.Host, uri.Port, deadline.Token);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), deadline.Token);
        await stream.WriteAsync(body, deadline.Token);
        await stream.FlushAsync(deadline.Token);
        if (halfClose)
        {
            socket.Client.Shutdown(SocketShutdown.Send);
        }

        return await ReadResponseAsync(stream, deadline.Token);
    }

    private static async Task<RawResponse?> ReadResponseAsync(Stream stream, CancellationToken cancel)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancel);
            }
            catch (IOException) when (received.Length == 0)
            {
                return null;
            }

            if (read == 0 && received.Length == 0)
            {
                return null;
            }

            if (read == 0)
            {
                throw new IOException($"The connection closed in the middle of a response head ({received.Length} bytes).");
            }

            received.Write(buffer, 0, read);
        }

        var all = received.ToArray();
        var lines = Encoding.ASCII.GetString(all, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = new MemoryStream();
        body.Write(all, headEnd + 4, all.Length - headEnd - 4);
        var length = headers.TryGetValue("Content-Length", out var declared) ? long.Parse(declared, System.Globalization.CultureInfo.InvariantCulture) : 0;
        while (body.Length < length)
        {
            var read = await stream.ReadAsync(buffer, cancel);
            if (read == 0)
            {
                break;
            }

            body.Write(buffer, 0, read);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int IndexOf(MemoryStream stream, ReadOnlySpan<byte> pattern) =>
        stream.GetBuffer().AsSpan(0, (int)stream.Length).IndexOf(pattern);
}
