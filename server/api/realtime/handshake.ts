import type { Socket } from "socket.io";
import { sessionTokenFrom } from "../../auth/cookies";
import type { AuthService } from "../../auth/service";
import type { ResolvedSession } from "../../auth/sessions";
import { LIVE_UNAUTHORISED } from "../../contracts/realtime";

// Socket.IO handshake authentication: the same httpOnly session cookie as tRPC. A browser
// sends it with the WebSocket upgrade; a Node client passes it in `extraHeaders`. A handshake
// from another site's page (Origin host ≠ Host) is refused: cross-site WebSocket hijacking.

export interface LiveSocketData {
  session: ResolvedSession;
  token: string;
}

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true; // non-browser clients send no Origin
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function liveHandshake(auth: AuthService) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const req = socket.request;
    const token = sessionTokenFrom(req.headers.cookie);
    if (!token || !sameOrigin(req.headers.origin, req.headers.host)) return next(new Error(LIVE_UNAUTHORISED));
    auth.resolve(token).then(
      (session) => {
        if (!session || session.user.mustChangePassword) return next(new Error(LIVE_UNAUTHORISED));
        const data: LiveSocketData = { session, token };
        socket.data = data;
        next();
      },
      () => next(new Error(LIVE_UNAUTHORISED)),
    );
  };
}
