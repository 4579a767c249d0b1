using System.Text.Json;
using Microsoft.Extensions.AI;

namespace M1Parallel.Serving;

/// <summary>Writes OpenAI chat completion objects, stream chunks and error bodies.</summary>
internal static class ChatCompletionJson
{
    public static byte[] Completion(string id, long created, string model, ChatResponse response)
    {
        return Write(w =>
        {
            Header(w, id, "chat.completion", created, model);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            var contents = response.Messages.SelectMany(m => m.Contents).ToList();
            var text = string.Concat(contents.OfType<TextContent>().Select(t => t.Text));
            var calls = contents.OfType<FunctionCallContent>().ToList();
            if (text.Length == 0 && calls.Count > 0)
            {
                w.WriteNull("content");
            }
            else
            {
                w.WriteString("content", text);
            }

            var reasoning = string.Concat(contents.OfType<TextReasoningContent>().Select(t => t.Text));
            if (reasoning.Length > 0)
            {
                w.WriteString("reasoning_content", reasoning);
            }

            if (calls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    ToolCall(w, call, index: null);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", FinishReason(response.FinishReason, calls.Count > 0));
            w.WriteEndObject();
            w.WriteEndArray();
            Usage(w, response.Usage);
            w.WriteEndObject();
        });
    }

    /// <summary>A chunk whose delta holds the role, text, reasoning or tool calls; finish reason when given.</summary>
    public static byte[] Chunk(string id, long created, string model, string? text = null, string? reasoning = null,
        IReadOnlyList<(int Index, FunctionCallContent Call)>? calls = null, string? finishReason = null, bool role = false)
    {
        return Write(w =>
        {
            Header(w, id, "chat.completion.chunk", created, model);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            if (role)
            {
                w.WriteString("role", "assistant");
            }

            if (text is not null)
            {
                w.WriteString("content", text);
            }

            if (reasoning is not null)
            {
                w.WriteString("reasoning_content", reasoning);
            }

            if (calls is { Count: > 0 })
            {
                w.WriteStartArray("tool_calls");
                foreach (var (index, call) in calls)
                {
                    ToolCall(w, call, index);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteNull("logprobs");
            if (finishReason is null)
            {
                w.WriteNull("finish_reason");
            }
            else
            {
                w.WriteString("finish_reason", finishReason);
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The last chunk of a stream with <c>stream_options.include_usage</c>: no choices, only usage.</summary>
    public static byte[] UsageChunk(string id, long created, string model, UsageDetails? usage) => Write(w =>
    {
        Header(w, id, "chat.completion.chunk", created, model);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        Usage(w, usage ?? new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0 });
        w.WriteEndObject();
    });

    public static byte[] Error(OpenAiErrorException error) => Error(error.Message, error.Type, error.Param, error.Code);

    public static byte[] Error(string message, string type, string? param, string? code) => Write(w =>
    {
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        if (param is null) w.WriteNull("param"); else w.WriteString("param", param);
        if (code is null) w.WriteNull("code"); else w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string FinishReason(ChatFinishReason? reason, bool hasToolCalls) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : hasToolCalls || reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";

    private static void ToolCall(Utf8JsonWriter w, FunctionCallContent call, int? index)
    {
        w.WriteStartObject();
        if (index is { } i)
        {
            w.WriteNumber("index", i);
        }

        w.WriteString("id", call.CallId);
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", call.Name);
        w.WriteString("arguments", JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>()));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Header(Utf8JsonWriter w, string id, string type, long created, string model)
    {
        w.WriteString("id", id);
        w.WriteString("object", type);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
        w.WriteString("system_fingerprint", "m1p");
    }

    private static void Usage(Utf8JsonWriter w, UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", input);
        w.WriteNumber("completion_tokens", output);
        w.WriteNumber("total_tokens", usage.TotalTokenCount ?? input + output);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", usage.CachedInputTokenCount ?? 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", usage.ReasoningTokenCount ?? 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Opens the root object and hands the writer to <paramref name="body"/>, which closes it.</summary>
    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
        }

        return buffer.ToArray();
    }
}
