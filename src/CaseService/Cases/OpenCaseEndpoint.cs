using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Atencion.CaseService.Cases;

/// <summary>The citizen as a request gives it.</summary>
public sealed record CitizenRequest(
    string? Name, string? Email, string? Phone, IdType? IdType, string? IdNumber, string? Address, string? Municipality, string? Neighbourhood)
{
    public Citizen ToCitizen() => new(Name, Email, Phone, IdType, IdNumber, Address, Municipality, Neighbourhood);
}

/// <summary>Staff register a contact received by phone, in person, email, the web or chat.</summary>
/// <param name="Channel">phone, in-person, email, web or chat.</param>
/// <param name="Citizen">Who the citizen is, as far as known.</param>
/// <param name="Subject">A short subject (up to 300 characters).</param>
/// <param name="Text">What the citizen asked (up to 20,000 characters).</param>
/// <param name="ReceivedAt">When it was received, if earlier (never in the future).</param>
/// <param name="Competent">Phone and in person: true when the matter is the entity's competence (the Itagüí citizen data are then required), false with an orientation.</param>
/// <param name="Orientation">Phone and in person, not the entity's competence: the entity the citizen was sent to; the attention ends there.</param>
public sealed record OpenCaseRequest([Required] Channel? Channel, CitizenRequest? Citizen, [Required] string? Subject, [Required] string? Text, DateTimeOffset? ReceivedAt,
    bool? Competent = null, Attention.OrientationRequest? Orientation = null);

/// <summary>The new case's id and stream version.</summary>
/// <param name="Id">The case id.</param>
/// <param name="Version">The case's version (its ETag).</param>
/// <param name="SurveyToken">When an orientation ended the attention at opening and the sample drew the case: the citizen's survey token (shown only now), to hand out.</param>
/// <param name="SurveyLink">The survey link with that token.</param>
public sealed record CaseCreated(Guid Id, long Version, string? SurveyToken = null, string? SurveyLink = null);

public static class OpenCaseEndpoint
{
    public static async Task<Created<CaseCreated>> Handle(OpenCaseRequest request, HttpContext http, CaseCommands cases, TimeProvider time, CancellationToken ct)
    {
        if (request.Channel is null)
            throw new Domain.Common.ValidationFailed(new Dictionary<string, string[]>
            {
                ["channel"] = ["is required: one of phone, in-person, email, web, chat."],
            });
        var tenant = TenantFilter.TenantOf(http);
        var c = request.Citizen;
        var command = new OpenCase(Guid.CreateVersion7(), request.Channel.Value,
            c?.ToCitizen(),
            request.Subject, request.Text, request.ReceivedAt);
        var entity = TenantFilter.EntityOf(http);
        var opening = Attention.AttentionOpening.Decide(command, request, Entities.EntityClock.For(entity, time), entity.Settings.RequireAttentionOutcome);
        var (result, extra) = await cases.OpenAsync(tenant, command.CaseId, opening, Actor.Metadata(http, ChannelName(request.Channel.Value)),
            (t, c) => Surveys.SurveyOnOrientation.DecideAsync(opening, http, tenant, t, cases.Now, c), ct);
        Versions.SetETag(http.Response, result.Version);
        return TypedResults.Created($"/api/{tenant}/cases/{command.CaseId}",
            new CaseCreated(command.CaseId, result.Version, extra.Survey?.Token, extra.Survey?.Link));
    }

    /// <summary>The channel's wire name (kebab-case), as recorded in event metadata.</summary>
    public static string ChannelName(Channel channel) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(channel.ToString());
}
