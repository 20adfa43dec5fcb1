namespace Atencion.CaseService.Tests.Lifecycle;

/// <summary>Its own fixture: the clock goes to 2027 here, which would disturb the dates of every other lifecycle test.</summary>
public sealed class RadicadoYearTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Numbering_restarts_with_the_year_of_filing_in_bogota()
    {
        var advisor = f.As(Api.Flori, "advisor");
        Assert.Equal("2026-000001", (await advisor.Classified()).Result.Str("radicado"));

        // 22:00 on 31 December in Bogotá is already 2027 in UTC: still a filing of 2026.
        f.AdvanceToAtLeast(new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal("2026-000002", (await advisor.Classified()).Result.Str("radicado"));

        f.AdvanceTo(new DateOnly(2027, 1, 4));
        var (firstOf2027, result) = await advisor.Classified();
        Assert.Equal("2027-000001", result.Str("radicado"));
        Assert.Equal("2027-000002", (await advisor.Classified("claim")).Result.Str("radicado"));
        Assert.Equal("2027-000001", (await advisor.View(firstOf2027)).Str("radicado"));

        // The other entities keep their own sequences.
        Assert.Equal("2027-000001", (await f.As(Api.Tenjo, "advisor").Classified(tenant: Api.Tenjo)).Result.Str("radicado"));
    }
}
