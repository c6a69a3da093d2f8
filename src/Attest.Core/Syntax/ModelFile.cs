using System.Text;

namespace Attest.Syntax;

/// <summary>Kinds of model file.</summary>
public enum ModelKind : byte
{
    Tagger = 1,
    Lemmatizer = 2,
    Parser = 3,
    Ner = 4,
    Punct = 5,
    Revise = 6,
}

/// <summary>
/// Binary model container: magic "ATSM", format version (uint16), model kind (byte), payload length (int32),
/// payload, CRC-32 (IEEE) of everything before it. Any mismatch raises <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class ModelFile
{
    /// <summary>Version written by this build. 2 added the tagger's score cache vocabulary (a trailing tagger section).</summary>
    public const ushort FormatVersion = 2;
    /// <summary>Oldest version this build still reads (version-1 files are version-2 files without the optional sections).</summary>
    public const ushort MinFormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "ATSM"u8;
    private const int HeaderLength = 4 + 2 + 1 + 4;

    public static void Save(string path, ModelKind kind, Action<BinaryWriter> writePayload)
    {
        var bytes = Encode(kind, writePayload);
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    public static byte[] Encode(ModelKind kind, Action<BinaryWriter> writePayload)
    {
        using var payload = new MemoryStream();
        using (var pw = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true)) writePayload(pw);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write((byte)kind);
            w.Write(checked((int)payload.Length));
            w.Write(payload.GetBuffer(), 0, (int)payload.Length);
            w.Flush();
            uint crc = Crc32.Compute(ms.GetBuffer().AsSpan(0, (int)ms.Length));
            w.Write(crc);
        }
        return ms.ToArray();
    }

    public static T Load<T>(string path, ModelKind kind, Func<BinaryReader, T> readPayload)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException e) { throw new FileNotFoundException($"model file {path} not found", path, e); }
        return Decode(bytes, Path.GetFileName(path), kind, readPayload);
    }

    public static T Decode<T>(byte[] bytes, string name, ModelKind kind, Func<BinaryReader, T> readPayload)
    {
        if (bytes.Length < HeaderLength + 4 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not an Attest model file (bad magic or too short)");
        ushort version = BitConverter.ToUInt16(bytes, 4);
        if (version < MinFormatVersion || version > FormatVersion)
            throw new InvalidDataException($"{name}: unsupported model format version {version} (this build reads versions {MinFormatVersion}–{FormatVersion})");
        var actualKind = (ModelKind)bytes[6];
        if (actualKind != kind)
            throw new InvalidDataException($"{name}: model kind is {actualKind}, expected {kind}");
        int length = BitConverter.ToInt32(bytes, 7);
        if (length < 0 || HeaderLength + length + 4 != bytes.Length)
            throw new InvalidDataException($"{name}: truncated or oversized model file (payload length {length}, file {bytes.Length} bytes)");
        uint stored = BitConverter.ToUInt32(bytes, HeaderLength + length);
        uint actual = Crc32.Compute(bytes.AsSpan(0, HeaderLength + length));
        if (stored != actual)
            throw new InvalidDataException($"{name}: checksum mismatch (stored {stored:x8}, computed {actual:x8}); the file is corrupt");
        using var ms = new MemoryStream(bytes, HeaderLength, length, writable: false);
        using var r = new BinaryReader(ms, Encoding.UTF8);
        try
        {
            var result = readPayload(r);
            if (ms.Position != ms.Length) throw new InvalidDataException($"{name}: {ms.Length - ms.Position} unread bytes after the payload");
            return result;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{name}: payload ends early", e);
        }
    }

    internal static void ReadExactly(BinaryReader r, Span<byte> dest)
    {
        r.BaseStream.ReadExactly(dest);
    }

    /// <summary>Whether the payload goes on: sections added after a format was first written are optional at its end,
    /// so older files, which stop before them, still load.</summary>
    internal static bool HasTrailing(BinaryReader r) => r.BaseStream.Position < r.BaseStream.Length;

    /// <summary>A trailing boolean (see <see cref="HasTrailing"/>); false when the file stops before it.</summary>
    internal static bool ReadTrailingFlag(BinaryReader r) => HasTrailing(r) && r.ReadBoolean();

    internal static void WriteStrings(BinaryWriter w, IReadOnlyList<string> items)
    {
        w.Write(items.Count);
        foreach (var s in items) w.Write(s);
    }

    internal static string[] ReadStrings(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 50_000_000) throw new InvalidDataException("implausible string count");
        var a = new string[n];
        for (int i = 0; i < n; i++) a[i] = r.ReadString();
        return a;
    }
}

/// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320).</summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
