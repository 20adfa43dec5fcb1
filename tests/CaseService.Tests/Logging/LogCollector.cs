using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Atencion.CaseService.Tests.Logging;

/// <summary>A logger provider that keeps every line the host's filters let through: message, state values, scopes and exception.</summary>
public sealed class LogCollector : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collecting(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Collecting(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var parts = new List<string> { $"{logLevel} {category}: {formatter(state, exception)}" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values) parts.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            owner._scopes.ForEachScope((scope, list) => list.Add($"scope {scope}"), parts);
            if (exception is not null) parts.Add(exception.ToString());
            owner.Lines.Enqueue(string.Join(" | ", parts));
        }
    }
}
