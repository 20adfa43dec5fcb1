using Atencion.EventStore.Marten.Store;
using System.Security.Cryptography;
using System.Text;
using Atencion.Domain.Cases;
using Atencion.Domain.Entities;
using Atencion.Domain.Surveys;
using Atencion.EventStore;
using Atencion.EventStore.Appending;

namespace Atencion.CaseService.Surveys;

/// <summary>A survey offered at closing: the events to append, the citizen's token (shown only now) and the link that carries it.</summary>
public sealed record SurveyOffered(IReadOnlyList<ICaseEvent> Events, string Token, string Link);

/// <summary>Offers the satisfaction survey when an attention ends, per the entity's <see cref="SurveyPolicy"/>, inside the closing's transaction.</summary>
/// <remarks>
/// One survey per case: a chat closed as answered offers it, and closing that case later does not offer another.
/// When the case has the citizen's email, an <see cref="EmailQueued"/> of kind survey with the link goes in the same transaction.
/// </remarks>
public sealed class SurveyOffers(ReplyAddress replies, IConfiguration config)
{
    /// <summary>How long a token accepts answers.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    /// <summary>The sampling seed (<c>Surveys:SamplingSeed</c>); changing it draws another sample.</summary>
    public string Seed => config["Surveys:SamplingSeed"] ?? "atencion";

    /// <summary>The survey offered for the case now, or null when the sample leaves it out or it already has one.</summary>
    public async Task<SurveyOffered?> OfferAsync(StoreTransaction t, TenantId tenant, Case c, EntitySettings settings, string? staff,
        DateTimeOffset now, CancellationToken ct)
    {
        if (!SurveySampling.Offer(c.Channel, c.Id, settings.Survey.InPersonShare, Seed)) return null;
        // At opening (an orientation) the case has no view yet: the citizen the opening identified is all there is.
        var email = c.Citizen?.Email;
        var radicado = c.Radicado;
        await using (var cmd = t.Command("""
            select exists (select 1 from atencion.survey_tokens s where s.tenant_id = @t and s.case_id = @c),
                   v.view -> 'citizen' ->> 'email', v.radicado
            from atencion.case_views v where v.tenant_id = @t and v.case_id = @c
            """))
        {
            cmd.Parameters.AddWithValue("t", tenant.Value);
            cmd.Parameters.AddWithValue("c", c.Id);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                if (r.GetBoolean(0)) return null;
                email = r.IsDBNull(1) ? email : r.GetString(1);
                radicado = r.IsDBNull(2) ? radicado : r.GetString(2);
            }
        }
        var token = NewToken();
        var link = Link(settings.Survey.Url, tenant, token);
        List<ICaseEvent> events = [new SurveyRequested(Guid.CreateVersion7(), c.Channel, staff, Hash(token), now + Validity)];
        if (email is not null)
            events.Add(new EmailQueued(Guid.CreateVersion7(), EmailKind.Survey, [email],
                radicado is null ? $"Encuesta de satisfacción — {settings.Name}" : $"Encuesta de satisfacción — radicado {radicado}",
                $"Gracias por comunicarse con {settings.Name}. Queremos conocer si el servicio fue prestado con amabilidad, calidad, " +
                $"oportunidad e idoneidad. La encuesta no toma más de dos minutos y estará abierta durante {Validity.Days} días:\n\n{link}\n",
                replies.For(tenant.Value, c.Id)));
        return new SurveyOffered(events, token, link);
    }

    /// <summary>The closing script with the entity's static survey link replaced by the case's own link (or appended when the script has none).</summary>
    public static string WithLink(string closingScript, string? staticUrl, string link) =>
        !string.IsNullOrEmpty(staticUrl) && closingScript.Contains(staticUrl, StringComparison.Ordinal)
            ? closingScript.Replace(staticUrl, link, StringComparison.Ordinal)
            : $"{closingScript} {link}";

    /// <summary>The link the citizen opens: the entity's survey page with the token, or the API route when the entity has no page.</summary>
    public static string Link(string? url, TenantId tenant, string token) =>
        string.IsNullOrWhiteSpace(url) ? $"/api/{tenant}/surveys/{token}" : $"{url}{(url.Contains('?') ? '&' : '?')}token={token}";

    /// <summary>A new token: 160 random bits in base32, safe in a URL and on paper.</summary>
    public static string NewToken()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        return string.Concat(Enumerable.Range(0, 32).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
    }

    /// <summary>The token's SHA-256, hex: what the log and the lookup table keep.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));
}
