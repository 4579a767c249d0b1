using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.AI;

namespace M1Parallel.Serving;

/// <summary>
/// Reads an OpenAI chat completion request body, checking every field's type and range so that each mistake gets a
/// 400 (or 404 for an unknown model) naming the field, instead of failing somewhere inside the model.
/// </summary>
internal static class ChatCompletionRequestReader
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];

    public static ChatCompletionRequest Read(ReadOnlySpan<byte> body, string modelId, OpenAiServerOptions limits)
    {
        if (!Utf8.IsValid(body))
        {
            throw new OpenAiErrorException(400, "The request body is not valid UTF-8. Send the JSON encoded as UTF-8.", code: "invalid_encoding");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new OpenAiErrorException(400,
                $"The request body is not valid JSON ({e.Message}). Send a JSON object such as {{\"model\":\"{modelId}\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hi\"}}]}}.",
                code: "invalid_json");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OpenAiErrorException(400, $"The request body must be a JSON object, not {Describe(root)}.", code: "invalid_json");
            }

            var model = RequiredString(root, "model");
            if (!string.Equals(model, modelId, StringComparison.Ordinal))
            {
                throw new OpenAiErrorException(404, $"The model '{model}' does not exist on this server; it serves '{modelId}' (see GET /v1/models).",
                    param: "model", code: "model_not_found");
            }

            var characters = 0;
            var messages = ReadMessages(root, ref characters);
            var options = new ChatOptions { ModelId = model };
            var maxTokens = OptionalInt(root, "max_completion_tokens") ?? OptionalInt(root, "max_tokens");
            var maxParam = root.TryGetProperty("max_completion_tokens", out var m) && m.ValueKind != JsonValueKind.Null ? "max_completion_tokens" : "max_tokens";
            if (maxTokens is { } max && (max < 1 || max > limits.MaxTokens))
            {
                throw OpenAiErrorException.BadValue(maxParam, $"{maxParam} is {max}; this server allows 1 to {limits.MaxTokens}.");
            }

            options.MaxOutputTokens = maxTokens ?? limits.DefaultMaxTokens;
            options.Temperature = OptionalFloat(root, "temperature", 0, 2);
            options.TopP = OptionalFloat(root, "top_p", 0, 1);
            if (options.TopP == 0)
            {
                throw OpenAiErrorException.BadValue("top_p", "top_p is 0; it must be greater than 0 and at most 1.");
            }

            options.Seed = OptionalLong(root, "seed");
            options.FrequencyPenalty = OptionalFloat(root, "frequency_penalty", -2, 2);
            options.PresencePenalty = OptionalFloat(root, "presence_penalty", -2, 2);
            options.StopSequences = ReadStop(root);
            if (OptionalInt(root, "n") is { } n && n != 1)
            {
                throw OpenAiErrorException.BadValue("n", $"n is {n}; this server returns one choice per request (n = 1). Send n separate requests instead.");
            }

            if (ReadThinking(root) is { } thinking)
            {
                (options.AdditionalProperties ??= [])["enable_thinking"] = thinking;
            }

            // llama.cpp's server extension: keep generating past end-of-generation tokens (benchmarks, soak tests).
            if (OptionalBool(root, "ignore_eos") is true)
            {
                (options.AdditionalProperties ??= [])["ignore_eos"] = true;
            }

            ReadTools(root, options, ref characters);
            var stream = OptionalBool(root, "stream") ?? false;
            var includeUsage = false;
            if (root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Null)
            {
                Expect(streamOptions, JsonValueKind.Object, "stream_options");
                includeUsage = OptionalBool(streamOptions, "include_usage", "stream_options.include_usage") ?? false;
            }

            if (characters > limits.MaxPromptCharacters)
            {
                throw new OpenAiErrorException(400,
                    $"The prompt has {characters} characters of messages and tools; this server accepts at most {limits.MaxPromptCharacters}. " +
                    "Shorten the conversation.", param: "messages", code: "context_length_exceeded");
            }

            return new ChatCompletionRequest(model, messages, options, stream, includeUsage);
        }
    }

    private static List<ChatMessage> ReadMessages(JsonElement root, ref int characters)
    {
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            throw new OpenAiErrorException(400, "'messages' is missing; send an array of {\"role\",\"content\"} objects.", param: "messages", code: "missing_required_parameter");
        }

        Expect(array, JsonValueKind.Array, "messages");
        if (array.GetArrayLength() == 0)
        {
            throw OpenAiErrorException.BadValue("messages", "'messages' is empty; send at least one message, e.g. {\"role\":\"user\",\"content\":\"Hi\"}.");
        }

        var messages = new List<ChatMessage>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"messages[{i++}]";
            Expect(item, JsonValueKind.Object, where);
            var role = RequiredString(item, "role", $"{where}.role");
            if (!Roles.Contains(role))
            {
                throw OpenAiErrorException.BadValue($"{where}.role", $"{where}.role is '{role}'; use one of system, developer, user, assistant, tool.");
            }

            var text = ReadContent(item, where, role == "assistant");
            characters += text?.Length ?? 0;
            switch (role)
            {
                case "system" or "developer":
                    messages.Add(new ChatMessage(ChatRole.System, text ?? throw Missing($"{where}.content")));
                    break;
                case "user":
                    messages.Add(new ChatMessage(ChatRole.User, text ?? throw Missing($"{where}.content")));
                    break;
                case "assistant":
                    var assistant = new ChatMessage(ChatRole.Assistant, []);
                    if (!string.IsNullOrEmpty(text))
                    {
                        assistant.Contents.Add(new TextContent(text));
                    }

                    ReadToolCalls(item, where, assistant, ref characters);
                    if (assistant.Contents.Count == 0 && text is null)
                    {
                        throw Missing($"{where}.content");
                    }

                    messages.Add(assistant);
                    break;
                default:
                    var callId = RequiredString(item, "tool_call_id", $"{where}.tool_call_id");
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text ?? throw Missing($"{where}.content"))]));
                    break;
            }
        }

        return messages;
    }

    private static string? ReadContent(JsonElement message, string where, bool nullable)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return nullable ? null : throw Missing($"{where}.content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw OpenAiErrorException.BadValue($"{where}.content", $"{where}.content must be a string or an array of text parts, not {Describe(content)}.");
        }

        var text = new System.Text.StringBuilder();
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var at = $"{where}.content[{j++}]";
            Expect(part, JsonValueKind.Object, at);
            var type = RequiredString(part, "type", $"{at}.type");
            if (type != "text")
            {
                throw OpenAiErrorException.BadValue($"{at}.type", $"{at} is a '{type}' part; this server takes text parts only ({{\"type\":\"text\",\"text\":\"...\"}}).");
            }

            text.Append(RequiredString(part, "text", $"{at}.text"));
        }

        return text.ToString();
    }

    private static void ReadToolCalls(JsonElement message, string where, ChatMessage assistant, ref int characters)
    {
        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Expect(calls, JsonValueKind.Array, $"{where}.tool_calls");
        var k = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var at = $"{where}.tool_calls[{k++}]";
            Expect(call, JsonValueKind.Object, at);
            var id = RequiredString(call, "id", $"{at}.id");
            if (!call.TryGetProperty("function", out var function))
            {
                throw Missing($"{at}.function");
            }

            Expect(function, JsonValueKind.Object, $"{at}.function");
            var name = RequiredString(function, "name", $"{at}.function.name");
            var arguments = function.TryGetProperty("arguments", out var a) && a.ValueKind != JsonValueKind.Null
                ? a.ValueKind == JsonValueKind.String ? a.GetString()! : throw OpenAiErrorException.BadValue($"{at}.function.arguments", $"{at}.function.arguments must be a JSON object encoded as a string, not {Describe(a)}.")
                : "{}";
            characters += arguments.Length + name.Length;
            Dictionary<string, object?>? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<Dictionary<string, object?>>(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
            }
            catch (JsonException)
            {
                throw OpenAiErrorException.BadValue($"{at}.function.arguments", $"{at}.function.arguments is not a JSON object: '{Truncate(arguments)}'.");
            }

            assistant.Contents.Add(new FunctionCallContent(id, name, parsed ?? []));
        }
    }

    private static void ReadTools(JsonElement root, ChatOptions options, ref int characters)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Expect(tools, JsonValueKind.Array, "tools");
        options.Tools = [];
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var at = $"tools[{i++}]";
            Expect(tool, JsonValueKind.Object, at);
            var type = RequiredString(tool, "type", $"{at}.type");
            if (type != "function")
            {
                throw OpenAiErrorException.BadValue($"{at}.type", $"{at}.type is '{type}'; only 'function' tools are supported.");
            }

            if (!tool.TryGetProperty("function", out var function))
            {
                throw Missing($"{at}.function");
            }

            Expect(function, JsonValueKind.Object, $"{at}.function");
            var name = RequiredString(function, "name", $"{at}.function.name");
            var description = OptionalString(function, "description", $"{at}.function.description");
            var parameters = function.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Null
                ? p.ValueKind == JsonValueKind.Object ? p.Clone() : throw OpenAiErrorException.BadValue($"{at}.function.parameters", $"{at}.function.parameters must be a JSON Schema object, not {Describe(p)}.")
                : JsonDocument.Parse("{\"type\":\"object\",\"properties\":{}}").RootElement.Clone();
            characters += name.Length + (description?.Length ?? 0) + parameters.GetRawText().Length;
            options.Tools.Add(AIFunctionFactory.CreateDeclaration(name, description, parameters));
        }

        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Null)
        {
            options.ToolMode = choice.ValueKind switch
            {
                JsonValueKind.String => choice.GetString() switch
                {
                    "auto" => ChatToolMode.Auto,
                    "none" => ChatToolMode.None,
                    "required" => ChatToolMode.RequireAny,
                    var other => throw OpenAiErrorException.BadValue("tool_choice", $"tool_choice is '{other}'; use auto, none, required or {{\"type\":\"function\",\"function\":{{\"name\":...}}}}."),
                },
                JsonValueKind.Object when choice.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object =>
                    ChatToolMode.RequireSpecific(RequiredString(f, "name", "tool_choice.function.name")),
                _ => throw OpenAiErrorException.BadValue("tool_choice", $"tool_choice must be a string or {{\"type\":\"function\",\"function\":{{\"name\":...}}}}, not {Describe(choice)}."),
            };
        }
    }

    private static List<string>? ReadStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array || stop.GetArrayLength() > 4 ||
            stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || s.GetString()!.Length == 0))
        {
            throw OpenAiErrorException.BadValue("stop", "stop must be a string or an array of at most 4 non-empty strings.");
        }

        return stop.EnumerateArray().Select(s => s.GetString()!).ToList();
    }

    private static bool? ReadThinking(JsonElement root)
    {
        if (!root.TryGetProperty("chat_template_kwargs", out var kwargs) || kwargs.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Expect(kwargs, JsonValueKind.Object, "chat_template_kwargs");
        return OptionalBool(kwargs, "enable_thinking", "chat_template_kwargs.enable_thinking");
    }

    private static string RequiredString(JsonElement obj, string name, string? param = null)
    {
        param ??= name;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Missing(param);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw OpenAiErrorException.BadValue(param, $"{param} must be a string, not {Describe(value)}.");
        }

        return value.GetString()!;
    }

    private static string? OptionalString(JsonElement obj, string name, string param)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw OpenAiErrorException.BadValue(param, $"{param} must be a string, not {Describe(value)}.");
    }

    private static int? OptionalInt(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw OpenAiErrorException.BadValue(name, $"{name} must be an integer, not {Describe(value)}.");
    }

    private static long? OptionalLong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : throw OpenAiErrorException.BadValue(name, $"{name} must be an integer, not {Describe(value)}.");
    }

    private static float? OptionalFloat(JsonElement obj, string name, float min, float max)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d))
        {
            throw OpenAiErrorException.BadValue(name, $"{name} must be a number, not {Describe(value)}.");
        }

        return d < min || d > max
            ? throw OpenAiErrorException.BadValue(name, $"{name} is {d}; it must be between {min} and {max}.")
            : (float)d;
    }

    private static bool? OptionalBool(JsonElement obj, string name, string? param = null)
    {
        param ??= name;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw OpenAiErrorException.BadValue(param, $"{param} must be true or false, not {Describe(value)}."),
        };
    }

    private static void Expect(JsonElement value, JsonValueKind kind, string param)
    {
        if (value.ValueKind != kind)
        {
            throw OpenAiErrorException.BadValue(param, $"{param} must be {(kind == JsonValueKind.Array ? "an array" : "an object")}, not {Describe(value)}.");
        }
    }

    private static OpenAiErrorException Missing(string param) =>
        new(400, $"{param} is missing.", param: param, code: "missing_required_parameter");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
