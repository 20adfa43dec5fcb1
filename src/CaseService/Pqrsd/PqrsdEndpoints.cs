using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Pqrsd;

/// <summary>The entity's PQRSD web form.</summary>
/// <param name="Type">The PQRSD type (not orientation).</param>
/// <param name="Citizen">Who files it; name and email are required except for anonymous reports (denuncias).</param>
/// <param name="Subject">A short subject.</param>
/// <param name="Text">The request.</param>
/// <param name="DataProcessingConsent">Must be true (Ley 1581 de 2012).</param>
public sealed record PqrsdRequest([Required] PqrsdType? Type, CitizenRequest? Citizen, [Required] string? Subject, [Required] string? Text, [Required] bool? DataProcessingConsent);

/// <summary>The filing: the radicado, the due date, and the code to look it up (shown only now).</summary>
public sealed record PqrsdFiled(Guid CaseId, string Radicado, DateOnly? DueDate, string TrackingCode);

/// <summary>What the citizen's status page shows.</summary>
/// <param name="Radicado">The filing number.</param>
/// <param name="Status">received, in-progress, awaiting-completion, referred, answered or closed.</param>
/// <param name="Type">The PQRSD type.</param>
/// <param name="FiledAt">When it was filed.</param>
/// <param name="DueDate">The due date (extension included).</param>
/// <param name="ReferredTo">The competent entity, when referred.</param>
/// <param name="Missing">What the citizen must still provide, when completion was requested.</param>
/// <param name="Answer">The answer, once issued.</param>
/// <param name="AnsweredAt">When it was answered.</param>
public sealed record PqrsdStatus(string Radicado, string Status, PqrsdType? Type, DateTimeOffset? FiledAt, DateOnly? DueDate,
    string? ReferredTo, string? Missing, string? Answer, DateTimeOffset? AnsweredAt);

public static class PqrsdEndpoints
{
    public static RouteGroupBuilder MapPqrsd(this RouteGroupBuilder api)
    {
        var pqrsd = api.MapGroup("/pqrsd").WithTags("PQRSD (citizens)").AllowAnonymous().CitizenFacing()
            .RequireCors(Chat.EntityCorsPolicyProvider.Policy);
        pqrsd.MapPost("/", File).RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Form)).WithSummary("The web form: files a PQRSD at once and answers its radicado, due date and tracking code.")
            .ProducesValidationProblem().ProducesProblem(429);
        pqrsd.MapGet("/{radicado}", Status).RequireRateLimiting(PublicRateLimits.Policy(PublicRateLimits.Status)).WithSummary("The citizen's status page: needs the tracking code given at filing.")
            .ProducesProblem(404).ProducesProblem(429);
        return api;
    }

    public static async Task<Created<PqrsdFiled>> File(PqrsdRequest request, HttpContext http, CaseCommands cases, TimeProvider time, CancellationToken ct)
    {
        var v = new Validator();
        if (request.Type is null) v.Add("type", "is required.");
        if (request.Type == PqrsdType.Orientation) v.Add("type", "orientation is answered on the spot and is not filed through the form.");
        if (request.DataProcessingConsent != true) v.Add("dataProcessingConsent", "must be true: personal data are processed only with consent (Ley 1581 de 2012).");
        var anonymousReport = request.Type == PqrsdType.Report && request.Citizen is null;
        if (!anonymousReport)
        {
            v.Required("citizen.name", request.Citizen?.Name, 200);
            v.Email("citizen.email", request.Citizen?.Email, required: true);
        }
        var entity = TenantFilter.EntityOf(http);
        var tenant = TenantFilter.TenantOf(http);
        var clock = EntityClock.For(entity, time);
        var caseId = Guid.CreateVersion7();
        IReadOnlyList<ICaseEvent> opening = [];
        try { opening = new OpenCase(caseId, Channel.Web, request.Citizen?.ToCitizen(), request.Subject, request.Text, null).Decide(clock); }
        catch (ValidationFailed failed)
        {
            foreach (var (field, messages) in failed.Errors) foreach (var m in messages) v.Add(field, m);
        }
        v.ThrowIfAny();

        var classified = Classify.Classification(request.Type!.Value, null, false, clock.Now, clock);
        var (_, filed) = await cases.OpenAsync(tenant, caseId, [.. opening, classified], Actor.Metadata(http, "web"),
            (t, c) => Filing.FileAsync(t, tenant, clock, c), ct);
        return TypedResults.Created($"/api/{tenant}/pqrsd/{filed.Radicado}",
            new PqrsdFiled(caseId, filed.Radicado!, classified.DueDate, filed.TrackingCode!));
    }

    public static async Task<Ok<PqrsdStatus>> Status(string radicado, string? code, HttpContext http, NpgsqlDataSource db,
        Projections.Cases.CaseViews views, CancellationToken ct)
    {
        var tenant = TenantFilter.TenantOf(http);
        await using var cmd = db.CreateCommand("select case_id, tracking_hash from atencion.case_views where tenant_id = $1 and radicado = $2");
        cmd.Parameters.AddWithValue(tenant.Value);
        cmd.Parameters.AddWithValue(radicado);
        Guid? id = null;
        string? hash = null;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) (id, hash) = (r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1));
        // The comparison runs whether or not the radicado exists, so the answer's timing tells nothing.
        if (!TrackingCode.Matches(code, hash) || id is null)
            throw new ResourceNotFound("There is no PQRSD with that radicado and tracking code.");
        var view = (await views.GetAsync(tenant, id.Value, ct))!;
        var status = view.Referral is not null ? "referred"
            : view.Status == CaseStatus.Open ? "received"
            : System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(view.Status.ToString());
        return TypedResults.Ok(new PqrsdStatus(radicado, status, view.Type, view.FiledAt, view.DueDate,
            view.Referral?.Entity, view.Completion?.Missing, view.Response?.Text, view.Response?.At));
    }
}
