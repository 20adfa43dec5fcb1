namespace Atencion.EventStore.Appending;

/// <summary>A read model updated in the same transaction as the append (Marten's inline projection).</summary>
public interface IInlineProjection
{
    /// <summary>Whether this projection reads streams of the given type; appends no projection reads commit without a transaction of their own.</summary>
    bool Handles(string streamType);

    /// <summary>Updates the read model for the events just appended, using the append's transaction.</summary>
    Task ApplyAsync(AppendContext context, CancellationToken ct);
}
