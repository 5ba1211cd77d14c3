-- History aggregates kept by the indexer (server/history/indexer.ts): hourly sighting counts per
-- location for the day heatmap, the indexer's committed position (restart without double
-- counting), and a covering index so a trajectory reads only the index.

-- CreateTable
CREATE TABLE "SightingHour" (
    "campusId" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "xM" REAL NOT NULL,
    "yM" REAL NOT NULL,
    "sightings" INTEGER NOT NULL,

    PRIMARY KEY ("campusId", "hourStart", "xM", "yM")
);

-- CreateTable
CREATE TABLE "HistoryCursor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL
);

-- DropIndex
DROP INDEX "Sighting_campusId_subjectKey_at_idx";

-- CreateIndex
CREATE INDEX "Sighting_trajectory_idx" ON "Sighting"("campusId", "subjectKey", "at", "seq", "kind", "deviceId", "xM", "yM", "drill");

-- Backfill from sightings indexed before this migration (stored dates are ISO 8601 text, so the
-- hour is the first 13 characters). Their indexer position is taken as the last sighting's seq.
INSERT INTO "SightingHour" ("campusId", "hourStart", "xM", "yM", "sightings")
SELECT "campusId", substr("at", 1, 13) || ':00:00.000+00:00', "xM", "yM", COUNT(*)
  FROM "Sighting" WHERE "xM" IS NOT NULL AND "yM" IS NOT NULL GROUP BY 1, 2, 3, 4;

INSERT INTO "HistoryCursor" ("id", "seq") SELECT 'indexer', MAX("seq") FROM "Sighting" HAVING MAX("seq") IS NOT NULL;
