namespace Buckets.Hashing;

/// <summary>What one lane of <see cref="Md5Lanes"/> is hashing: a stream's current piece, from where, for how many blocks more.</summary>
internal record struct Md5Lane(LaneMd5? Stream, Md5Job? Job, nint Pointer, int BlocksLeft);
