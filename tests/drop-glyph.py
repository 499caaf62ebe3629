#!/usr/bin/env python3
"""drop-glyph.py IN.ttf OUT.ttf CODEPOINT...: a copy of a TrueType font
whose Unicode cmap (platform 3, encoding 1, format 4) no longer maps the
given code points, for the tests of fonts that lack a glyph.  The new cmap
table is appended at the end of the file and the table directory points at
it; the other tables are left as they are.  Debian has no font tool in the
base system (fonttools would be one more package for one test)."""
import struct
import sys


def read_format4(data, at):
    segx2 = struct.unpack_from(">H", data, at + 6)[0]
    n = segx2 // 2
    ends = struct.unpack_from(">%dH" % n, data, at + 14)
    starts = struct.unpack_from(">%dH" % n, data, at + 16 + segx2)
    deltas = struct.unpack_from(">%dh" % n, data, at + 16 + 2 * segx2)
    ro_at = at + 16 + 3 * segx2
    ranges = struct.unpack_from(">%dH" % n, data, ro_at)
    cmap = {}
    for i in range(n):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if ranges[i] == 0:
                gid = (cp + deltas[i]) & 0xFFFF
            else:
                p = ro_at + 2 * i + ranges[i] + 2 * (cp - starts[i])
                gid = struct.unpack_from(">H", data, p)[0]
                if gid:
                    gid = (gid + deltas[i]) & 0xFFFF
            if gid:
                cmap[cp] = gid
    return cmap


def write_format4(cmap):
    # one segment per run of code points whose glyph ids follow each other
    segs = []
    for cp in sorted(cmap):
        if segs and cp == segs[-1][1] + 1 and cmap[cp] == cmap[segs[-1][1]] + 1:
            segs[-1][1] = cp
        else:
            segs.append([cp, cp])
    segs.append([0xFFFF, 0xFFFF])
    n = len(segs)
    ends = [e for _, e in segs]
    starts = [s for s, _ in segs]
    deltas = [(cmap[s] - s) & 0xFFFF if s != 0xFFFF else 1 for s, _ in segs]
    body = struct.pack(">%dH" % n, *ends) + b"\0\0" + struct.pack(">%dH" % n, *starts)
    body += struct.pack(">%dH" % n, *deltas) + struct.pack(">%dH" % n, *([0] * n))
    length = 14 + len(body)
    p = 1
    while p * 2 <= n:
        p *= 2
    head = struct.pack(">7H", 4, length, 0, 2 * n, 2 * p, p.bit_length() - 1, 2 * n - 2 * p)
    return head + body


def main():
    src, dst, cps = sys.argv[1], sys.argv[2], [int(c, 0) for c in sys.argv[3:]]
    data = bytearray(open(src, "rb").read())
    ntables = struct.unpack_from(">H", data, 4)[0]
    for t in range(ntables):
        rec = 12 + 16 * t
        tag, _, off, _ = struct.unpack_from(">4sIII", data, rec)
        if tag == b"cmap":
            break
    else:
        sys.exit("drop-glyph: no cmap table")
    nsub = struct.unpack_from(">H", data, off + 2)[0]
    for s in range(nsub):
        plat, enc, sub = struct.unpack_from(">HHI", data, off + 4 + 8 * s)
        if plat == 3 and enc == 1 and struct.unpack_from(">H", data, off + sub)[0] == 4:
            break
    else:
        sys.exit("drop-glyph: no Unicode format 4 subtable")
    cmap = read_format4(data, off + sub)
    for cp in cps:
        cmap.pop(cp, None)
    table = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + write_format4(cmap)
    while len(data) % 4:
        data.append(0)
    struct.pack_into(">II", data, rec + 8, len(data), len(table))
    data += table
    open(dst, "wb").write(data)


main()
