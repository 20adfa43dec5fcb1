using Atencion.CaseService.Turns;

namespace Atencion.CaseService.Jobs;

/// <summary>Expires kiosk turns: called ones not served within the no-show time, and the day's waiting ones once it ends.</summary>
public sealed class TurnExpirySweep(TurnExpiry expiry) : ISweep
{
    /// <summary>The sweep's name.</summary>
    public const string JobName = "turn-expiry";

    /// <inheritdoc />
    public string Name => JobName;

    /// <inheritdoc />
    public Task<int> RunAsync(CancellationToken ct) => expiry.RunAsync(ct);
}
