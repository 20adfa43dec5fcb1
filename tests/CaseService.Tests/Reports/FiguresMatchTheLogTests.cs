namespace Atencion.CaseService.Tests.Reports;

/// <summary>
/// Done means: every figure the endpoints give equals the one recomputed by a plain fold of the raw log, after incremental
/// processing (the daemon followed the scenario as it was written). The comparisons are in <see cref="ReportFigures"/>;
/// the checks here pin what the scenario holds, so they are not vacuous. After a rebuild and after a kill mid-batch:
/// <see cref="FiguresAfterRebuildAndRestartTests"/>.
/// </summary>
public sealed class FiguresMatchTheLogTests(ReportsFixture f) : IClassFixture<ReportsFixture>
{
    private ReportFigures Figures => new(f, ReportsFixture.Tenant);

    [Fact]
    public async Task Indicators_equal_a_fold_of_the_raw_events()
    {
        var body = await Figures.IndicatorsAsync();

        var chat = body.GetProperty("chat");
        Assert.Equal(3, chat.GetProperty("firstReplyWithin60Seconds").GetProperty("of").GetInt32()); // live chats
        Assert.Equal(1, chat.GetProperty("offlineAnsweredWithinOneBusinessDay").GetProperty("of").GetInt32());
        // The petition never answered, the one never referred, and the live chat nobody answered (closed for inactivity, its
        // question still owed: the general term ran again from its receipt).
        Assert.Equal(3, body.GetProperty("openOverdueNow").GetInt32());
        Assert.Equal(1, body.GetProperty("extensions").GetInt32());
        Assert.Equal(3, body.GetProperty("satisfaction").GetProperty("overall").GetProperty("of").GetInt32()); // survey answers

        // The kiosk's day: four turns; three called (after 7, 39 and 45 minutes), two served (12 and 3 minutes at the desk),
        // one no-show and one left at the end of the day; only R-001 was called within the 15-minute target.
        var inPerson = body.GetProperty("inPerson").GetProperty("overall");
        Assert.Equal((4, 3, 2, 2, 1), (inPerson.GetProperty("issued").GetInt32(), inPerson.GetProperty("called").GetInt32(),
            inPerson.GetProperty("served").GetInt32(), inPerson.GetProperty("expired").GetInt32(), inPerson.GetProperty("noShows").GetInt32()));
        Assert.Equal(2340m, inPerson.GetProperty("waiting").GetProperty("medianSeconds").GetDecimal());
        Assert.Equal(450m, inPerson.GetProperty("serviceTime").GetProperty("averageSeconds").GetDecimal());
        Assert.Equal((1, 4), (inPerson.GetProperty("calledWithinTarget").GetProperty("count").GetInt32(),
            inPerson.GetProperty("calledWithinTarget").GetProperty("of").GetInt32()));
    }

    [Fact]
    public async Task The_monthly_and_quarterly_statistics_equal_a_fold_of_the_raw_events()
    {
        var month = await Figures.StatisticsAsync();

        Assert.Equal(10, month.GetProperty("totals").GetProperty("received").GetInt32()); // with the two served at the kiosk's desk
        // The petition never answered and the one never referred (its referral term ended in March).
        Assert.Equal(2, month.GetProperty("totals").GetProperty("overdue").GetInt32());
    }

    [Fact]
    public async Task The_access_to_information_report_and_the_contact_register_equal_a_fold_of_the_raw_events()
    {
        var (report, contacts) = await Figures.AccessToInformationAndContactsAsync();

        Assert.Equal((2, 1, 1, 1), (report.GetProperty("received").GetInt32(), report.GetProperty("referred").GetInt32(),
            report.GetProperty("answered").GetInt32(), report.GetProperty("denied").GetInt32()));
        var chatWithReply = contacts.First(c => c.GetProperty("channel").GetString() == "chat");
        Assert.Equal("asesora", chatWithReply.GetProperty("attendedBy").GetString());
        Assert.Equal("Luz Marina Rueda", chatWithReply.GetProperty("citizenName").GetString());
    }
}
