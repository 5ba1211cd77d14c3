// Typed errors of the auth domain; server/api/trpc.ts maps them to allow-listed client messages.

export class InvalidCredentialsError extends Error {
  override name = "InvalidCredentialsError";
  constructor(readonly username: string) {
    super("Invalid username or password");
  }
}

export class LoginThrottledError extends Error {
  override name = "LoginThrottledError";
  constructor(readonly username: string, readonly retryAfterMs: number) {
    super(`Too many failed logins; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

export class UserExistsError extends Error {
  override name = "UserExistsError";
  constructor(readonly username: string) {
    super(`User ${username} already exists`);
  }
}

export class UserNotFoundError extends Error {
  override name = "UserNotFoundError";
  constructor(readonly userId: string) {
    super(`User ${userId} does not exist`);
  }
}
