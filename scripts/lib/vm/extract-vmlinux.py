#!/usr/bin/env python3
"""Extract the uncompressed ELF kernel (vmlinux) from a bzImage (vmlinuz).

Usage: extract-vmlinux.py VMLINUZ OUTPUT

QEMU can enter an ELF vmlinux through its PVH note, which skips the bzImage's real-mode setup
and self-decompression (about 2.5 s under TCG). The bzImage carries the kernel as one compressed
stream; this finds each candidate stream start (xz or gzip magic), decompresses from there and
keeps the first result that is an ELF file. Exit status 1 (with a message) when none is.
"""
import lzma
import os
import sys
import zlib

ELF_MAGIC = b"\x7fELF"
# Debian's amd64 kernels are xz-compressed.
XZ_MAGIC = b"\xfd7zXZ\x00"
GZIP_MAGIC = b"\x1f\x8b\x08"


def decompress_xz(data):
    return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data)


def decompress_gzip(data):
    # wbits 16+MAX_WBITS: gzip header; trailing bytes after the stream are ignored.
    return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data)


def candidates(image, magic):
    start = image.find(magic)
    while start >= 0:
        yield start
        start = image.find(magic, start + 1)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: extract-vmlinux.py VMLINUZ OUTPUT")
    source, target = sys.argv[1], sys.argv[2]
    with open(source, "rb") as f:
        image = f.read()
    for magic, decompress in ((XZ_MAGIC, decompress_xz), (GZIP_MAGIC, decompress_gzip)):
        for offset in candidates(image, magic):
            try:
                kernel = decompress(image[offset:])
            except (lzma.LZMAError, zlib.error, EOFError):
                continue
            if kernel.startswith(ELF_MAGIC):
                partial = target + ".partial"
                with open(partial, "wb") as out:
                    out.write(kernel)
                os.replace(partial, target)
                return
    sys.exit(f"extract-vmlinux: no xz or gzip stream holding an ELF kernel found in {source}")


if __name__ == "__main__":
    main()
