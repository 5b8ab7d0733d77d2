using System.Text;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class DeleteRequestTests
{
    [Fact]
    public void Objects_versions_and_quiet_are_read_with_or_without_the_S3_namespace()
    {
        var withNamespace = Parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n  <Object><Key>a/b</Key></Object>\n" +
            "  <Object><VersionId>null</VersionId><Key>c &amp; d</Key></Object>\n  <Quiet>true</Quiet>\n</Delete>\n");
        var without = Parse("<Delete><Quiet>false</Quiet><Object><Key>x</Key></Object></Delete>");

        Assert.Equal([new ObjectIdentifier("a/b", null), new ObjectIdentifier("c & d", "null")], withNamespace.Objects);
        Assert.True(withNamespace.Quiet);
        Assert.Equal([new ObjectIdentifier("x", null)], without.Objects);
        Assert.False(without.Quiet);
    }

    [Theory]
    [InlineData("<Key> </Key>", " ")]
    [InlineData("<Key>  two  spaces  </Key>", "  two  spaces  ")]
    [InlineData("<Key></Key>", "")]
    [InlineData("<Key/>", "")]
    [InlineData("<Key>ünï/日本</Key>", "ünï/日本")]
    [InlineData("<Key><![CDATA[<tag>]]></Key>", "<tag>")]
    public void A_key_is_taken_exactly_as_written(string element, string key)
    {
        var request = Parse($"<Delete><Object>{element}</Object></Delete>");

        Assert.Equal(key, Assert.Single(request.Objects).Key);
    }

    [Fact]
    public void A_thousand_objects_are_allowed_and_one_more_is_not()
    {
        Assert.Equal(1000, Parse(Document(1000)).Objects.Count);
        AssertMalformed(Document(1001));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<Delete/>")]
    [InlineData("<Delete></Delete>")]
    [InlineData("<Delete><Quiet>true</Quiet></Delete>")]
    [InlineData("<Delete><Object><Key>k</Key></Object>")]
    [InlineData("<Delete><Object/></Delete>")]
    [InlineData("<Delete><Object><VersionId>v</VersionId></Object></Delete>")]
    [InlineData("<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>")]
    [InlineData("<Delete><Object><Key>k<b>bold</b></Key></Object></Delete>")]
    [InlineData("<Delete><Object><Key>k</Key><Other/></Object></Delete>")]
    [InlineData("<Delete><Object><Key>k</Key></Object><Other/></Delete>")]
    [InlineData("<Delete><Object><Key>k</Key></Object>text</Delete>")]
    [InlineData("<Delete><Quiet>yes</Quiet><Object><Key>k</Key></Object></Delete>")]
    [InlineData("<Delete><Object><Key>k</Key></Object></Delete><Delete/>")]
    [InlineData("<Delete xmlns=\"urn:other\"><Object><Key>k</Key></Object></Delete>")]
    [InlineData("<!DOCTYPE Delete [<!ENTITY e \"k\">]><Delete><Object><Key>&e;</Key></Object></Delete>")]
    public void Anything_but_a_Delete_document_is_MalformedXML(string xml) => AssertMalformed(xml);

    [Theory]
    [InlineData("ETag")]
    [InlineData("LastModifiedTime")]
    [InlineData("Size")]
    public void A_conditional_delete_is_refused_rather_than_run_unconditionally(string element)
    {
        var error = Assert.Throws<S3Exception>(() => Parse($"<Delete><Object><Key>k</Key><{element}>1</{element}></Object></Delete>"));

        Assert.Equal(S3ErrorCode.NotImplemented, error.Error);
    }

    private static DeleteRequest Parse(string xml) => DeleteRequest.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    private static void AssertMalformed(string xml) =>
        Assert.Equal(S3ErrorCode.MalformedXML, Assert.Throws<S3Exception>(() => Parse(xml)).Error);

    private static string Document(int objects) =>
        "<Delete>" + string.Concat(Enumerable.Range(0, objects).Select(i => $"<Object><Key>key-{i}</Key></Object>")) + "</Delete>";
}
