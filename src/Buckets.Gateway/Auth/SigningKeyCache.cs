using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Buckets.Gateway.Auth;

/// <summary>
/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"), "aws4_request"): four HMACs that
/// change once a day per key, so every request of the day reuses them.
/// </summary>
internal sealed class SigningKeyCache
{
    // A handful of users times a day or two of dates; clearing beyond this bounds memory against junk scopes.
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<(string Secret, string Date, string Region), byte[]> _keys = new();

    public byte[] Get(string secretKey, string date, string region)
    {
        if (_keys.TryGetValue((secretKey, date, region), out var key))
        {
            return key;
        }

        key = Derive(secretKey, date, region);
        if (_keys.Count >= MaxEntries)
        {
            _keys.Clear();
        }

        _keys[(secretKey, date, region)] = key;
        return key;
    }

    public static byte[] Derive(string secretKey, string date, string region)
    {
        var dateKey = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        var regionKey = HMACSHA256.HashData(dateKey, Encoding.UTF8.GetBytes(region));
        var serviceKey = HMACSHA256.HashData(regionKey, "s3"u8);
        return HMACSHA256.HashData(serviceKey, "aws4_request"u8);
    }
}
