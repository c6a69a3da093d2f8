using Attest.Entities;

namespace Attest.Tests.Entities;

/// <summary>Lookups the entity tests share.</summary>
internal static class EntityTestText
{
    /// <summary>The actor code of the first mention whose text is <paramref name="mention"/>; fails listing the mentions when there is none.</summary>
    public static string? CodeOf(EntityLayer layer, string mention)
    {
        var m = layer.Mentions.FirstOrDefault(x => x.Text == mention)
                ?? throw new Xunit.Sdk.XunitException($"no mention '{mention}' in: " + string.Join(" | ", layer.Mentions.Select(x => x.Text)));
        return layer.ToRef(m).Code;
    }
}
