using System.Text.Json;
using Atencion.CaseService.Auth;
using Atencion.CaseService.Email;
using Atencion.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace Atencion.CaseService.Admin;

/// <summary>A message Wolverine gave up on, as the operator sees it.</summary>
/// <param name="Id">The envelope's id.</param>
/// <param name="MessageType">Wolverine's name of the message type.</param>
/// <param name="Tenant">The entity, for an email message.</param>
/// <param name="CaseId">The case, for an email message.</param>
/// <param name="EmailId">The email, for an email message (its outbox row and its case's <c>EmailFailed</c> say more).</param>
/// <param name="ExceptionType">The last failure's exception type.</param>
/// <param name="ExceptionMessage">The last failure's message.</param>
/// <param name="SentAt">When the message was first sent.</param>
/// <param name="Replayable">Whether it is marked to be tried again.</param>
public sealed record DeadLetter(Guid Id, string MessageType, string? Tenant, Guid? CaseId, Guid? EmailId,
    string? ExceptionType, string? ExceptionMessage, DateTimeOffset? SentAt, bool Replayable);

/// <summary>Wolverine's dead letters: <c>GET /api/admin/dead-letters</c>, for the platform's operator, outside any tenant.</summary>
/// <remarks>
/// An email that exhausted its retries is already recorded on its case (<c>EmailFailed</c>, and the supervisors' alert);
/// its message stays here, in Wolverine's dead-letter table, so the operator sees what failed across every entity.
/// </remarks>
public static class DeadLetterEndpoints
{
    /// <summary>The most one page lists.</summary>
    public const int MaxLimit = 500;

    /// <summary>Maps the route (policy operates-platform).</summary>
    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/dead-letters", List).WithTags("Admin").RequireAuthorization(Roles.OperatesPlatform)
            .WithSummary("The messages Wolverine gave up on (an email after its last attempt), newest first; ?limit= from 1 to 500 (default 100).")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Ok<IReadOnlyList<DeadLetter>>> List(IWolverineRuntime wolverine, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["limit"] = [$"must be from 1 to {MaxLimit}, not {limit}."] });
        var page = await wolverine.Storage.DeadLetters.QueryAsync(new DeadLetterEnvelopeQuery { PageSize = limit ?? 100 }, ct);
        return TypedResults.Ok<IReadOnlyList<DeadLetter>>([.. page.Envelopes
            .OrderByDescending(l => l.SentAt).ThenBy(l => l.Id)
            .Select(l =>
            {
                var email = l.Message as SendEmail ?? EmailOf(l.Envelope.Data);
                return new DeadLetter(l.Id, l.MessageType, email?.Tenant, email?.CaseId, email?.EmailId, l.ExceptionType, l.ExceptionMessage,
                    l.SentAt, l.Replayable);
            })]);
    }

    // The message as Wolverine stored it (JSON), when Wolverine did not read it back itself.
    private static SendEmail? EmailOf(byte[]? data)
    {
        if (data is not { Length: > 0 }) return null;
        try
        {
            return JsonSerializer.Deserialize<SendEmail>(data, new JsonSerializerOptions(JsonSerializerDefaults.Web)) is { EmailId: var id } email && id != Guid.Empty
                ? email : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
