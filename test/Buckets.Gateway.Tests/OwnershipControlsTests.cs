using System.Text;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class OwnershipControlsTests
{
    [Fact]
    public async Task What_is_written_reads_back()
    {
        using var document = new MemoryStream();
        await OwnershipControls.WriteAsync(document, "BucketOwnerEnforced", CancellationToken.None);
        document.Position = 0;

        Assert.Equal("BucketOwnerEnforced", OwnershipControls.Parse(document));
    }

    [Theory]
    [InlineData("<OwnershipControls xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>", "ObjectWriter")]
    [InlineData("<OwnershipControls>\n  <Rule>\n    <ObjectOwnership>BucketOwnerPreferred</ObjectOwnership>\n  </Rule>\n</OwnershipControls>", "BucketOwnerPreferred")]
    public void Each_of_S3s_ownerships_is_read(string xml, string ownership) =>
        Assert.Equal(ownership, Parse(xml));

    [Theory]
    [InlineData("<OwnershipControls><Rule><ObjectOwnership>Everyone</ObjectOwnership></Rule></OwnershipControls>")]
    [InlineData("<OwnershipControls><Rule/></OwnershipControls>")]
    [InlineData("<OwnershipControls/>")]
    [InlineData("<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>")]
    [InlineData("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")]
    [InlineData("<OwnershipControls><Rule>")]
    public void Anything_else_is_MalformedXML(string xml)
    {
        var error = Assert.Throws<S3Exception>(() => Parse(xml));
        Assert.Equal(S3ErrorCode.MalformedXML, error.Error);
    }

    private static string Parse(string xml) => OwnershipControls.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
}
