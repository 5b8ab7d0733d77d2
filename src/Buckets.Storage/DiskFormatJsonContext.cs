using System.Text.Json.Serialization;

namespace Buckets.Storage;

// Every field is required on read: a format.json with a field missing is damaged, and a default of 0 would
// silently turn it into "set 0, disk 0".
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(DiskFormat))]
internal sealed partial class DiskFormatJsonContext : JsonSerializerContext
{
}
