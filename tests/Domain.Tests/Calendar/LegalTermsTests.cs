using Atencion.Domain.Calendar;
using static Atencion.Domain.Tests.Calendar.Dates;

namespace Atencion.Domain.Tests.Calendar;

public class LegalTermsTests
{
    private static readonly BusinessCalendar National = BusinessCalendar.National;

    [Theory]
    [InlineData(PqrsdType.Petition, 15, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.InformationRequest, 10, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.Consultation, 30, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.Complaint, 15, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.Claim, 15, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.Report, 15, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.Suggestion, 15, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.Compliment, 15, LegalTerms.Ley1755)]
    [InlineData(PqrsdType.DataQuery, 10, LegalTerms.Ley1581)]
    [InlineData(PqrsdType.DataClaim, 15, LegalTerms.Ley1581)]
    public void Ordinary_terms_follow_Ley_1755_and_Ley_1581(PqrsdType type, int days, string rule)
    {
        var term = LegalTerms.TermFor(type, new(2025, 6, 2));

        Assert.Equal(days, term.BusinessDays);
        Assert.Equal(rule, term.Rule);
        Assert.False(term.ShortenedByEntity);
    }

    [Theory]
    [InlineData(PqrsdType.Petition, 30, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.InformationRequest, 20, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.Consultation, 35, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.Complaint, 30, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.Claim, 30, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.Report, 30, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.Suggestion, 30, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.Compliment, 30, LegalTerms.Decreto491)]
    [InlineData(PqrsdType.DataQuery, 10, LegalTerms.Ley1581)] // habeas data terms were untouched
    [InlineData(PqrsdType.DataClaim, 15, LegalTerms.Ley1581)]
    public void Requests_filed_during_the_emergency_follow_Decreto_491(PqrsdType type, int days, string rule)
    {
        var term = LegalTerms.TermFor(type, new(2021, 3, 1));

        Assert.Equal(days, term.BusinessDays);
        Assert.Equal(rule, term.Rule);
    }

    [Theory]
    [InlineData("2020-03-27", 15, LegalTerms.Ley1755)]
    [InlineData("2020-03-28", 30, LegalTerms.Decreto491)]
    [InlineData("2022-05-17", 30, LegalTerms.Decreto491)]
    [InlineData("2022-05-18", 15, LegalTerms.Ley1755)]
    public void The_emergency_window_includes_both_of_its_edges(string filedOn, int days, string rule)
    {
        var term = LegalTerms.TermFor(PqrsdType.Petition, D(filedOn));

        Assert.Equal(days, term.BusinessDays);
        Assert.Equal(rule, term.Rule);
    }

    [Theory]
    [InlineData("2025-06-02")]
    [InlineData("2021-03-01")]
    public void Orientation_has_no_term_and_no_due_date(string filedOn)
    {
        var term = LegalTerms.TermFor(PqrsdType.Orientation, D(filedOn));

        Assert.Null(term.BusinessDays);
        Assert.Null(term.MaxExtendedBusinessDays);
        Assert.Null(term.DueDate(National, D(filedOn)));
        Assert.Null(LegalTerms.MaxExtendedDueDate(National, PqrsdType.Orientation, D(filedOn), D(filedOn)));
    }

    [Theory]
    [InlineData(PqrsdType.Petition, "2026-01-14")]
    [InlineData(PqrsdType.InformationRequest, "2026-01-06")]
    [InlineData(PqrsdType.Consultation, "2026-02-04")]
    public void Due_date_counts_the_term_over_the_December_holidays(PqrsdType type, string expected)
    {
        var receipt = new DateOnly(2025, 12, 19);

        Assert.Equal(D(expected), LegalTerms.TermFor(type, receipt).DueDate(National, receipt));
    }

    [Fact]
    public void An_entity_may_shorten_a_term()
    {
        var overrides = new Dictionary<PqrsdType, int> { [PqrsdType.Petition] = 10 };

        var term = LegalTerms.TermFor(PqrsdType.Petition, new(2025, 6, 2), overrides);

        Assert.Equal(10, term.BusinessDays);
        Assert.True(term.ShortenedByEntity);
        Assert.Equal(LegalTerms.Ley1755, term.Rule);
    }

