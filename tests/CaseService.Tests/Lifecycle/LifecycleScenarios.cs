using System.Text.Json;

namespace Atencion.CaseService.Tests.Lifecycle;

/// <summary>A case filed on a business morning: its id, the day it was received, its due date and the classification's result.</summary>
internal sealed record Filing(Guid Id, DateOnly Received, DateOnly Due, JsonElement Result);

/// <summary>
/// The lifecycle tests' given steps and reads beyond the shared ones in <see cref="Lifecycle"/>, all scenarios through the API.
/// </summary>
internal static class LifecycleScenarios
{
    /// <summary>
    /// Given a case received and filed (a petition by default) at 09:00 of the next business day, where the clock is moved:
    /// its id, that day, and the due date the classification gave it.
    /// </summary>
    public static async Task<Filing> GivenFiledNextBusinessMorning(this ServiceFixture f, Caller caller, string type = "petition")
    {
        var received = f.NextBusinessMorning();
        var (id, result) = await caller.Classified(type);
        return new Filing(id, received, result.Date("dueDate")!.Value, result);
    }

    /// <summary>Given a case classified (a petition by default) and answered by email: its id.</summary>
    public static async Task<Guid> GivenAnswered(this Caller caller, string type = "petition")
    {
        var (id, _) = await caller.Classified(type);
        await caller.Do(id, "respond", new { text = "Respuesta de fondo", channel = "email" });
        return id;
    }

    /// <summary>Given a case opened (and classified, when a type is given) and then closed for a reason: its id.</summary>
    public static async Task<Guid> GivenClosed(this Caller caller, string reason = "withdrawn", string? type = null)
    {
        var id = type is null ? await caller.Open() : (await caller.Classified(type)).Id;
        await caller.Do(id, "close", new { reason });
        return id;
    }

    /// <summary>The case's stream version as the ETag of a read of the case says (the read must answer 200).</summary>
    public static async Task<long> ETagOf(this Caller caller, Guid id, string tenant = Api.Flori) =>
        (await caller.Scenario(x => { x.Get.Url(Lifecycle.CaseUrl(id, tenant)); x.StatusCodeShouldBeOk(); })).ETag();

    /// <summary>The case's history as an auditor reads it (the read must answer 200).</summary>
    public static async Task<JsonElement> History(this Caller reader, Guid id, string tenant = Api.Flori) =>
        (await reader.Scenario(x => { x.Get.Url($"{Lifecycle.CaseUrl(id, tenant)}/history"); x.StatusCodeShouldBeOk(); })).Json();
}
