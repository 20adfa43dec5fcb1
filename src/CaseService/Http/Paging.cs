namespace Atencion.CaseService.Http;

/// <summary>Pages of a listing: <c>page</c> from 1 to <see cref="int.MaxValue"/>, <c>pageSize</c> bounded by each route.</summary>
public static class Paging
{
    /// <summary>
    /// The rows before a page, in 64 bits: <c>(page - 1) × pageSize</c> overflows an int from page 10,738,419 of 200 on,
    /// and a negative OFFSET was a 500. Any page is valid; one past the end is empty and still says the total.
    /// </summary>
    public static long Offset(int page, int pageSize) => (page - 1L) * pageSize;
}
