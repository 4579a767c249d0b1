using System.Security.Cryptography;
using System.Text;

namespace M1Parallel.Serving;

/// <summary>
/// Checks <c>Authorization: Bearer KEY</c> in constant time: both keys are hashed to the same length first, so neither
/// the position of the first wrong character nor the key's length shows in the time taken.
/// </summary>
internal sealed class ApiKeyCheck(string key)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public bool IsAuthorized(string? authorization)
    {
        const string scheme = "Bearer ";
        var presented = authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization[scheme.Length..].Trim()
            : "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(hash, _expected) & presented.Length > 0;
    }
}
