namespace Atencion.CaseService.Tests.Public;

/// <summary>
/// The service with a public limit of three requests a minute per route family, entity and client address (each test class
/// that uses it gets its own instance, so the classes' counts never mix).
/// </summary>
public sealed class StrictRateLimitFixture() : ServiceFixture(new Dictionary<string, string> { ["RateLimits:PublicPerMinute"] = "3" });
