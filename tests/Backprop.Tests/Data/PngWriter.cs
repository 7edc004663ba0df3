using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Backprop.Tests.Data;

/// <summary>
/// A minimal PNG encoder for test images, written from the PNG specification: 8-bit grey (1 channel), RGB (3)
/// or RGBA (4), no interlacing, filter type 0 on every row, one IDAT chunk.
/// </summary>
internal static class PngWriter
{
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>The PNG file of a <paramref name="height"/> × <paramref name="width"/> image with pixels in row-major, channel-last order.</summary>
    public static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"{pixels.Length} bytes for a {width}×{height}×{channels} image.", nameof(pixels));
        byte colorType = channels switch { 1 => 0, 3 => 2, 4 => 6, _ => throw new ArgumentOutOfRangeException(nameof(channels)) };
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = colorType;
        WriteChunk(file, "IHDR", header);

        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * channels;
            for (int r = 0; r < height; r++)
            {
                zlib.WriteByte(0); // filter type None
                zlib.Write(pixels.Slice(r * stride, stride));
            }
        }
        WriteChunk(file, "IDAT", raw.ToArray());
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        file.Write(number);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        file.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc(typeAndData));
        file.Write(number);
    }

    /// <summary>The CRC-32 of ISO 3309 that PNG chunks carry (polynomial 0xEDB88320, reflected).</summary>
    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
