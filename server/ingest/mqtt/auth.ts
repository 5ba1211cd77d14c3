import { createHash, timingSafeEqual } from "node:crypto";

// Device authentication for the embedded broker (issue 4: "username/password per device or
// per controller"). A login names the MQTT device ids it may publish for; a controller login
// lists all its doors. "*" allows any device (a gateway or a bridge). Passwords are compared as
// SHA-256 digests in constant time so timing does not leak how much of a guess matched.

export interface MqttCredential {
  username: string;
  password: string;
  /** MQTT device ids (topic segment / Device.externalId) this login may publish for; ["*"] = any. */
  devices: readonly string[];
}

export interface MqttAuthenticator {
  /** Null when anonymous access is allowed (no credentials configured). */
  readonly enabled: boolean;
  check(username: string | undefined, password: Buffer | undefined): boolean;
  mayPublish(username: string | undefined, deviceId: string): boolean;
}

const digest = (s: string | Buffer) => createHash("sha256").update(s).digest();

export function createMqttAuthenticator(credentials: readonly MqttCredential[] | undefined): MqttAuthenticator {
  if (!credentials) {
    return { enabled: false, check: () => true, mayPublish: () => true };
  }
  const logins = new Map<string, { passwordDigest: Buffer; any: boolean; devices: Set<string> }>();
  for (const c of credentials) {
    logins.set(c.username, { passwordDigest: digest(c.password), any: c.devices.includes("*"), devices: new Set(c.devices) });
  }
  return {
    enabled: true,
    check(username, password) {
      const login = username === undefined ? undefined : logins.get(username);
      const given = digest(password ?? Buffer.alloc(0));
      // Compare even for an unknown user so the time taken does not reveal which users exist.
      const ok = timingSafeEqual(given, login?.passwordDigest ?? digest("\u0000no-such-user"));
      return ok && login !== undefined;
    },
    mayPublish(username, deviceId) {
      const login = username === undefined ? undefined : logins.get(username);
      return !!login && (login.any || login.devices.has(deviceId));
    },
  };
}
