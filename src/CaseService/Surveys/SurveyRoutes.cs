using Atencion.CaseService.Chat;
using Atencion.CaseService.Http;

namespace Atencion.CaseService.Surveys;

/// <summary>The survey routes (anonymous with the token, rate-limited, CORS for the entity's survey page) and the feature's services.</summary>
public static class SurveyRoutes
{
    public static void Add(IServiceCollection services) => services.AddSingleton<SurveyOffers>();

    public static RouteGroupBuilder MapSurveys(this RouteGroupBuilder api)
    {
        var surveys = api.MapGroup("/surveys").WithTags("Surveys (citizens)").AllowAnonymous().CitizenFacing()
            .RequireCors(EntityCorsPolicyProvider.Policy).RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Surveys));
        surveys.MapGet("/{token}", SurveyEndpoints.Get)
            .WithSummary("The survey's questions (Spanish) and its expiry; 404 for an unknown token, 409 once answered, 410 after 30 days.")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(410).ProducesProblem(429);
        surveys.MapPost("/{token}", SurveyEndpoints.Answer)
            .WithSummary("Answer once: courtesy, quality, timeliness, competence 1–5, needMet, optional comment (≤ 1000).")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(410).ProducesProblem(429);
        return api;
    }
}
