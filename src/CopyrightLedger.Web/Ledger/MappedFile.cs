using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// A file's bytes as <see cref="Memory{T}"/> without copying them: the file is mapped read-only, so a chain of
/// hundreds of megabytes is hashed where it lies, pages loading on the threads that hash them.
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    public MappedFile(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > int.MaxValue) throw new Core.DomainException($"{path} is larger than 2 GB; split the chain.");
        _length = (int)length;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + _view.PointerOffset;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
