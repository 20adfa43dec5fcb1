using Atencion.Domain.Cases;
using Atencion.Projections.Indicators;
using Atencion.Projections.Reports;

namespace Atencion.Projections.Tests.Reports;

/// <summary>The small formulas the indicators rest on, as docs/indicators.md states them.</summary>
public sealed class IndicatorFormulaTests
{
    [Theory]
    [InlineData(new[] { 1 }, 1)]
    [InlineData(new[] { 5, 1, 3 }, 5)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 9)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 10)]
    public void P90_is_the_nearest_rank(int[] values, int p90) => Assert.Equal(p90, IndicatorCalculator.P90(values));

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two() =>
        Assert.Equal(45m, IndicatorCalculator.Median([90m, 10m, 30m, 60m]));

    [Theory]
    [InlineData(true, 4, 4, 4, 4, true)]
    [InlineData(true, 5, 5, 3, 3, true)]
    [InlineData(true, 5, 4, 3, 3, false)]
    [InlineData(false, 5, 5, 5, 5, false)]
    public void Satisfied_means_need_met_and_a_mean_of_four_or_more(bool needMet, int a, int b, int c, int d, bool satisfied) =>
        Assert.Equal(satisfied, IndicatorCalculator.IsSatisfied(new SurveyFact(Guid.NewGuid(), Channel.Chat, null, DateTimeOffset.UnixEpoch)
            { AnsweredAt = DateTimeOffset.UnixEpoch, Scores = [a, b, c, d], NeedMet = needMet }));

    [Fact]
    public void A_share_of_nothing_has_no_percentage() => Assert.Null(Share.From(0, 0).Percent);

    [Fact]
    public void A_share_is_rounded_to_two_decimals() => Assert.Equal(33.33m, Share.From(1, 3).Percent);
}
