import { createHash, randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import {
  ZResponseStatusEnvelope, ZResponseStatusListEnvelope, ZSystemTimeObject,
  type ResponseStatusObject, type SystemTimeObject,
} from "../../server/contracts/gat1400";

// The device side of GA/T 1400.4 over HTTP: register with digest (answering the 401
// challenge, RFC 2617 qop=auth), then requests carrying `User-Identify`. Keep-alive sockets,
// as real cameras use. Responses are parsed with the shared contracts, which accept
// StatusCode as a string or a number.

export interface ViidAddress {
  host: string;
  port: number;
}

export interface ViidResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

export class ViidError extends Error {
  override name = "ViidError";
  constructor(message: string, readonly httpStatus: number, readonly body: unknown) {
    super(message);
  }
}

export interface ViidClient {
  readonly deviceId: string;
  post(path: string, body: unknown): Promise<ViidResponse>;
  get(path: string): Promise<ViidResponse>;
  register(): Promise<ResponseStatusObject>;
  keepalive(): Promise<ResponseStatusObject>;
  unregister(): Promise<ResponseStatusObject>;
  time(): Promise<SystemTimeObject>;
  /** Posts a list envelope and returns the per-object statuses. */
  postList(path: string, body: unknown): Promise<ResponseStatusObject[]>;
  close(): void;
}

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/** Parses `Digest realm="…", nonce="…", …` (quoted or bare values). */
export function parseChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^\s*Digest\s+/i, "").matchAll(/([a-zA-Z0-9_-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g)) {
    out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? "";
  }
  return out;
}

/** RFC 2617 §3.2.2 Authorization header for a qop=auth challenge. */
export function digestAuthorization(p: { username: string; password: string; method: string; uri: string; challenge: Record<string, string>; nc?: number }): string {
  const { realm = "", nonce = "", opaque } = p.challenge;
  const nc = (p.nc ?? 1).toString(16).padStart(8, "0");
  const cnonce = randomBytes(8).toString("hex");
  const ha1 = md5(`${p.username}:${realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${p.username}", realm="${realm}", nonce="${nonce}", uri="${p.uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"${opaque ? `, opaque="${opaque}"` : ""}, algorithm=MD5`;
}

export function createViidClient(opts: { server: ViidAddress; deviceId: string; password: string; username?: string; maxSockets?: number; timeoutMs?: number }): ViidClient {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 2 });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const username = opts.username ?? opts.deviceId;

  function send(method: string, path: string, body: unknown, extra: Record<string, string> = {}): Promise<ViidResponse> {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request({
        host: opts.server.host, port: opts.server.port, method, path, agent, timeout: timeoutMs,
        headers: {
          "user-identify": opts.deviceId,
          ...(payload ? { "content-type": "application/VIID+JSON;charset=UTF-8", "content-length": String(payload.length) } : {}),
          ...extra,
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`GA/T 1400 ${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  function single(r: ViidResponse, what: string): ResponseStatusObject {
    const parsed = ZResponseStatusEnvelope.safeParse(r.json);
    if (!parsed.success) throw new ViidError(`${what}: HTTP ${r.status} without a ResponseStatusObject`, r.status, r.json);
    const s = parsed.data.ResponseStatusObject;
    if (r.status !== 200 || s.StatusCode !== 0) throw new ViidError(`${what}: HTTP ${r.status}, StatusCode ${s.StatusCode} ${s.StatusString}`, r.status, r.json);
    return s;
  }

  const client: ViidClient = {
    deviceId: opts.deviceId,
    post: (path, body) => send("POST", path, body),
    get: (path) => send("GET", path, undefined),
    async register() {
      const path = "/VIID/System/Register";
      const body = { RegisterObject: { DeviceID: opts.deviceId } };
      const first = await send("POST", path, body);
      if (first.status === 200) return single(first, "Register");
      const challenge = first.headers["www-authenticate"];
      if (first.status !== 401 || typeof challenge !== "string") throw new ViidError(`Register: expected a 401 digest challenge, got HTTP ${first.status}`, first.status, first.json);
      const authorization = digestAuthorization({ username, password: opts.password, method: "POST", uri: path, challenge: parseChallenge(challenge) });
      return single(await send("POST", path, body, { authorization }), "Register");
    },
    async keepalive() {
      return single(await send("POST", "/VIID/System/Keepalive", { KeepaliveObject: { DeviceID: opts.deviceId } }), "Keepalive");
    },
    async unregister() {
      return single(await send("POST", "/VIID/System/UnRegister", { UnRegisterObject: { DeviceID: opts.deviceId } }), "UnRegister");
    },
    async time() {
      const r = await send("GET", "/VIID/System/Time", undefined);
      const parsed = ZSystemTimeObject.safeParse((r.json as { SystemTimeObject?: unknown } | null)?.SystemTimeObject);
      if (r.status !== 200 || !parsed.success) throw new ViidError(`Time: HTTP ${r.status}`, r.status, r.json);
      return parsed.data;
    },
    async postList(path, body) {
      const r = await send("POST", path, body);
      const parsed = ZResponseStatusListEnvelope.safeParse(r.json);
      if (r.status !== 200 || !parsed.success) {
        const one = ZResponseStatusEnvelope.safeParse(r.json);
        throw new ViidError(`${path}: HTTP ${r.status}${one.success ? ` ${one.data.ResponseStatusObject.StatusString}` : ""}`, r.status, r.json);
      }
      return parsed.data.ResponseStatusListObject.ResponseStatusObject;
    },
    close: () => agent.destroy(),
  };
  return client;
}
