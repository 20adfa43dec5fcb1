using System.Globalization;
using System.Text;
using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Tests.Inbound;

namespace Atencion.CaseService.Tests.Logging;

/// <summary>Scenario steps of the log tests: what the mail gateway posts, signed with a secret.</summary>
public static class LoggingScenarios
{
    /// <summary>
    /// The mail gateway posting a parsed email to Floridablanca, signed with <paramref name="secret"/> (the entity's by default)
    /// at the service's clock; expects <paramref name="expect"/>.
    /// </summary>
    public static Task<IScenarioResult> GatewayPosts(this ServiceFixture f, object email, Action<Scenario> expect, string? secret = null)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(email));
        var timestamp = f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return f.Anonymous().Scenario(x =>
        {
            x.Post.ByteArray(body).ToUrl(InboundApi.Url(Api.Flori)).ContentType("application/json");
            x.WithRequestHeader(InboundSignature.TimestampHeader, timestamp);
            x.WithRequestHeader(InboundSignature.SignatureHeader, InboundSignature.Sign(secret ?? InboundApi.FloriSecret, timestamp, body));
            expect(x);
        });
    }
}