    [Theory]
    [InlineData(PqrsdType.Petition, 20)]    // longer than 15
    [InlineData(PqrsdType.DataQuery, 11)]   // longer than 10
    [InlineData(PqrsdType.Petition, 0)]     // not a term at all
    [InlineData(PqrsdType.Petition, -3)]
    public void An_override_that_does_not_shorten_the_term_is_ignored(PqrsdType type, int days)
    {
        var overrides = new Dictionary<PqrsdType, int> { [type] = days };

        var term = LegalTerms.TermFor(type, new(2025, 6, 2), overrides);

        Assert.Equal(LegalTerms.TermFor(type, new(2025, 6, 2)), term);
    }

    [Fact]
    public void An_override_is_measured_against_the_rule_in_force_on_the_filing_date()
    {
        var overrides = new Dictionary<PqrsdType, int> { [PqrsdType.Petition] = 20 };

        Assert.Equal(20, LegalTerms.TermFor(PqrsdType.Petition, new(2021, 3, 1), overrides).BusinessDays);
        Assert.Equal(15, LegalTerms.TermFor(PqrsdType.Petition, new(2025, 6, 2), overrides).BusinessDays);
    }

    [Fact]
    public void An_override_for_another_type_leaves_the_term_alone()
    {
        var overrides = new Dictionary<PqrsdType, int> { [PqrsdType.Complaint] = 5 };

        Assert.Equal(15, LegalTerms.TermFor(PqrsdType.Petition, new(2025, 6, 2), overrides).BusinessDays);
    }

    [Theory]
    [InlineData(PqrsdType.Petition, 15, true)]
    [InlineData(PqrsdType.Petition, 1, true)]
    [InlineData(PqrsdType.Petition, 16, false)]
    [InlineData(PqrsdType.Petition, 0, false)]
    [InlineData(PqrsdType.Consultation, 30, true)]
    [InlineData(PqrsdType.DataClaim, 16, false)]
    [InlineData(PqrsdType.Orientation, 5, false)]
    public void Validating_an_override_explains_why_it_cannot_lengthen_a_term(PqrsdType type, int days, bool valid)
    {
        var error = LegalTerms.ValidateOverride(type, days, new(2025, 6, 2));

        if (valid)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public void Validating_a_longer_override_names_the_legal_term_and_its_rule()
    {
        var error = LegalTerms.ValidateOverride(PqrsdType.Petition, 20, new(2025, 6, 2));

        Assert.Equal(
            "El término de 20 días hábiles excede el legal de 15 días hábiles (Ley 1755 de 2015); la entidad solo puede acortarlo.",
            error);
    }

    [Theory]
    [InlineData(PqrsdType.Petition, 30, "2026-02-04")]        // twice 15
    [InlineData(PqrsdType.InformationRequest, 20, "2026-01-21")]
    [InlineData(PqrsdType.DataQuery, 15, "2026-01-14")]       // 10 + 5
    [InlineData(PqrsdType.DataClaim, 23, "2026-01-26")]       // 15 + 8
    public void An_extension_may_not_exceed_its_legal_ceiling(PqrsdType type, int ceiling, string expected)
    {
        var receipt = new DateOnly(2025, 12, 19);

        Assert.Equal(ceiling, LegalTerms.TermFor(type, receipt).MaxExtendedBusinessDays);
        Assert.Equal(D(expected), LegalTerms.MaxExtendedDueDate(National, type, receipt, receipt));
    }

    [Fact]
    public void An_extension_under_Decreto_491_may_reach_twice_the_emergency_term()
    {
        Assert.Equal(60, LegalTerms.TermFor(PqrsdType.Petition, new(2021, 3, 1)).MaxExtendedBusinessDays);
    }

    [Fact]
    public void Shortening_a_term_does_not_shorten_the_extension_ceiling()
    {
        var overrides = new Dictionary<PqrsdType, int> { [PqrsdType.Petition] = 10 };

        Assert.Equal(30, LegalTerms.TermFor(PqrsdType.Petition, new(2025, 6, 2), overrides).MaxExtendedBusinessDays);
    }

    [Theory]
    [InlineData("2026-03-27", "2026-04-07")] // across Holy Week
    [InlineData("2025-12-30", "2026-01-07")] // across New Year's Day
    public void Referral_is_due_five_business_days_after_receipt(string receipt, string expected)
    {
        Assert.Equal(D(expected), LegalTerms.ReferralDueDate(National, D(receipt)));
    }
}
