import type { Env } from "../env";
import type { Db } from "../store/db";
import { generateCampus } from "./generator/campus";
import { listCampuses, saveCampusModel } from "./persist";

// First start: a database without any campus gets the default generated one, so the twin has
// something to show and the simulators something to drive (README quick start).

export interface BootstrapResult {
  created: boolean;
  campusId: string | null;
}

export async function ensureDefaultCampus(db: Db, env: Pick<Env, "CAMPUS_SIZE" | "CAMPUS_SEED">): Promise<BootstrapResult> {
  const existing = await listCampuses(db.prisma);
  if (existing.length > 0) return { created: false, campusId: existing[0]!.id };
  const model = generateCampus({ seed: env.CAMPUS_SEED, size: env.CAMPUS_SIZE });
  await saveCampusModel(db.prisma, model);
  return { created: true, campusId: model.id };
}
