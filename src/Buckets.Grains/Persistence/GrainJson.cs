using System.Text.Json;
using System.Text.Json.Serialization;
using Buckets.Abstractions;

namespace Buckets.Grains.Persistence;

/// <summary>Source-generated JSON for every document the grains keep on disk: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ObjectMetadataDocument))]
[JsonSerializable(typeof(BucketInfo))]
[JsonSerializable(typeof(TopologySnapshot))]
[JsonSerializable(typeof(UploadDocument))]
internal sealed partial class GrainJson : JsonSerializerContext
{
    public static byte[] Serialize<T>(T value) =>
        JsonSerializer.SerializeToUtf8Bytes(value, typeof(T), Default);

    public static T? Deserialize<T>(byte[] bytes)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, typeof(T), Default) as T;
        }
        catch (JsonException)
        {
            // A torn or foreign file is no document at all: quorum decides from the others.
            return null;
        }
    }
}
