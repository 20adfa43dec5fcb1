using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>The kinds of identity document a Colombian citizen or resident may give.</summary>
public enum IdType
{
    /// <summary>Cédula de ciudadanía.</summary>
    Cc,
    /// <summary>Cédula de extranjería.</summary>
    Ce,
    /// <summary>Tarjeta de identidad.</summary>
    Ti,
    /// <summary>Registro civil.</summary>
    Rc,
    /// <summary>NIT (a company).</summary>
    Nit,
    /// <summary>Pasaporte.</summary>
    Passport,
    /// <summary>Permiso especial de permanencia.</summary>
    Pep,
    /// <summary>Permiso por protección temporal.</summary>
    Ppt,
}

/// <summary>What the citizen told us about themselves; every field may be missing (anonymous reports exist).</summary>
/// <param name="Name">Full name.</param>
/// <param name="Email">Email address for answers.</param>
/// <param name="Phone">Phone number.</param>
/// <param name="IdType">Kind of identity document.</param>
/// <param name="IdNumber">Identity document number.</param>
/// <param name="Address">Home address (the Itagüí procedure asks for it).</param>
/// <param name="Municipality">Municipality of residence.</param>
/// <param name="Neighbourhood">Neighbourhood (barrio) of residence.</param>
public sealed record Citizen(
    string? Name, string? Email, string? Phone, IdType? IdType, string? IdNumber,
    string? Address = null, string? Municipality = null, string? Neighbourhood = null)
{
    /// <summary>Checks the fields' form, reporting under <paramref name="prefix"/> (e.g. <c>citizen</c>).</summary>
    public void Validate(Validator v, string prefix)
    {
        v.Optional($"{prefix}.name", Name, 200);
        v.Email($"{prefix}.email", Email, required: false);
        v.Optional($"{prefix}.phone", Phone, 40);
        if (Phone is not null && !Phone.Trim().All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
            v.Add($"{prefix}.phone", "may contain only digits, spaces and + - ( ).");
        v.Optional($"{prefix}.idNumber", IdNumber, 30);
        v.Optional($"{prefix}.address", Address, 300);
        v.Optional($"{prefix}.municipality", Municipality, 100);
        v.Optional($"{prefix}.neighbourhood", Neighbourhood, 100);
        if (!string.IsNullOrWhiteSpace(IdNumber) && IdType is null) v.Add($"{prefix}.idType", "is required when idNumber is given.");
        if (IdType is not null && string.IsNullOrWhiteSpace(IdNumber)) v.Add($"{prefix}.idNumber", "is required when idType is given.");
    }

    /// <summary>The same citizen with surrounding blanks trimmed and empty fields as null.</summary>
    public Citizen Normalized() =>
        new(Clean(Name), Clean(Email), Clean(Phone), IdType, Clean(IdNumber), Clean(Address), Clean(Municipality), Clean(Neighbourhood));

    /// <summary>Whether nothing identifies the citizen.</summary>
    public bool IdentifiesNobody() => Name is null && Email is null && Phone is null && IdNumber is null && Address is null;

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
