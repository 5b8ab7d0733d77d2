using System.Net;

namespace Buckets.Server.Tests;

/// <summary>A body whose length HttpClient cannot know, so it goes out with Transfer-Encoding: chunked and no Content-Length.</summary>
internal sealed class UnknownLengthContent(byte[] data) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(data).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
