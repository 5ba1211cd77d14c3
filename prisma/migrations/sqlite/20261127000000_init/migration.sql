-- CampusTwin initial schema (sqlite). Written to match `prisma migrate diff` output for
-- prisma/schema.prisma; test/store/schema-agreement.test.ts checks the two agree.

-- CreateTable
CREATE TABLE "Campus" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "originLat" REAL NOT NULL,
    "originLon" REAL NOT NULL,
    "originAltM" REAL NOT NULL DEFAULT 0,
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "source" TEXT NOT NULL DEFAULT 'generated',
    "attribution" TEXT,
    "boundaryJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Building" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "footprintJson" TEXT NOT NULL,
    "heightM" REAL NOT NULL,
    "floors" INTEGER NOT NULL,
    CONSTRAINT "Building_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Zone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "polygonJson" TEXT NOT NULL,
    "floor" INTEGER NOT NULL DEFAULT 0,
    "ownerDept" TEXT,
    "gridId" TEXT,
    "buildingId" TEXT,
    "densityLimitPerM2" REAL,
    CONSTRAINT "Zone_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PathSegment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "lineJson" TEXT NOT NULL,
    "widthM" REAL NOT NULL DEFAULT 3,
    "fromNode" TEXT,
    "toNode" TEXT,
    CONSTRAINT "PathSegment_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "buildingId" TEXT,
    "floor" INTEGER NOT NULL DEFAULT 0,
    "xM" REAL NOT NULL,
    "yM" REAL NOT NULL,
    "zM" REAL NOT NULL DEFAULT 0,
    "yawDeg" REAL,
    "pitchDeg" REAL,
    "rollDeg" REAL,
    "hfovDeg" REAL,
    "vfovDeg" REAL,
    "resolutionW" INTEGER,
    "resolutionH" INTEGER,
    "rangeM" REAL,
    "polylineJson" TEXT,
    "parentId" TEXT,
    "model" TEXT,
    "manufacturer" TEXT,
    "status" TEXT NOT NULL DEFAULT 'online',
    "statusAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attrsJson" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "Device_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "deviceId" TEXT,
    "xM" REAL,
    "yM" REAL,
    "floor" INTEGER,
    "subjectJson" TEXT,
    "sourceJson" TEXT NOT NULL,
    "dataJson" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "Event_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "xM" REAL,
    "yM" REAL,
    "floor" INTEGER,
    "openedSeq" INTEGER NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "camerasJson" TEXT NOT NULL DEFAULT '[]',
    "historyJson" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "Incident_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "dept" TEXT,
    "cardNo" TEXT,
    "faceId" TEXT,
    "watchlist" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Person_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Vehicle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "plate" TEXT NOT NULL,
    "plateColor" TEXT NOT NULL DEFAULT 'blue',
    "ownerId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'car',
    "watchlist" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Vehicle_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "campusScope" TEXT NOT NULL DEFAULT '*',
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "purpose" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}'
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

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "protocol" TEXT NOT NULL,
    "remote" TEXT,
    "reason" TEXT NOT NULL,
    "rawBase64" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "DeadLetter_protocol_at_idx" ON "DeadLetter"("protocol", "at");
