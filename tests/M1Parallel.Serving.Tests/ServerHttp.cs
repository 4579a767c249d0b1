using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace M1Parallel.Serving.Tests;

/// <summary>Raw HTTP helpers for talking to the server under test as any OpenAI client would.</summary>
internal static class ServerHttp
{
    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(HttpClient http, string path, string json, string? key = null)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await SendAsync(http, path, content, key);
    }

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpClient http, string path, HttpContent content, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((int)response.StatusCode, body, response);
    }

    /// <summary>The JSON payloads of an SSE stream's <c>data:</c> lines, up to and including <c>[DONE]</c>.</summary>
    public static List<string> Events(string stream) =>
        stream.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();

    public static string Chat(string model, string content = "Hi", string extra = "") =>
        $"{{\"model\":\"{model}\",\"messages\":[{{\"role\":\"user\",\"content\":\"{content}\"}}]{extra}}}";
}
