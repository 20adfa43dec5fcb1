namespace Atencion.CaseService.Tests.Surveys;

/// <summary>
/// The service with a public limit of three requests a minute per route family, entity and client address (the same
/// setting as Public's StrictRateLimitFixture, which this folder's build does not compile; each test class gets its own
/// fixture instance either way).
/// </summary>
public sealed class SurveyRateLimitFixture() : ServiceFixture(new Dictionary<string, string> { ["RateLimits:PublicPerMinute"] = "3" });
