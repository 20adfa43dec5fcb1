using System.Net;
using System.Text.Json;
using Alba;

namespace Atencion.CaseService.Tests.Scenarios;

/// <summary>The assertions our scenarios share beyond Alba's own: RFC 9457 problems, and reading the answer as JSON.</summary>
public static class ScenarioAssertions
{
    /// <summary>Expects an RFC 9457 problem details answer with this status (media type, status member and a title).</summary>
    public static Scenario ProblemShouldBe(this Scenario x, HttpStatusCode status) => x.ProblemShouldBe((int)status);

    /// <inheritdoc cref="ProblemShouldBe(Scenario, HttpStatusCode)"/>
    public static Scenario ProblemShouldBe(this Scenario x, int status)
    {
        x.ShouldReturnProblemDetails(status);
        return x.AssertThat(new ProblemAssertion(status));
    }

    /// <summary>The answer's body as JSON.</summary>
    public static JsonElement Json(this IScenarioResult result) => JsonDocument.Parse(result.ReadAsText()).RootElement;

    /// <summary>The problem's <c>detail</c>.</summary>
    public static string Detail(this IScenarioResult result) => result.Json().GetProperty("detail").GetString()!;

    /// <summary>The answer's ETag as the stream version it names.</summary>
    public static long ETag(this IScenarioResult result) => long.Parse(result.Context.Response.Headers.ETag.ToString().Trim('"'));

    /// <summary>A response header's value (empty when absent).</summary>
    public static string Header(this IScenarioResult result, string name) => result.Context.Response.Headers[name].ToString();

    /// <summary>The answer's status code.</summary>
    public static int Status(this IScenarioResult result) => result.Context.Response.StatusCode;

    /// <summary>Expects the answer's media type: its Content-Type without parameters (the service writes CSV as <c>text/csv; charset=utf-8</c>).</summary>
    public static Scenario MediaTypeShouldBe(this Scenario x, string mediaType) => x.AssertThat(new MediaTypeAssertion(mediaType));

    private sealed class MediaTypeAssertion(string mediaType) : IScenarioAssertion
    {
        public void Assert(Scenario scenario, AssertionContext context)
        {
            var contentType = context.HttpContext.Response.ContentType;
            if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType != mediaType)
                context.AddFailure($"expected the media type {mediaType}, but the Content-Type is '{contentType}'");
        }
    }

    private sealed class ProblemAssertion(int status) : IScenarioAssertion
    {
        public void Assert(Scenario scenario, AssertionContext context)
        {
            var text = context.ReadBodyAsString();
            JsonElement problem;
            try { problem = JsonDocument.Parse(text).RootElement; }
            catch (JsonException) { context.AddFailure($"the problem is not JSON: {text}"); return; }
            if (!problem.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.Number || s.GetInt32() != status)
                context.AddFailure($"the problem's status member is not {status}: {text}");
            if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
                context.AddFailure($"the problem has no title: {text}");
        }
    }
}
