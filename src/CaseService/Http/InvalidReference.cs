namespace Atencion.CaseService.Http;

/// <summary>A field that must name something the entity knows (a staff member who takes cases) or may use names something else: 422, the field in <c>errors</c>.</summary>
public sealed class InvalidReference(string field, string message) : Exception(message)
{
    /// <summary>The JSON path of the field.</summary>
    public string Field { get; } = field;
}
