namespace M1Parallel.Serving;

/// <summary>A request the server refuses, with the HTTP status and the fields of an OpenAI error body.</summary>
internal sealed class OpenAiErrorException(int status, string message, string type = OpenAiErrorException.InvalidRequest,
    string? param = null, string? code = null) : Exception(message)
{
    public const string InvalidRequest = "invalid_request_error";

    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>Sets a Retry-After header on the response (429, 503).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static OpenAiErrorException BadValue(string param, string message) => new(400, message, InvalidRequest, param, "invalid_value");
}
