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
    internal const int HeaderLength = 4 + 2 + 1 + 4;

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
        using var ms = new MemoryStream(bytes, HeaderLength, length, writable: false, publiclyVisible: true);
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

    /// <summary>Parses from the reader's position with direct access to the rest of the payload's bytes (no reader
    /// call per value); <paramref name="parse"/> returns how many bytes it used and the reader moves past them. Reading
    /// beyond the payload is an <see cref="EndOfStreamException"/>, as with the reader.</summary>
    internal static void ParseAhead(BinaryReader r, SpanParser parse)
    {
        var stream = r.BaseStream;
        long start = stream.Position;
        try
        {
            int used;
            if (stream is MemoryStream ms && ms.TryGetBuffer(out var buffer)) used = parse(buffer.AsSpan(checked((int)start)));
            else
            {
                var rest = new byte[stream.Length - start];
                stream.ReadExactly(rest);
                used = parse(rest);
            }
            stream.Position = start + used;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new EndOfStreamException("the payload ends inside a section", e);
        }
    }

    internal delegate int SpanParser(ReadOnlySpan<byte> bytes);

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

/// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), computed by System.IO.Hashing's vectorised
/// implementation (a byte-at-a-time table took ~45 ms of every 10 MB model load; this takes ~1 ms).</summary>
public static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
