import { Decoder, Encoder, PacketType, protocol, type Packet } from "socket.io-parser";
import { EncodedLiveFrame } from "../../contracts/live-wire";

// Socket.IO's packet encoder, taught one thing: an event whose single argument is an
// EncodedLiveFrame goes out with that argument's JSON text spliced in, not re-stringified. The
// text is exactly what JSON.stringify would have produced (live-wire.ts; tested), so clients use
// the stock decoder. It also skips socket.io-parser's deep hasBinary walk over every frame:
// frames never carry binary. Every other packet is encoded as before. At a few hundred thousand
// deliveries a second, re-packing, re-stringifying and walking each frame per phase group was a
// quarter of the server's CPU (bench:live profile).

class LiveEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder["encode"]> {
    const args: unknown = packet.data;
    if (packet.type === PacketType.EVENT && packet.id === undefined && Array.isArray(args) && args.length === 2
      && typeof args[0] === "string" && args[1] instanceof EncodedLiveFrame) {
      const nsp = packet.nsp && packet.nsp !== "/" ? `${packet.nsp},` : "";
      return [`${PacketType.EVENT}${nsp}[${JSON.stringify(args[0])},${args[1].json}]`];
    }
    return super.encode(packet);
  }
}

/** The parser to give the live Socket.IO server: `new Server(http, { parser: liveParser })`. */
export const liveParser = { Encoder: LiveEncoder, Decoder, protocol };

/** Whether a server encodes EncodedLiveFrame arguments (it was built with liveParser). */
export function encodesLiveFrames(io: { encoder: unknown }): boolean {
  return io.encoder instanceof LiveEncoder;
}
