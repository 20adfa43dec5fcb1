using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Atencion.CaseService.Tests.Email;

/// <summary>A message the server accepted: the envelope and the raw DATA (dot-unstuffed, CRLF line ends).</summary>
public sealed record ReceivedMessage(string From, IReadOnlyList<string> Recipients, string Data)
{
    /// <summary>The message parsed with MimeKit, the way a mail client would read it.</summary>
    public MimeKit.MimeMessage Parse() => MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(Data)));
}

/// <summary>A small RFC 5321 server on 127.0.0.1 for tests: greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA (dot-unstuffing), RSET, NOOP, QUIT.</summary>
/// <remarks>
/// It records what it accepts; it can be stopped (connections refused) and started again on the same port, told to answer
/// every MAIL FROM with a reply code (451 for a temporary failure, 550 for a permanent one), and slowed down per message.
/// </remarks>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _clients = new();
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    private LoopbackSmtpServer() { }

    /// <summary>The port, fixed at the first start.</summary>
    public int Port { get; private set; }

    /// <summary>Messages accepted so far, in order.</summary>
    public IReadOnlyList<ReceivedMessage> Received => _received.ToArray();

    /// <summary>When set, MAIL FROM is answered with this reply (e.g. <c>451 4.3.0 try later</c>) instead of 250.</summary>
    public string? RejectMailFromWith { get; set; }

    /// <summary>How long the server thinks before accepting a message's DATA.</summary>
    public TimeSpan DataDelay { get; set; } = TimeSpan.Zero;

    /// <summary>SMTP conversations opened so far (connection attempts that reached the greeting).</summary>
    public int Connections => _connections;
    private int _connections;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static LoopbackSmtpServer StartNew()
    {
        var server = new LoopbackSmtpServer();
        server.Start();
        return server;
    }

    /// <summary>Starts listening again, on the same port as before.</summary>
    public void Start()
    {
        _stop = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener, _stop.Token);
    }

    /// <summary>Stops listening and drops open conversations: clients get connection refused until <see cref="Start"/>.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _listener?.Stop();
        _listener = null;
        foreach (var client in _clients.Keys) client.Dispose();
        _clients.Clear();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception) { return; }
            _clients[client] = 0;
            _ = Task.Run(async () =>
            {
                try { await ConverseAsync(client, ct); }
                catch (Exception) { /* a dropped connection is the client's problem */ }
                finally { _clients.TryRemove(client, out _); client.Dispose(); }
            }, ct);
        }
    }

    private async Task ConverseAsync(TcpClient client, CancellationToken ct)
    {
        Interlocked.Increment(ref _connections);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 4096, leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 loopback ESMTP test server ready");
        string? from = null;
        var recipients = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteAsync("250-loopback greets you\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 loopback");
                    break;
                case "MAIL" when line.StartsWith("MAIL FROM:", StringComparison.OrdinalIgnoreCase):
                    if (RejectMailFromWith is { } reply) { await writer.WriteLineAsync(reply); break; }
                    (from, recipients) = (Address(line[10..]), []);
                    await writer.WriteLineAsync("250 2.1.0 OK");
                    break;
                case "RCPT" when line.StartsWith("RCPT TO:", StringComparison.OrdinalIgnoreCase):
                    if (from is null) { await writer.WriteLineAsync("503 5.5.1 MAIL first"); break; }
                    recipients.Add(Address(line[8..]));
                    await writer.WriteLineAsync("250 2.1.5 OK");
                    break;
                case "DATA":
                    if (from is null || recipients.Count == 0) { await writer.WriteLineAsync("503 5.5.1 RCPT first"); break; }
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(ct) is { } dataLine && dataLine != ".")
                        data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                    if (DataDelay > TimeSpan.Zero) await Task.Delay(DataDelay, ct);
                    _received.Enqueue(new ReceivedMessage(from, recipients, data.ToString()));
                    (from, recipients) = (null, []);
                    await writer.WriteLineAsync("250 2.0.0 queued");
                    break;
                case "RSET":
                    (from, recipients) = (null, []);
                    await writer.WriteLineAsync("250 2.0.0 OK");
                    break;
                case "NOOP":
                    await writer.WriteLineAsync("250 2.0.0 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 5.5.2 command not recognized");
                    break;
            }
        }
    }

    private static string Address(string argument)
    {
        var text = argument.Trim();
        var end = text.IndexOf('>');
        return text.StartsWith('<') && end > 0 ? text[1..end] : text.Split(' ')[0];
    }
}
