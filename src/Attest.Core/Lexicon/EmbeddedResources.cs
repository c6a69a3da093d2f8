using System.Reflection;

namespace Attest.Lexicon;

/// <summary>Reads data files embedded in Attest.Core from <c>Resources/</c> (dictionaries, tables).</summary>
public static class EmbeddedResources
{
    private static readonly Assembly Assembly = typeof(EmbeddedResources).Assembly;

    /// <summary>The text of <c>Resources/<paramref name="relativePath"/></c>, e.g. "events/verbs.txt".</summary>
    /// <exception cref="InvalidOperationException">the resource is not in the assembly (a broken build).</exception>
    public static string ReadText(string relativePath)
    {
        var wanted = relativePath.Replace('\\', '/');
        foreach (var name in Assembly.GetManifestResourceNames())
        {
            var normal = name.Replace('\\', '/');
            if (!normal.EndsWith(wanted, StringComparison.Ordinal)) continue;
            int at = normal.Length - wanted.Length - 1;
            if (at >= 0 && normal[at] is not ('/' or '.')) continue;
            using var stream = Assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        throw new InvalidOperationException($"embedded resource Resources/{relativePath} is missing from {Assembly.GetName().Name}");
    }
}
