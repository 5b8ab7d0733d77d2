using System.Text;
using Buckets.Gateway.Errors;
using Buckets.Gateway.Xml;
using Xunit;

namespace Buckets.Gateway.Tests;

public sealed class AccessControlPolicyTests
{
    private const string Xsi = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    [Fact]
    public async Task What_is_written_is_read_back_as_the_owners_full_control()
    {
        using var document = new MemoryStream();
        await AccessControlPolicy.WriteOwnerFullControlAsync(document, new S3Owner("root", "root"), CancellationToken.None);
        document.Position = 0;

        Assert.True(AccessControlPolicy.GrantsOnlyOwnerFullControl(document, "root"));
        document.Position = 0;
        Assert.False(AccessControlPolicy.GrantsOnlyOwnerFullControl(document, "someone-else"));
    }

    [Theory]
    // As S3 documents it, as AWSSDK.S3 writes it (the Grantee element in the instance namespace), without namespaces,
    // and the owner's full control granted twice.
    [InlineData($"<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>root</ID></Owner><AccessControlList><Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>root</ID><DisplayName>root</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>")]
    [InlineData($"<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><AccessControlList><Grant><xsi:Grantee xsi:type=\"CanonicalUser\" {Xsi}><ID>root</ID></xsi:Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList><Owner><ID>root</ID></Owner></AccessControlPolicy>")]
    [InlineData($"<AccessControlPolicy>\n <AccessControlList>\n  <Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>root</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>\n  <Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>root</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>\n </AccessControlList>\n</AccessControlPolicy>")]
    public void The_owners_full_control_in_any_of_its_spellings_is_accepted(string xml) =>
        Assert.True(Read(xml));

    [Theory]
    [InlineData($"<Grant><Grantee {Xsi} xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>")]
    [InlineData($"<Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>another</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>")]
    [InlineData($"<Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>root</ID></Grantee><Permission>WRITE_ACP</Permission></Grant>")]
    [InlineData($"<Grant><Grantee {Xsi} xsi:type=\"AmazonCustomerByEmail\"><EmailAddress>a@b.c</EmailAddress></Grantee><Permission>FULL_CONTROL</Permission></Grant>")]
    public void A_grant_beside_or_instead_of_the_owners_full_control_is_not_accepted(string grant)
    {
        const string owner = $"<Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>root</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>";
        Assert.False(Read($"<AccessControlPolicy><AccessControlList>{owner}{grant}</AccessControlList></AccessControlPolicy>"));
        Assert.False(Read($"<AccessControlPolicy><AccessControlList>{grant}</AccessControlList></AccessControlPolicy>"));
    }

    [Theory]
    [InlineData("<AccessControlPolicy><AccessControlList>")]
    [InlineData("not xml")]
    [InlineData("<Tagging><TagSet/></Tagging>")]
    [InlineData("<AccessControlPolicy><Owner><ID>root</ID></Owner></AccessControlPolicy>")]
    [InlineData("<AccessControlPolicy><AccessControlList/></AccessControlPolicy>")]
    [InlineData("<AccessControlPolicy><AccessControlList><Other/></AccessControlList></AccessControlPolicy>")]
    [InlineData("<AccessControlPolicy><AccessControlList><Grant><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"root\">]><AccessControlPolicy><AccessControlList/></AccessControlPolicy>")]
    public void A_document_that_is_not_an_access_control_policy_is_MalformedACLError(string xml)
    {
        var error = Assert.Throws<S3Exception>(() => Read(xml));
        Assert.Equal(S3ErrorCode.MalformedACLError, error.Error);
    }

    private static bool Read(string xml) =>
        AccessControlPolicy.GrantsOnlyOwnerFullControl(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "root");
}
