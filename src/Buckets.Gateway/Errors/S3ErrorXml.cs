using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Buckets.Gateway.Errors;

/// <summary>
/// The body S3 sends with every error: <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;Resource/&gt;&lt;RequestId/&gt;&lt;/Error&gt;</c>,
/// without a namespace (unlike successful responses).
/// </summary>
public static class S3ErrorXml
{
    public const string ContentType = "application/xml";

    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8.ToArray();

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        Indent = false,
        Async = true,
    };

    public static byte[] Render(S3Exception error, string? requestId)
        => Render(error.Code, error.Message, error.Resource, requestId);

    public static byte[] Render(string code, string message, string? resource, string? requestId)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(Declaration);
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartElement("Error");
            writer.WriteElementString("Code", Sanitize(code));
            writer.WriteElementString("Message", Sanitize(message));
            if (resource is not null)
            {
                writer.WriteElementString("Resource", Sanitize(resource));
            }

            if (requestId is not null)
            {
                writer.WriteElementString("RequestId", Sanitize(requestId));
            }

            writer.WriteEndElement();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Sets the status and writes the error body. HEAD responses carry no body, so S3 sends only the status then.
    /// </summary>
    public static async Task WriteResponseAsync(HttpResponse response, S3Exception error, string? requestId, CancellationToken cancellationToken)
    {
        var body = Render(error, requestId);
        response.StatusCode = error.StatusCode;
        response.ContentType = ContentType;
        if (requestId is not null)
        {
            response.Headers["x-amz-request-id"] = requestId;
        }

        if (HttpMethods.IsHead(response.HttpContext.Request.Method))
        {
            return;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keys may hold characters XML 1.0 cannot carry even escaped (most C0 controls); an error report must
    /// still parse, so those become U+FFFD.
    /// </summary>
    internal static string Sanitize(string text)
    {
        var firstInvalid = 0;
        while (firstInvalid < text.Length && XmlCharLength(text, firstInvalid) > 0)
        {
            firstInvalid += XmlCharLength(text, firstInvalid);
        }

        if (firstInvalid == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, firstInvalid);
        var i = firstInvalid;
        while (i < text.Length)
        {
            var length = XmlCharLength(text, i);
            if (length == 0)
            {
                builder.Append('\uFFFD');
                i++;
            }
            else
            {
                builder.Append(text, i, length);
                i += length;
            }
        }

        return builder.ToString();
    }

    /// <summary>UTF-16 units of the XML character at <paramref name="index"/>, or 0 when XML 1.0 cannot carry it.</summary>
    private static int XmlCharLength(string text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 0;
        }

        if (char.IsLowSurrogate(c))
        {
            return 0;
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF') ? 1 : 0;
    }
}
