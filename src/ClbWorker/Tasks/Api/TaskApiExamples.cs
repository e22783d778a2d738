using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClbWorker.Tasks.Api;

/// <summary>What the OpenAPI document adds to the task routes beyond their types: examples and the rules of the query string.</summary>
public static class TaskApiExamples
{
    private const string CreateExample = """
        {
          "taskId": "55c85074-3e7f-4c6d-864f-673660d4f8de",
          "region": "ap-guangzhou",
          "account": "default",
          "callbackUrl": "https://hooks.example.com/clb",
          "deadline": "PT30M",
          "metadata": { "change": "add listener 443" }
        }
        """;

    private const string BatchExample = """
        {
          "tasks": [
            { "taskId": "8f6d2c1e-0b7a-4f4e-9a53-2d1c6b0e7f10", "region": "ap-guangzhou" },
            { "taskId": "3b9e4a70-5c2d-4e8f-b1a6-7d0c9e2f4a81", "region": "ap-shanghai", "deadline": "2026-12-01T10:00:00Z" },
            { "taskId": "not a task id", "region": "ap-guangzhou" },
            { "dealName": "20261201000000012345", "region": "ap-guangzhou" }
          ]
        }
        """;

    private const string BatchResponseExample = """
        {
          "created": 2, "existing": 1, "rejected": 1,
          "items": [
            { "index": 0, "result": "created", "task": { "id": 43, "taskId": "8f6d2c1e-0b7a-4f4e-9a53-2d1c6b0e7f10", "region": "ap-guangzhou", "account": "default", "state": "pending" } },
            { "index": 1, "result": "existing", "task": { "id": 42, "taskId": "3b9e4a70-5c2d-4e8f-b1a6-7d0c9e2f4a81", "region": "ap-shanghai", "account": "default", "state": "succeeded" } },
            { "index": 2, "result": "rejected", "reason": "taskId contains U+0020 (a space) at character 4; allowed: 1 to 64 characters with no whitespace or control characters.",
              "errors": { "taskId": [ "taskId contains U+0020 (a space) at character 4; allowed: 1 to 64 characters with no whitespace or control characters." ] } },
            { "index": 3, "result": "created", "task": { "id": 44, "taskId": null, "taskKind": "deal_name", "dealName": "20261201000000012345", "region": "ap-guangzhou", "account": "default", "state": "pending" } }
          ]
        }
        """;

    public static Task CreateAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        SetRequestExample(operation, CreateExample);
        return Task.CompletedTask;
    }

    public static Task CreateBatchAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        SetRequestExample(operation, BatchExample);
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var json) == true)
            json.Example = JsonNode.Parse(BatchResponseExample);
        return Task.CompletedTask;
    }

    /// <summary>The query parameters are bound as text and checked by <see cref="TaskListQuery"/>; this documents their real rules.</summary>
    public static Task ListAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter editable)
                continue;
            editable.Schema = parameter.Name switch
            {
                "state" => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. TaskListQuery.States.Select(s => (JsonNode)JsonValue.Create(s))] },
                "limit" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Minimum = "1", Maximum = $"{TaskListQuery.MaxLimit}", Default = JsonValue.Create(TaskListQuery.DefaultLimit),
                },
                "createdAfter" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                _ => new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
        return Task.CompletedTask;
    }

    /// <summary>The batch reads <c>tasks</c> item by item as raw JSON; documented as what each item must be.</summary>
    public static Task BatchItemsSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type == typeof(CreateTaskBatchRequest) && schema.Properties is { } properties)
        {
            properties["tasks"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MinItems = 1,
                MaxItems = CreateTaskBatchRequest.MaxTasks,
                Items = new OpenApiSchemaReference(nameof(CreateTaskRequest), context.Document),
                Description = "1 to 1,000 tasks, each like the body of POST /api/tasks.",
            };
            schema.Required = new HashSet<string> { "tasks" };
        }
        return Task.CompletedTask;
    }

    private static void SetRequestExample(OpenApiOperation operation, string json)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            body.Example = JsonNode.Parse(json);
    }
}
