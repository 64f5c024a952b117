using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaySessions.Core.Tests.Webhooks;

/// <summary>A webhook receiver on 127.0.0.1 for core tests: records each request and answers as told (200 unless set otherwise).</summary>
public sealed class LocalReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly Task _loop;

    public LocalReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Answers the next requests get: status, an optional Retry-After, an optional delay before answering.</summary>
    public Func<int, (int Status, string? RetryAfter, TimeSpan Delay)> Answer { get; set; } = _ => (200, null, TimeSpan.Zero);

    public IReadOnlyList<Received> Requests => _received.ToList();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
            var (status, retryAfter, delay) = Answer(_received.Count);
            _received.Enqueue(new Received(headers, body, status));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers["Retry-After"] = retryAfter;
            }

            var answer = Encoding.UTF8.GetBytes($"answered {status}");
            try
            {
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The sender gave up waiting.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
    }

    public sealed record Received(IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith);
}
