-- AlterTable
ALTER TABLE "Incident" ADD COLUMN "ruleId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Incident" ADD COLUMN "zoneId" TEXT;
ALTER TABLE "Incident" ADD COLUMN "sopId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Incident" ADD COLUMN "stepsJson" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Incident" ADD COLUMN "notesJson" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Incident" ADD COLUMN "deviceIdsJson" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Incident" ADD COLUMN "eventCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Incident" ADD COLUMN "lastEventAt" DATETIME;

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "incidentId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,

    PRIMARY KEY ("incidentId", "seq")
);

-- CreateTable
CREATE TABLE "FaultTicket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campusId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "openedSeq" INTEGER NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "workingDay" BOOLEAN NOT NULL,
    "notifyDueAt" DATETIME NOT NULL,
    "onSiteDueAt" DATETIME NOT NULL,
    "restoreDueAt" DATETIME NOT NULL,
    "notifiedAt" DATETIME,
    "notifiedBy" TEXT,
    "maintainer" TEXT,
    "visitAt" DATETIME,
    "visitBy" TEXT,
    "visitNote" TEXT,
    "restoredAt" DATETIME,
    "closedAt" DATETIME,
    "escalationsJson" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NotificationOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "adapter" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "payloadJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- CreateIndex
CREATE INDEX "IncidentEvent_seq_idx" ON "IncidentEvent"("seq");

-- CreateIndex
CREATE INDEX "FaultTicket_campusId_state_idx" ON "FaultTicket"("campusId", "state");

-- CreateIndex
CREATE INDEX "FaultTicket_deviceId_idx" ON "FaultTicket"("deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationOutbox_messageId_adapter_key" ON "NotificationOutbox"("messageId", "adapter");

-- CreateIndex
CREATE INDEX "NotificationOutbox_status_nextAttemptAt_idx" ON "NotificationOutbox"("status", "nextAttemptAt");
