namespace Atencion.Domain.Calendar;

/// <summary>A national holiday: the date it is observed on and its Spanish name.</summary>
/// <param name="Date">The date the holiday is observed (after any move to Monday).</param>
/// <param name="Name">The holiday's name in Spanish, as published (e.g. "Viernes Santo").</param>
public sealed record Holiday(DateOnly Date, string Name);
