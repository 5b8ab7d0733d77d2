using Buckets.Abstractions;

namespace Buckets.Gateway.S3;

/// <summary>Requests to the service root: ListBuckets.</summary>
public static class ServiceOperations
{
    public static async Task ListBucketsAsync(S3Request request, IGrainFactory grains, string owner)
    {
        var buckets = await grains.GetGrain<IBucketDirectoryGrain>(0).List();
        await S3Responses.XmlAsync(request.Http.Response, xml =>
        {
            xml.WriteStartElement("ListAllMyBucketsResult", S3Responses.Namespace);
            xml.WriteStartElement("Owner");
            xml.WriteElementString("ID", owner);
            xml.WriteElementString("DisplayName", owner);
            xml.WriteEndElement();
            xml.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                xml.WriteStartElement("Bucket");
                xml.WriteElementString("Name", bucket.Name);
                xml.WriteElementString("CreationDate", S3Responses.IsoTime(bucket.Created));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }
}
