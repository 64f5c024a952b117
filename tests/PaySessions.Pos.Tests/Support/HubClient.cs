using System.Text.Json;

namespace PaySessions.Pos.Tests.Support;

/// <summary>
/// An integrator's SignalR client: <c>tests/js/hub-client.mjs</c> connecting with the <c>@microsoft/signalr</c> npm
/// library (the .NET client does not restore here) and reporting the payload of each <c>event</c> call.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<JsonElement> _events = [];
    private readonly NodeProcess _node;

    private HubClient(string hubUrl, string token, string? transport)
    {
        string[] arguments = transport is null ? [hubUrl, token] : [hubUrl, token, transport];
        _node = NodeProcess.Start("hub-client.mjs", arguments, OnLine);
        _ = _node.Exited.ContinueWith(exited => OnExit(exited.Result), TaskScheduler.Default);
    }

    /// <summary>
    /// Completes with the transport the client settled on (<c>WebSockets</c> unless negotiation fell back) once it is
    /// connected; faults with the library's message when the start failed.
    /// </summary>
    public Task<string> Connected => _connected.Task;

    /// <summary>Completes when the connection has closed, with the library's error text (null for a clean close).</summary>
    public Task<string?> Closed => _closed.Task;

    /// <summary>The process's exit code: 2 when the start failed, 0 after a close.</summary>
    public Task<int> Exited => _node.Exited;

    /// <summary>The payloads received so far, in order.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Starts the client; await <see cref="Connected"/> to know it is in.</summary>
    /// <param name="hubUrl">The hub's http(s) URL, e.g. <c>http://127.0.0.1:5000/hubs/events</c>.</param>
    /// <param name="token">Sent as the library sends it: <c>Authorization: Bearer</c> in Node, on negotiate and on the WebSocket.</param>
    /// <param name="transport">Forces <c>WebSockets</c>, <c>ServerSentEvents</c> or <c>LongPolling</c>; null negotiates.</param>
    public static HubClient Start(string hubUrl, string token, string? transport = null) => new(hubUrl, token, transport);

    /// <summary>Starts the client and waits until it is connected.</summary>
    public static async Task<HubClient> StartAsync(string hubUrl, string token, string? transport = null)
    {
        var client = Start(hubUrl, token, transport);
        try
        {
            await client.Connected.WaitAsync(TimeSpan.FromSeconds(15));
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the payloads received satisfy <paramref name="predicate"/>; on timeout says what did arrive.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForEventsAsync(Func<IReadOnlyList<JsonElement>, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = Events;
            if (predicate(events))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline || Closed.IsCompleted)
            {
                var why = Closed.IsCompleted ? $"the connection closed ({Closed.Result ?? "no error"})" : $"{timeout.TotalSeconds:0.#} s passed";
                throw new TimeoutException($"{why} with {events.Count} events:\n{string.Join('\n', events.Select(e => "  " + e.GetRawText()))}\n{_node.Errors}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Stops the connection the way the script does on stdin's end; kills the process if it lingers.</summary>
    public async ValueTask DisposeAsync() => await _node.StopAsync(TimeSpan.FromSeconds(5));

    private void OnLine(string line)
    {
        JsonElement message;
        try
        {
            using var document = JsonDocument.Parse(line);
            message = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return; // Not one of ours: the library prints only to stderr, so nothing should get here.
        }

        switch (message.GetProperty("kind").GetString())
        {
            case "connected":
                _connected.TrySetResult(message.TryGetProperty("transport", out var transport) ? transport.GetString() ?? "" : "");
                break;
            case "event":
                lock (_events)
                {
                    _events.Add(message.GetProperty("payload"));
                }

                break;
            case "closed":
                _closed.TrySetResult(message.GetProperty("error").GetString());
                break;
            case "failed":
                _connected.TrySetException(new HubClientFailedException(message.GetProperty("error").GetString() ?? ""));
                break;
        }
    }

    private void OnExit(int exitCode)
    {
        var why = $"hub-client.mjs exited with {exitCode}: {_node.Errors}";
        _connected.TrySetException(new HubClientFailedException(why));
        _closed.TrySetResult(why);
    }
}

/// <summary>The hub client could not connect; the message is the library's own.</summary>
public sealed class HubClientFailedException(string message) : Exception(message);
