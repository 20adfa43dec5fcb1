using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Tests.Inbound;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>The reports tests' requests as scenarios: reading a report in a format, and the mail gateway delivering an email.</summary>
internal static class ReportScenarios
{
    /// <summary>
    /// Reads a route of a tenant's API (<paramref name="url"/> is relative to <c>/api/{tenant}/</c>) asking for a format
    /// (<paramref name="accept"/>; none at all when null), as a scenario that expects <paramref name="expect"/> (a success when not given).
    /// </summary>
    public static Task<IScenarioResult> Report(this Caller caller, string url, string? accept = null, Action<Scenario>? expect = null, string tenant = Api.Flori) =>
        caller.Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/{url}");
            if (accept is null) x.RemoveRequestHeader("Accept");
            else x.WithRequestHeader("Accept", accept);
            expect?.Invoke(x);
        });

    /// <summary>Expects the answer's media type: its Content-Type without parameters (the service writes CSV as <c>text/csv; charset=utf-8</c>).</summary>
    public static Scenario MediaTypeShouldBe(this Scenario x, string mediaType) => x.AssertThat(new MediaTypeAssertion(mediaType));

    /// <summary>
    /// Given an email the mail gateway delivered to Floridablanca's inbound route, signed with its secret at the service's
    /// clock, answered with <paramref name="status"/> (201 when it opens a case, 200 when it joins one).
    /// </summary>
    public static Task<IScenarioResult> GivenEmailDelivered(this ServiceFixture f, object email, HttpStatusCode status)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(email));
        var timestamp = f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return f.Anonymous().Scenario(x =>
        {
            x.Post.ByteArray(body).ToUrl(InboundApi.Url(Api.Flori)).ContentType("application/json");
            x.WithRequestHeader(InboundSignature.TimestampHeader, timestamp);
            x.WithRequestHeader(InboundSignature.SignatureHeader, InboundSignature.Sign(InboundApi.FloriSecret, timestamp, body));
            x.StatusCodeShouldBe(status);
        });
    }

    private sealed class MediaTypeAssertion(string mediaType) : IScenarioAssertion
    {
        public void Assert(Scenario scenario, AssertionContext context)
        {
            var contentType = context.HttpContext.Response.ContentType;
            if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType != mediaType)
                context.AddFailure($"expected the media type {mediaType}, but the Content-Type is '{contentType}'");
        }
    }
}
