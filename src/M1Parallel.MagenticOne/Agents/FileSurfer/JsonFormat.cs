using System.Text.Encodings.Web;
using System.Text.Json;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>JSON pretty-printed; a file that is not valid JSON is shown as it is.</summary>
internal sealed class JsonFormat : IFileFormat
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "JSON";

    public IReadOnlyList<string> Extensions { get; } = [".json"];

    public string ToText(string realPath)
    {
        var json = File.ReadAllText(realPath);
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json; // Not valid JSON: show it as it is.
        }
    }
}
