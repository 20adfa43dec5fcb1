using System.Net;
using System.Text.Json;
using Atencion.CaseService.Tests.Inbound;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>Scenario steps of the Jobs tests: what <c>jobs/upcoming</c> lists for a case, and set-up they repeat.</summary>
public static class JobScenarios
{
    /// <summary>Reads <c>jobs/upcoming</c> as this caller, as a scenario that expects <paramref name="expect"/> (200 when not given).</summary>
    public static Task<IScenarioResult> UpcomingJobs(this Caller caller, string tenant, string query = "", Action<Scenario>? expect = null) =>
        caller.Scenario(x =>
        {
            x.Get.Url($"/api/{tenant}/jobs/upcoming{query}");
            if (expect is null) x.StatusCodeShouldBeOk(); else expect(x);
        });

    /// <summary>One case's upcoming jobs in an answer of <c>jobs/upcoming</c>: kind and when it is due.</summary>
    public static List<(string Kind, DateTimeOffset At)> Of(JsonElement upcoming, Guid caseId) =>
        upcoming.GetProperty("upcoming").EnumerateArray().Where(j => j.GetProperty("caseId").GetGuid() == caseId)
            .Select(j => (j.GetProperty("kind").GetString()!, j.GetProperty("dueAt").GetDateTimeOffset())).ToList();

    /// <summary>A case's upcoming jobs as Floridablanca's supervisor reads them (every job: limit 1000; it must answer 200).</summary>
    public static async Task<List<(string Kind, DateTimeOffset At)>> UpcomingFor(this ServiceFixture f, Guid caseId) =>
        Of((await f.As(Api.Flori, "supervisor", "jefa").UpcomingJobs(Api.Flori, "?limit=1000", x => x.StatusCodeShouldBeOk())).Json(), caseId);

    /// <summary>
    /// Given an email the mail gateway delivered to Floridablanca, signed with its secret at the service's clock (it must
    /// answer 201): the case it opened.
    /// </summary>
    public static async Task<Guid> GivenDeliveredEmail(this ServiceFixture f, object email) =>
        (await f.Deliver(email, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created))).Json().GetProperty("caseId").GetGuid();
}
