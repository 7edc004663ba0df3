using System.Buffers.Binary;

namespace Backprop.Data.Formats;

/// <summary>
/// Checks the HDF5 superblock before the file is handed to PureHDF, so that a file that is not HDF5,
/// or one cut short by an interrupted download or copy, fails with a message that says so. PureHDF
/// itself reports both cases as a bare <see cref="Exception"/> ("The file is too small"), often only
/// when a dataset is finally read.
/// </summary>
/// <remarks>
/// Layout per the HDF5 File Format Specification, section II.A: the 8-byte signature sits at offset 0,
/// 512, 1024, 2048, … (after an optional user block). Versions 0 and 1 store the sizes of offsets at
/// byte 13; versions 2 and 3 at byte 9. In all versions the end-of-file address is the third address
/// after the fixed fields and, like every address, is relative to the base address.
/// </remarks>
internal static class Hdf5Superblock
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> when <paramref name="stream"/> holds no HDF5 signature,
    /// an unreadable superblock, or fewer bytes than the superblock's end-of-file address. Leaves the
    /// stream positioned at 0.
    /// </summary>
    public static void Validate(Stream stream, string path)
    {
        long length = stream.Length;
        long offset = FindSignature(stream, length)
            ?? throw new InvalidDataException(length == 0
                ? $"'{path}' is empty, so it is not a valid HDF5 file."
                : $"'{path}' is not a valid HDF5 file: it has no HDF5 signature.");

        // At most 28 fixed bytes (version 1) and three addresses of up to 8 bytes precede the end of the
        // end-of-file address in every superblock version; one spare address keeps the arithmetic simple.
        Span<byte> header = stackalloc byte[28 + 4 * 8];
        stream.Position = offset;
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        header = header[..read];
        stream.Position = 0;

        if (header.Length <= 8)
            throw TooShort(path, length);
        byte version = header[8];
        (int sizeIndex, int addressesAt) = version switch
        {
            0 => (13, 24),
            1 => (13, 28),
            2 or 3 => (9, 12),
            _ => throw new InvalidDataException($"'{path}' is not a valid HDF5 file: superblock version {version} is unknown."),
        };
        if (header.Length <= sizeIndex)
            throw TooShort(path, length);
        int addressSize = header[sizeIndex];
        if (addressSize is not (2 or 4 or 8))
            throw new InvalidDataException($"'{path}' is not a valid HDF5 file: its superblock gives {addressSize}-byte addresses.");
        if (header.Length < addressesAt + 3 * addressSize)
            throw TooShort(path, length);

        ulong baseAddress = ReadAddress(header, addressesAt, addressSize);
        ulong endOfFile = ReadAddress(header, addressesAt + 2 * addressSize, addressSize);
        if (baseAddress == Undefined(addressSize) || endOfFile == Undefined(addressSize))
            return; // a file whose writer never recorded its size: nothing to compare with
        ulong expected = baseAddress + endOfFile;
        if ((ulong)length < expected)
            throw new InvalidDataException($"'{path}' is truncated: its HDF5 superblock records {expected} bytes, but the file has only {length}.");
    }

    private static long? FindSignature(Stream stream, long length)
    {
        Span<byte> probe = stackalloc byte[8];
        for (long offset = 0; offset + probe.Length <= length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            stream.ReadExactly(probe);
            if (probe.SequenceEqual(Signature))
                return offset;
        }
        return null;
    }

    private static ulong ReadAddress(ReadOnlySpan<byte> header, int at, int size) => size switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(header[at..]),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(header[at..]),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(header[at..]),
    };

    private static ulong Undefined(int size) => size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;

    private static InvalidDataException TooShort(string path, long length) =>
        new($"'{path}' is truncated: it starts like an HDF5 file but its {length} bytes end inside the superblock.");
}
