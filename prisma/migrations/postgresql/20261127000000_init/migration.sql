-- CampusTwin initial schema (postgresql). Written to match `prisma migrate diff` output for
-- prisma/schema.prisma; test/store/schema-agreement.test.ts checks the two agree.

-- CreateTable
CREATE TABLE "Campus" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "originLat" DOUBLE PRECISION NOT NULL,
    "originLon" DOUBLE PRECISION NOT NULL,
    "originAltM" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "source" TEXT NOT NULL DEFAULT 'generated',
    "attribution" TEXT,
    "boundaryJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Building" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "footprintJson" TEXT NOT NULL,
    "heightM" DOUBLE PRECISION NOT NULL,
    "floors" INTEGER NOT NULL,

    CONSTRAINT "Building_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Zone" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "polygonJson" TEXT NOT NULL,
    "floor" INTEGER NOT NULL DEFAULT 0,
    "ownerDept" TEXT,
    "gridId" TEXT,
    "buildingId" TEXT,
    "densityLimitPerM2" DOUBLE PRECISION,

    CONSTRAINT "Zone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PathSegment" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "lineJson" TEXT NOT NULL,
    "widthM" DOUBLE PRECISION NOT NULL DEFAULT 3,
    "fromNode" TEXT,
    "toNode" TEXT,

    CONSTRAINT "PathSegment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "buildingId" TEXT,
    "floor" INTEGER NOT NULL DEFAULT 0,
    "xM" DOUBLE PRECISION NOT NULL,
    "yM" DOUBLE PRECISION NOT NULL,
    "zM" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "yawDeg" DOUBLE PRECISION,
    "pitchDeg" DOUBLE PRECISION,
    "rollDeg" DOUBLE PRECISION,
    "hfovDeg" DOUBLE PRECISION,
    "vfovDeg" DOUBLE PRECISION,
    "resolutionW" INTEGER,
    "resolutionH" INTEGER,
    "rangeM" DOUBLE PRECISION,
    "polylineJson" TEXT,
    "parentId" TEXT,
    "model" TEXT,
    "manufacturer" TEXT,
    "status" TEXT NOT NULL DEFAULT 'online',
    "statusAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attrsJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" SERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "deviceId" TEXT,
    "xM" DOUBLE PRECISION,
    "yM" DOUBLE PRECISION,
    "floor" INTEGER,
    "subjectJson" TEXT,
    "sourceJson" TEXT NOT NULL,
    "dataJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "xM" DOUBLE PRECISION,
    "yM" DOUBLE PRECISION,
    "floor" INTEGER,
    "openedSeq" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "camerasJson" TEXT NOT NULL DEFAULT '[]',
    "historyJson" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "dept" TEXT,
    "cardNo" TEXT,
    "faceId" TEXT,
    "watchlist" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vehicle" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "plate" TEXT NOT NULL,
    "plateColor" TEXT NOT NULL DEFAULT 'blue',
    "ownerId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'car',
    "watchlist" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Vehicle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "campusScope" TEXT NOT NULL DEFAULT '*',
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "purpose" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Building_campusId_idx" ON "Building"("campusId");

-- CreateIndex
CREATE INDEX "Zone_campusId_idx" ON "Zone"("campusId");

-- CreateIndex
CREATE INDEX "PathSegment_campusId_idx" ON "PathSegment"("campusId");

-- CreateIndex
CREATE INDEX "Device_campusId_kind_idx" ON "Device"("campusId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Device_campusId_externalId_key" ON "Device"("campusId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_id_key" ON "Event"("id");

-- CreateIndex
CREATE INDEX "Event_campusId_seq_idx" ON "Event"("campusId", "seq");

-- CreateIndex
CREATE INDEX "Event_campusId_kind_occurredAt_idx" ON "Event"("campusId", "kind", "occurredAt");

-- CreateIndex
CREATE INDEX "Incident_campusId_state_idx" ON "Incident"("campusId", "state");

-- CreateIndex
CREATE INDEX "Person_campusId_idx" ON "Person"("campusId");

-- CreateIndex
CREATE UNIQUE INDEX "Vehicle_campusId_plate_key" ON "Vehicle"("campusId", "plate");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- AddForeignKey
ALTER TABLE "Building" ADD CONSTRAINT "Building_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PathSegment" ADD CONSTRAINT "PathSegment_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vehicle" ADD CONSTRAINT "Vehicle_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "protocol" TEXT NOT NULL,
    "remote" TEXT,
    "reason" TEXT NOT NULL,
    "rawBase64" TEXT NOT NULL,

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeadLetter_protocol_at_idx" ON "DeadLetter"("protocol", "at");
