using Atencion.Domain.Attention;
using Atencion.Domain.Cases;
using Atencion.Domain.Common;

namespace Atencion.Domain.Tests.Attention;

/// <summary>The outcome of a phone or in-person attention, where the entity requires it and where it does not.</summary>
public class AttentionOutcomeTests
{
    private static IReadOnlyDictionary<string, string[]> Errors(AttentionOutcome outcome, Channel channel, bool required)
    {
        var v = new Validator();
        outcome.Validate(v, channel, null, required);
        try { v.ThrowIfAny(); return new Dictionary<string, string[]>(); }
        catch (ValidationFailed failed) { return failed.Errors; }
    }

    [Theory]
    [InlineData(Channel.Phone)]
    [InlineData(Channel.InPerson)]
    public void Where_required_a_phone_or_desk_contact_without_an_outcome_is_refused_on_competent(Channel channel)
    {
        var errors = Errors(new AttentionOutcome(null, null, null), channel, required: true);
        Assert.Equal(["competent"], errors.Keys);
    }

    [Theory]
    [InlineData(Channel.Phone, false)]
    [InlineData(Channel.Email, true)]
    [InlineData(Channel.Web, true)]
    [InlineData(Channel.Chat, true)]
    public void Not_required_or_another_channel_needs_no_outcome(Channel channel, bool required)
    {
        Assert.Empty(Errors(new AttentionOutcome(null, null, null), channel, required));
    }

    [Fact]
    public void An_orientation_given_satisfies_the_requirement()
    {
        Assert.Empty(Errors(new AttentionOutcome(false, "Comisaría de Familia", null), Channel.Phone, required: true));
    }
}
