using Atencion.EventStore.Marten.Store;
using System.Text.Json;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>Calidad en la respuesta de las PQRSD (Valledupar): survey answers on PQRSD cases with calidad 4 or more, and the mean calidad.</summary>
public sealed class ResponseQualityTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = Api.Flori;

    private async Task SurveyAsync(Guid caseId, int calidad)
    {
        var store = f.Host.Services.GetRequiredService<MartenEventStore>();
        var id = Guid.NewGuid();
        var meta = EventMetadata.System("web");
        await store.AppendAsync(new TenantId(T), caseId, "case", ExpectedVersion.Any,
            [new SurveyRequested(id, Channel.Phone, "operadora", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(id.ToByteArray())), f.Time.GetUtcNow().AddDays(30))], meta);
        await store.AppendAsync(new TenantId(T), caseId, "case", ExpectedVersion.Any, [new SurveyAnswered(id, 5, calidad, 5, 5, true, null)], meta);
    }

    private async Task<JsonElement> QualityAsync()
    {
        await f.ProjectionsCaughtUpAsync();
        var today = f.Today();
        var body = (await f.As(T, "control").Report($"indicators?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", tenant: T)).Json();
        return body.GetProperty("responseQuality");
    }

    [Fact]
    public async Task Survey_answers_on_pqrsd_cases_move_the_quality_indicator_and_orientation_does_not()
    {
        var operadora = f.As(T, "advisor", "operadora");
        var before = await QualityAsync();
        Assert.Equal(0, before.GetProperty("goodOrBetter").GetProperty("of").GetInt32());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("averageQuality").ValueKind);

        var petition = (await operadora.Classified("petition")).Id;
        await SurveyAsync(petition, calidad: 5);
        var one = await QualityAsync();
        Assert.Equal((1, 1, 100m), (one.GetProperty("goodOrBetter").GetProperty("count").GetInt32(), one.GetProperty("goodOrBetter").GetProperty("of").GetInt32(),
            one.GetProperty("goodOrBetter").GetProperty("percent").GetDecimal()));
        Assert.Equal(5m, one.GetProperty("averageQuality").GetDecimal());

        var complaint = (await operadora.Classified("complaint")).Id;
        await SurveyAsync(complaint, calidad: 2);
        var two = await QualityAsync();
        Assert.Equal((1, 2, 50m), (two.GetProperty("goodOrBetter").GetProperty("count").GetInt32(), two.GetProperty("goodOrBetter").GetProperty("of").GetInt32(),
            two.GetProperty("goodOrBetter").GetProperty("percent").GetDecimal()));
        Assert.Equal(3.5m, two.GetProperty("averageQuality").GetDecimal());

        // An orientation is not a PQRSD, and neither is a contact never classified: their answers do not count.
        var orientation = (await operadora.Classified("orientation")).Id;
        await SurveyAsync(orientation, calidad: 1);
        await SurveyAsync(await operadora.Open(), calidad: 1);
        var same = await QualityAsync();
        Assert.Equal(2, same.GetProperty("goodOrBetter").GetProperty("of").GetInt32());
        Assert.Equal(3.5m, same.GetProperty("averageQuality").GetDecimal());
    }
}
