// CRC-16/ARC as SIA DC-09 §5.5.1.2 asks: polynomial 0x8005 reflected (0xA001), init 0,
// no final XOR, computed over the bytes from the opening `"` of the id token through the end
// of the timestamp (or of the last bracket when there is none), sent as 4 uppercase hex digits.

const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t[i] = c;
  }
  return t;
})();

export function crc16Arc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** Four uppercase hex digits, as both the CRC and the `0LLL` length field are written. */
export function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}
