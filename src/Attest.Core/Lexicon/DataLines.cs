namespace Attest.Lexicon;

/// <summary>The content lines of a line-oriented data file: blank lines and <c>#</c> comments skipped, numbered from 1.</summary>
public static class DataLines
{
    public static IEnumerable<(int Number, string Text)> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            yield return (number, line);
        }
    }
}
