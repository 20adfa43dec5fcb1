using Atencion.CaseService.Jobs;
using Microsoft.Extensions.Configuration;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>Each sweep's interval becomes a Hangfire cron of seconds aligned on the clock; an interval no cron can express stops the service at start-up.</summary>
public sealed class JobSettingsTests
{
    private static JobSettings From(params (string Key, string Value)[] settings) => JobSettings.From(new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Jobs:" + s.Key, s.Value))).Build());

    [Theory]
    [InlineData(1, "*/1 * * * * *")]
    [InlineData(2, "*/2 * * * * *")]
    [InlineData(15, "*/15 * * * * *")]
    [InlineData(30, "*/30 * * * * *")]
    [InlineData(60, "0 */1 * * * *")]
    [InlineData(300, "0 */5 * * * *")]
    [InlineData(3600, "0 0 */1 * * *")]
    [InlineData(21600, "0 0 */6 * * *")]
    public void An_interval_that_divides_its_minute_hour_or_day_is_a_cron_of_seconds(double seconds, string cron) =>
        Assert.Equal(cron, JobSettings.Cron(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("0.2")]
    [InlineData("7")]
    [InlineData("45")]
    [InlineData("90")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("100000")]
    public void An_interval_no_cron_expresses_is_refused_naming_the_setting(string seconds)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => From(("IdleChatsSeconds", seconds)));
        Assert.StartsWith("Jobs:IdleChatsSeconds must be whole seconds dividing a minute", refused.Message);
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var s = From();
        Assert.Equal(new Dictionary<string, string?>
        {
            ["deadlines"] = "*/15 * * * * *", ["idle-chats"] = "*/1 * * * * *",
            ["presence"] = "*/10 * * * * *", ["turn-expiry"] = "*/30 * * * * *",
        }, s.Intervals.ToDictionary(i => i.Key, i => JobSettings.Cron(i.Value)));
        Assert.Equal(6, s.Workers);
        Assert.Throws<InvalidOperationException>(() => From(("Workers", "0")));
    }
}
