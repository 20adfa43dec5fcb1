using Atencion.Domain.Cases;
using Atencion.Domain.Surveys;

namespace Atencion.Domain.Tests.Surveys;

public sealed class SurveySamplingTests
{
    private static readonly Guid[] Closures = Enumerable.Range(0, 1000).Select(i => new Guid(i, 7, 7, [1, 2, 3, 4, 5, 6, 7, 8])).ToArray();

    [Theory]
    [InlineData(0.10, 0.075, 0.125)]
    [InlineData(0.25, 0.21, 0.29)]
    public void The_in_person_sample_approaches_the_configured_share_over_a_thousand_closures(double share, double low, double high)
    {
        var sampled = Closures.Count(id => SurveySampling.Offer(Channel.InPerson, id, (decimal)share, "seed-1")) / 1000.0;
        Assert.InRange(sampled, low, high);
    }

    [Fact]
    public void A_share_below_ten_percent_is_raised_to_the_procedures_minimum()
    {
        var sampled = Closures.Count(id => SurveySampling.Offer(Channel.Phone, id, 0.01m, "seed-1")) / 1000.0;
        Assert.InRange(sampled, 0.075, 0.125);
    }

    [Fact]
    public void The_sample_is_reproducible_and_the_seed_changes_it()
    {
        var first = Closures.Where(id => SurveySampling.Offer(Channel.InPerson, id, 0.10m, "seed-1")).ToArray();
        var again = Closures.Where(id => SurveySampling.Offer(Channel.InPerson, id, 0.10m, "seed-1")).ToArray();
        var other = Closures.Where(id => SurveySampling.Offer(Channel.InPerson, id, 0.10m, "seed-2")).ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(Channel.Chat)]
    [InlineData(Channel.Web)]
    [InlineData(Channel.Email)]
    public void Virtual_channels_are_always_surveyed(Channel channel) =>
        Assert.All(Closures.Take(100), id => Assert.True(SurveySampling.Offer(channel, id, 0.10m, "seed-1")));

    [Theory]
    [InlineData(0, 1, 1, 1, true, "courtesy")]
    [InlineData(1, 6, 1, 1, true, "quality")]
    [InlineData(1, 1, null, 1, true, "timeliness")]
    [InlineData(1, 1, 1, -3, true, "competence")]
    [InlineData(1, 1, 1, 1, null, "needMet")]
    public void Answers_outside_one_to_five_or_missing_are_refused_by_field(int? a, int? b, int? c, int? d, bool? met, string field)
    {
        var e = Assert.Throws<Atencion.Domain.Common.ValidationFailed>(() => new AnswerSurvey(Guid.NewGuid(), a, b, c, d, met, null).Decide());
        Assert.True(e.Errors.ContainsKey(field));
    }
}
