using System.Text.Json.Serialization;

namespace Buckets.Storage;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(IndexManifest))]
internal sealed partial class IndexJsonContext : JsonSerializerContext;
