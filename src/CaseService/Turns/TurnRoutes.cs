using Atencion.CaseService.Auth;
using Atencion.CaseService.Chat;
using Atencion.CaseService.Http;

namespace Atencion.CaseService.Turns;

/// <summary>The kiosk turn routes: issue and follow a turn (anonymous kiosk, rate-limited), board (anonymous screen), call next and served (staff).</summary>
public static class TurnRoutes
{
    public static RouteGroupBuilder MapTurns(this RouteGroupBuilder api)
    {
        var turns = api.MapGroup("/turns").WithTags("Turns");
        turns.MapPost("/", TurnEndpoints.Issue).AllowAnonymous().CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy).RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Turns))
            .WithSummary("The kiosk issues a turn for a service: its label (R-017), numbered per service and day in the entity's time zone.")
            .ProducesValidationProblem().ProducesProblem(429);
        turns.MapGet("/board", TurnBoard.Get).AllowAnonymous().CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy).RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Turns))
            .WithSummary("The waiting-room screen: today's called turns and how many wait per service; live updates on the hub /hubs/turns.")
            .ProducesProblem(429);
        turns.MapGet("/{id:guid}", TurnEndpoints.Get).AllowAnonymous().CitizenFacing().RequireCors(EntityCorsPolicyProvider.Policy).RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Turns))
            .WithSummary("One turn as its ticket (or a QR on it) follows it: label, service, status, the desk it was called to, how many wait ahead; 404 for an unknown turn or another entity's.")
            .ProducesProblem(404).ProducesProblem(429);
        turns.MapPost("/next", TurnEndpoints.CallNext).RequireAuthorization(Roles.WorksCases)
            .WithSummary("Call the oldest waiting turn of a service to a desk; 404 when none waits.")
            .ProducesValidationProblem().ProducesProblem(404);
        turns.MapPost("/{id:guid}/served", TurnEndpoints.Served).RequireAuthorization(Roles.WorksCases)
            .WithSummary("The called turn was attended: link it to the in-person case opened for it (records waiting and service time); 409 unless called, for a case of another channel, or a case another turn already claims.")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        return api;
    }
}
