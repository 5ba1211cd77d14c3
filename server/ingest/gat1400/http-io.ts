import type { IncomingMessage, ServerResponse } from "node:http";
import { formatGatTime, GAT_STATUS, type GatStatusCode, type ResponseStatusObject } from "../../contracts/gat1400";

// Request bodies and JSON answers for the GA/T 1400 listener. Every answer, success or
// refusal, carries a ResponseStatusObject (GA/T 1400.4 §5.3) so a device always learns why.

export type BodyResult = { kind: "ok"; body: Buffer } | { kind: "too_large"; head: Buffer } | { kind: "aborted" };

/** Reads the whole body unless it exceeds `limitBytes` (then stops reading and keeps the head). */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limitBytes) return resolve({ kind: "too_large", head: Buffer.alloc(0) });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        const head = Buffer.concat(chunks).subarray(0, 4096);
        chunks.length = 0;
        req.pause();
        return finish({ kind: "too_large", head });
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => finish({ kind: "ok", body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
    req.once("error", () => finish({ kind: "aborted" }));
    req.once("close", () => finish({ kind: "aborted" }));
  });
}

export function status(id: string, requestUrl: string, code: GatStatusCode, text: string, at: Date, utcOffsetMin: number): ResponseStatusObject {
  return { Id: id, RequestURL: requestUrl, StatusCode: code, StatusString: text, LocalTime: formatGatTime(at, utcOffsetMin) };
}

export const STATUS_TEXT: Record<GatStatusCode, string> = {
  [GAT_STATUS.ok]: "OK",
  [GAT_STATUS.otherError]: "Other error",
  [GAT_STATUS.deviceBusy]: "Device busy",
  [GAT_STATUS.deviceError]: "Device error",
  [GAT_STATUS.invalidOperation]: "Invalid operation",
  [GAT_STATUS.invalidXmlFormat]: "Invalid XML format",
  [GAT_STATUS.invalidXmlContent]: "Invalid XML content",
  [GAT_STATUS.invalidJsonFormat]: "Invalid JSON format",
  [GAT_STATUS.invalidJsonContent]: "Invalid JSON content",
  [GAT_STATUS.reboot]: "Reboot",
};

export function sendJson(res: ServerResponse, httpStatus: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, {
    "content-type": "application/VIID+JSON;charset=UTF-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
