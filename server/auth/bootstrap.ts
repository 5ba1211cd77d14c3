import { randomUUID } from "node:crypto";
import type { Db } from "../store/db";
import { hashPassword, randomPassword } from "./password";

// The first administrator (issue 5: "created from configuration or a printed one-time
// password, never a hard-coded default"). ADMIN_USERNAME + ADMIN_PASSWORD create that admin
// when missing (an existing user is never overwritten). Without them, and only while the
// user table is empty, an `admin` with a random one-time password is created and the password
// is printed once; it must be changed at first login.

export interface FirstAdminResult {
  created: boolean;
  username: string | null;
  /** Only for the generated one-time password; print it once, never log it again. */
  oneTimePassword: string | null;
}

export async function ensureFirstAdmin(db: Db, config: { username?: string | undefined; password?: string | undefined }): Promise<FirstAdminResult> {
  const prisma = db.prisma;
  if (config.username && config.password) {
    const existing = await prisma.user.findUnique({ where: { username: config.username } });
    if (existing) return { created: false, username: config.username, oneTimePassword: null };
    await prisma.user.create({
      data: { id: randomUUID(), username: config.username, displayName: config.username, role: "admin", campusScope: "*", passwordHash: await hashPassword(config.password) },
    });
    return { created: true, username: config.username, oneTimePassword: null };
  }
  if ((await prisma.user.count()) > 0) return { created: false, username: null, oneTimePassword: null };
  const oneTimePassword = randomPassword();
  await prisma.user.create({
    data: {
      id: randomUUID(), username: "admin", displayName: "Administrator", role: "admin", campusScope: "*",
      passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true,
    },
  });
  return { created: true, username: "admin", oneTimePassword };
}
