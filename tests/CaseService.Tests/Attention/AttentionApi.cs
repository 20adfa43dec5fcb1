namespace Atencion.CaseService.Tests.Attention;

/// <summary>Phone and in-person contacts as the Personería de Itagüí records them.</summary>
public static class AttentionApi
{
    public const string Itagui = "personeria-itagui";

    public static object Competent(string channel = "in-person") => new
    {
        channel,
        competent = true,
        citizen = new
        {
            idType = "cc", idNumber = "43123456", name = "María Eugenia Restrepo", address = "Calle 50 # 45-20",
            municipality = "Itagüí", neighbourhood = "Santa María",
        },
        subject = "Acción de tutela",
        text = "Solicita asesoría para presentar una tutela por salud.",
    };
}
