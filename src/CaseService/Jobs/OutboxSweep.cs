using Atencion.CaseService.Email;

namespace Atencion.CaseService.Jobs;

/// <summary>Sends what the email outbox holds that is due, with retries and backoff (<see cref="EmailDispatcher"/>).</summary>
public sealed class OutboxSweep(EmailDispatcher dispatcher) : ISweep
{
    /// <summary>The sweep's name.</summary>
    public const string JobName = "email-outbox";

    /// <inheritdoc />
    public string Name => JobName;

    /// <inheritdoc />
    public Task<int> RunAsync(CancellationToken ct) => dispatcher.RunOnceAsync(ct);
}
