namespace Atencion.CaseService.Tests.Public;

public sealed class PqrsdWeekendFilingTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task A_form_sent_on_a_weekend_or_holiday_counts_from_the_next_business_day()
    {
        // Saturday 7 March 2026, 10:00 in Bogotá: received Monday 9 March, 15 business days skipping San José (23 March).
        f.Time.SetUtcNow(new DateTimeOffset(2026, 3, 7, 15, 0, 0, TimeSpan.Zero));
        var saturday = await f.Anonymous().FilePqrsd();
        Assert.Equal("2026-03-31", saturday.Body.GetProperty("dueDate").GetString());

        // Monday 23 March 2026 (San José): received Tuesday 24 March, skipping Holy Thursday and Good Friday (2–3 April).
        f.Time.SetUtcNow(new DateTimeOffset(2026, 3, 23, 15, 0, 0, TimeSpan.Zero));
        var holiday = await f.Anonymous().FilePqrsd();
        Assert.Equal("2026-04-16", holiday.Body.GetProperty("dueDate").GetString());

        var status = (await f.Anonymous().Status(Api.Flori, holiday.Radicado, holiday.TrackingCode)).Json();
        Assert.Equal("2026-04-16", status.GetProperty("dueDate").GetString());
        Assert.Equal(f.Time.GetUtcNow(), status.GetProperty("filedAt").GetDateTimeOffset());
    }
}
