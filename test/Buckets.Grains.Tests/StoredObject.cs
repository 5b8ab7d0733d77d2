using Buckets.Abstractions;

namespace Buckets.Grains.Tests;

/// <summary>An object as a GET sees it: the version the registry answered and the bytes read back.</summary>
public sealed record StoredObject(ObjectVersion Version, byte[] Content, bool CameInline);
