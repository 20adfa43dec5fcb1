using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;
using static Atencion.Domain.Tests.Cases.Lifecycle.CaseScenario;

namespace Atencion.Domain.Tests.Cases.Lifecycle;

public sealed class ClassifyTests
{
    [Theory]
    [InlineData(PqrsdType.Petition, "2026-04-21")]
    [InlineData(PqrsdType.InformationRequest, "2026-04-14")]
    [InlineData(PqrsdType.Consultation, "2026-05-13")]
    [InlineData(PqrsdType.Complaint, "2026-04-21")]
    public void A_request_received_the_friday_before_holy_week_counts_its_term_in_business_days(PqrsdType type, string due)
    {
        var received = At(2026, 3, 27);
        var classified = (CaseClassified)new Classify(type, null, false).Decide(Opened(received), Clock(received)).Single();
        Assert.Equal(new DateOnly(2026, 3, 27), classified.LegalReceiptDate);
        Assert.Equal(DateOnly.Parse(due), classified.DueDate);
        Assert.Equal(LegalTerms.Ley1755, classified.Rule);
    }

    [Fact]
    public void A_request_received_on_a_saturday_counts_from_monday()
    {
        var saturday = At(2026, 3, 7, 22);
        var classified = (CaseClassified)new Classify(PqrsdType.Petition, null, false).Decide(Opened(saturday), Clock(saturday)).Single();
        Assert.Equal(new DateOnly(2026, 3, 9), classified.LegalReceiptDate);
        Assert.Equal(new DateOnly(2026, 3, 31), classified.DueDate);
    }

    [Fact]
    public void Reclassification_counts_from_the_original_receipt_not_from_today()
    {
        var received = At(2025, 12, 19);
        var c = Filed(received, PqrsdType.InformationRequest);
        var later = At(2026, 1, 5);
        var again = (CaseClassified)new Classify(PqrsdType.Petition, "otro", false).Decide(c, Clock(later)).Single();
        Assert.Equal(new DateOnly(2026, 1, 14), again.DueDate);
        Assert.Equal("2026-000001", c.Then([again], later).Radicado);
    }

    [Fact]
    public void A_case_filed_under_decreto_491_keeps_its_longer_term()
    {
        var received = At(2021, 6, 1);
        var classified = (CaseClassified)new Classify(PqrsdType.Petition, null, false).Decide(Opened(received), Clock(At(2026, 1, 5))).Single();
        Assert.Equal(30, classified.TermBusinessDays);
        Assert.Equal(LegalTerms.Decreto491, classified.Rule);
    }

    [Fact]
    public void An_entity_may_shorten_a_term()
    {
        var received = At(2026, 3, 2);
        var overrides = new Dictionary<PqrsdType, int> { [PqrsdType.Petition] = 10 };
        var classified = (CaseClassified)new Classify(PqrsdType.Petition, null, false).Decide(Opened(received), Clock(received, overrides)).Single();
        Assert.Equal(10, classified.TermBusinessDays);
    }

    [Fact]
    public void Orientation_has_no_term_and_is_not_filed()
    {
        var received = At(2026, 3, 2);
        var c = Opened(received);
        var classified = (CaseClassified)new Classify(PqrsdType.Orientation, null, false).Decide(c, Clock(received)).Single();
        Assert.Null(classified.DueDate);
        Assert.False(Classify.NeedsFiling(c, PqrsdType.Orientation));
        Assert.True(Classify.NeedsFiling(c, PqrsdType.Petition));
    }

    [Fact]
    public void A_filed_case_cannot_become_an_orientation()
    {
        var c = Filed(At(2026, 3, 2));
        var refused = Assert.Throws<RuleViolated>(() => new Classify(PqrsdType.Orientation, null, false).Decide(c, Clock(At(2026, 3, 3))));
        Assert.Contains("2026-000001", refused.Message);
    }

    [Fact]
    public void The_type_is_required()
    {
        var e = Assert.Throws<ValidationFailed>(() => new Classify(null, null, false).Decide(Opened(At(2026, 3, 2)), Clock(At(2026, 3, 2))));
        Assert.True(e.Errors.ContainsKey("type"));
    }

    [Theory]
    [InlineData(2026, 42, "2026-000042")]
    [InlineData(2027, 1, "2027-000001")]
    [InlineData(2026, 123456, "2026-123456")]
    public void A_radicado_is_the_year_and_a_six_digit_consecutive(int year, int consecutive, string expected) =>
        Assert.Equal(expected, Classify.Radicado(year, consecutive));
}
