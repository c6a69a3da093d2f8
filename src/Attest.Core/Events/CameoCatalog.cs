using System.Collections.Frozen;
using System.Globalization;

namespace Attest.Events;

/// <summary>One CAMEO event code with its name, Goldstein score, GDELT QuadClass and PLOVER equivalent.</summary>
public sealed record CameoCode(string Code, string Name, double Goldstein, int QuadClass, string? PloverType, string? PloverMode)
{
    public string Root => Code[..2];
}

/// <summary>Attest's CAMEO code table (embedded resource <c>events/cameo-codes.tsv</c>). Immutable and thread-safe.</summary>
public sealed class CameoCatalog
{
    private static readonly Lazy<CameoCatalog> DefaultCatalog = new(() => Parse(Lexicon.EmbeddedResources.ReadText("events/cameo-codes.tsv"), "cameo-codes.tsv"));

    private readonly FrozenDictionary<string, CameoCode> codes;

    private CameoCatalog(FrozenDictionary<string, CameoCode> codes) => this.codes = codes;

    public static CameoCatalog Default => DefaultCatalog.Value;

    public int Count => codes.Count;

    public IEnumerable<CameoCode> All => codes.Values.OrderBy(c => c.Code, StringComparer.Ordinal);

    public bool TryGet(string code, out CameoCode value) => codes.TryGetValue(code, out value!);

    /// <summary>The entry for a code, or for its nearest listed ancestor (e.g. an unknown 4-digit code → its 3-digit parent).</summary>
    public CameoCode? Lookup(string code)
    {
        for (int len = code.Length; len >= 2; len--)
            if (codes.TryGetValue(code[..len], out var c)) return c;
        return null;
    }

    /// <exception cref="FormatException">a malformed line, with its line number.</exception>
    public static CameoCatalog Parse(string tsv, string name)
    {
        var map = new Dictionary<string, CameoCode>(StringComparer.Ordinal);
        foreach (var (lineNo, line) in Lexicon.DataLines.Read(tsv))
        {
            var f = line.Split('\t');
            if (f.Length < 4 || f[0].Length is < 2 or > 4 || !f[0].All(char.IsAsciiDigit)
                || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var goldstein)
                || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var quad))
                throw new FormatException($"{name}:{lineNo}: expected CODE<TAB>NAME<TAB>GOLDSTEIN<TAB>QUADCLASS[<TAB>PLOVER<TAB>MODE]");
            string? plover = f.Length > 4 && f[4].Length > 0 ? f[4] : null;
            string? mode = f.Length > 5 && f[5].Length > 0 ? f[5] : null;
            map[f[0]] = new CameoCode(f[0], f[1], goldstein, quad, plover, mode);
        }
        return new CameoCatalog(map.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
