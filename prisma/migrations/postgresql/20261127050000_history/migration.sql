-- CreateTable
CREATE TABLE "StateSnapshot" (
    "campusId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "stateJson" TEXT NOT NULL,

    CONSTRAINT "StateSnapshot_pkey" PRIMARY KEY ("campusId","seq")
);

-- CreateTable
CREATE TABLE "Sighting" (
    "seq" INTEGER NOT NULL,
    "campusId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "deviceId" TEXT,
    "xM" DOUBLE PRECISION,
    "yM" DOUBLE PRECISION,
    "drill" TEXT,

    CONSTRAINT "Sighting_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Drill" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "speed" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "startedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "reportJson" TEXT,

    CONSTRAINT "Drill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplayLink" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "paramsJson" TEXT NOT NULL,

    CONSTRAINT "ReplayLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DensityHour" (
    "campusId" TEXT NOT NULL,
    "zoneId" TEXT NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "sumPerM2" DOUBLE PRECISION NOT NULL,
    "maxPerM2" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "DensityHour_pkey" PRIMARY KEY ("campusId","zoneId","hourStart")
);

-- CreateIndex
CREATE INDEX "Event_campusId_occurredAt_idx" ON "Event"("campusId", "occurredAt");

-- CreateIndex
CREATE INDEX "StateSnapshot_campusId_at_idx" ON "StateSnapshot"("campusId", "at");

-- CreateIndex
CREATE INDEX "Sighting_campusId_subjectKey_at_idx" ON "Sighting"("campusId", "subjectKey", "at");

-- CreateIndex
CREATE INDEX "Sighting_campusId_at_xM_yM_idx" ON "Sighting"("campusId", "at", "xM", "yM");

-- CreateIndex
CREATE INDEX "Drill_campusId_scenario_startedAt_idx" ON "Drill"("campusId", "scenario", "startedAt");

-- CreateIndex
CREATE INDEX "ReplayLink_campusId_idx" ON "ReplayLink"("campusId");

-- CreateIndex
CREATE INDEX "DensityHour_campusId_hourStart_idx" ON "DensityHour"("campusId", "hourStart");
