// A tiny baseline JPEG encoder (ITU-T T.81) for the simulators' capture pictures: greyscale,
// one flat 8×8 block per cell of a pattern, so the pictures are real JPEGs that any decoder
// opens, a few hundred bytes each, and distinct per capture (the pattern and a COM segment vary).
// Flat blocks need only the DC coefficient, so the Huffman tables are tiny custom ones:
// DC categories 0..11 with 4-bit codes, and AC with only EOB (code "0").

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

function segment(marker: number, payload: number[]): number[] {
  const len = payload.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...payload];
}

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // T.81 F.1.2.3: byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1); // pad with 1-bits to a byte boundary
    return this.bytes;
  }
}

/** T.81 F.1.2.1: magnitude category and the extra bits of a DC difference. */
function category(v: number): { size: number; bits: number } {
  const a = Math.abs(v);
  let size = 0;
  while (a >= 1 << size) size++;
  return { size, bits: v >= 0 ? v : v + (1 << size) - 1 };
}

/**
 * Encodes a greyscale image of `cols × rows` flat 8×8 blocks; `levels[r * cols + c]` is the
 * 0..255 grey of each block. `comment` goes in a COM segment (makes equal patterns distinct).
 */
export function encodeBlockJpeg(cols: number, rows: number, levels: readonly number[], comment = ""): Buffer {
  if (levels.length !== cols * rows) throw new Error(`Invariant: ${cols}×${rows} blocks need ${cols * rows} levels, got ${levels.length}`);
  const width = cols * 8;
  const height = rows * 8;
  const dqt = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
  const sof0 = segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  // DHT class 0 (DC) table 0: twelve 4-bit codes for categories 0..11.
  const dcBits = [0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const dcSymbols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  // DHT class 1 (AC) table 0: one 1-bit code for EOB (0x00).
  const acBits = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const dht = segment(0xc4, [0x00, ...dcBits, ...dcSymbols, 0x10, ...acBits, 0x00]);
  const sos = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  const com = comment ? segment(0xfe, [...Buffer.from(comment.slice(0, 200), "latin1")]) : [];

  const bits = new BitWriter();
  let prevDc = 0;
  for (const level of levels) {
    // A flat block of grey p has F(0,0) = 8 (p − 128) (T.81 A.3.3, level shift), quantiser 1.
    const dc = 8 * (Math.max(0, Math.min(255, Math.round(level))) - 128);
    const { size, bits: extra } = category(dc - prevDc);
    prevDc = dc;
    bits.write(size, 4); // DC code for category `size` is its 4-bit index (canonical Huffman order)
    if (size) bits.write(extra, size);
    bits.write(0, 1); // EOB: every AC coefficient is zero
  }
  return Buffer.from([...SOI, ...com, ...dqt, ...sof0, ...dht, ...sos, ...bits.finish(), ...EOI]);
}

/** A small plate- or face-like picture whose pattern follows `seed`. */
export function capturePicture(seed: number, comment: string, cols = 8, rows = 4): Buffer {
  let s = seed >>> 0 || 1;
  const levels: number[] = [];
  for (let i = 0; i < cols * rows; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    levels.push(40 + (s >>> 24) % 180);
  }
  return encodeBlockJpeg(cols, rows, levels, comment);
}
