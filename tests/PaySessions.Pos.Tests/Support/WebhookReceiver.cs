using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaySessions.Pos.Tests.Support;

/// <summary>One request the receiver got, as <c>tests/js/webhook-receiver.mjs</c> recorded it.</summary>
/// <param name="Verified">Whether the standardwebhooks library accepted it with the secret registered for the path.</param>
/// <param name="Error">Why it was not verified (the library's message, or no secret for the path).</param>
/// <param name="Type">The body's <c>type</c>, when it is JSON with one.</param>
/// <param name="Body">The body as JSON, or a JSON string holding the raw text when it was not JSON.</param>
/// <param name="Status">The HTTP status the receiver answered with.</param>
public sealed record ReceivedWebhook(
    string Path, string? Id, long? Timestamp, bool Verified, string? Error, string? Type, JsonElement Body, int Status, DateTimeOffset ReceivedAt);

/// <summary>
/// An integrator's webhook endpoint: a Node process verifying each delivery with the <c>standardwebhooks</c> npm
/// library and recording what arrives. It can answer a path with any status, be taken down and brought back on the
/// same port; what it recorded and what it was told (secrets, modes) survive the restart.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Dictionary<string, object> _secrets = [];
    private readonly Dictionary<string, object> _modes = [];
    private readonly List<ReceivedWebhook> _beforeRestarts = [];
    private NodeProcess? _node;

    private WebhookReceiver()
    {
    }

    /// <summary>The port on 127.0.0.1, the same across restarts.</summary>
    public int Port { get; private set; }

    public bool IsRunning => _node is not null;

    /// <summary>Starts a receiver on a free port of 127.0.0.1.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver.Port = await receiver.LaunchAsync(0);
        return receiver;
    }

    /// <summary>The URL to give the app as a webhook endpoint.</summary>
    public string Url(string path) => $"http://127.0.0.1:{Port}{Rooted(path)}";

    /// <summary>Deliveries to <paramref name="path"/> are verified with this <c>whsec_</c> secret from now on.</summary>
    public async Task SetSecretAsync(string path, string secret)
    {
        var command = new { path = Rooted(path), secret };
        await PostAsync("/_control/secret", command);
        _secrets[Rooted(path)] = command;
    }

    /// <summary>
    /// Answers deliveries to <paramref name="path"/> with <paramref name="status"/> (verified or not), after a delay if given,
    /// with <paramref name="body"/> as a text/html answer if given.
    /// </summary>
    public async Task SetModeAsync(string path, int status, string? retryAfter = null, int? delayMs = null, string? body = null)
    {
        var command = new { path = Rooted(path), status, retryAfter, delayMs, body };
        await PostAsync("/_control/mode", command);
        _modes[Rooted(path)] = command;
    }

    /// <summary>Back to the default answers for <paramref name="path"/>: 204 when verified, 400 when not.</summary>
    public async Task ClearModeAsync(string path)
    {
        await PostAsync("/_control/mode", new { path = Rooted(path) });
        _modes.Remove(Rooted(path));
    }

    /// <summary>Forgets what arrived so far; secrets and modes stay.</summary>
    public async Task ResetAsync()
    {
        await PostAsync("/_control/reset", new { });
        _beforeRestarts.Clear();
    }

    /// <summary>Every request to <paramref name="path"/> in arrival order, including those before a restart.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> ReceivedAsync(string path)
    {
        var now = await FetchReceivedAsync(Rooted(path));
        return [.. _beforeRestarts.Where(r => r.Path == Rooted(path)), .. now];
    }

    /// <summary>Polls <see cref="ReceivedAsync"/> until <paramref name="done"/> holds; on timeout says what did arrive.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string path, Func<IReadOnlyList<ReceivedWebhook>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var received = await ReceivedAsync(path);
            if (done(received))
            {
                return received;
            }

            if (DateTime.UtcNow > deadline)
            {
                var seen = received.Select(r => $"  {r.ReceivedAt:HH:mm:ss.fff} id={r.Id} type={r.Type} verified={r.Verified} {r.Error} -> {r.Status}");
                throw new TimeoutException($"After {timeout.TotalSeconds:0.#} s, {path} had received {received.Count}:\n{string.Join('\n', seen)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Takes the receiver down (kills its process): connections to its port are refused until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_node is null)
        {
            return;
        }

        _beforeRestarts.AddRange(await FetchReceivedAsync(null));
        await _node.KillAsync();
        _node = null;
    }

    /// <summary>Brings a stopped receiver back on the same port, with the secrets and modes it had.</summary>
    public async Task RestartAsync()
    {
        if (_node is not null)
        {
            throw new InvalidOperationException("The receiver is running; stop it first.");
        }

        await LaunchAsync(Port);
        foreach (var command in _secrets.Values)
        {
            await PostAsync("/_control/secret", command);
        }

        foreach (var command in _modes.Values)
        {
            await PostAsync("/_control/mode", command);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.KillAsync();
            _node = null;
        }

        _control.Dispose();
    }

    /// <summary>Starts the process and returns the port it listens on; a port just given up may still be held briefly, so binding is retried.</summary>
    private async Task<int> LaunchAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = NodeProcess.Start("webhook-receiver.mjs", [port.ToString(CultureInfo.InvariantCulture)], line =>
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    listening.TrySetResult(int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture));
                }
            });

            Task first;
            try
            {
                first = await Task.WhenAny(listening.Task, node.Exited).WaitAsync(StartTimeout);
            }
            catch (TimeoutException)
            {
                await node.KillAsync();
                throw new TimeoutException($"webhook-receiver.mjs did not print \"listening\" within {StartTimeout.TotalSeconds} s: {node.Errors}");
            }

            if (first == listening.Task)
            {
                _node = node;
                return listening.Task.Result;
            }

            var errors = node.Errors;
            await node.KillAsync();
            if (!errors.Contains("EADDRINUSE", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"webhook-receiver.mjs exited with {node.Exited.Result} before listening: {errors}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<List<ReceivedWebhook>> FetchReceivedAsync(string? path)
    {
        var query = path is null ? "" : "?path=" + Uri.EscapeDataString(path);
        return await _control.GetFromJsonAsync<List<ReceivedWebhook>>(Url("/_control/received") + query, JsonSerializerOptions.Web) ?? [];
    }

    private async Task PostAsync(string controlPath, object command)
    {
        using var response = await _control.PostAsJsonAsync(Url(controlPath), command);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{controlPath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Rooted(string path) => path.StartsWith('/') ? path : "/" + path;
}
