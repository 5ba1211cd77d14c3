-- CreateTable
CREATE TABLE "CoveragePlan" (
    "id" TEXT NOT NULL,
    "campusId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "changesJson" TEXT NOT NULL DEFAULT '[]',
    "optionsJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "appliedAt" TIMESTAMP(3),
    "appliedBy" TEXT,

    CONSTRAINT "CoveragePlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CoveragePlan_campusId_status_idx" ON "CoveragePlan"("campusId", "status");

-- AddForeignKey
ALTER TABLE "CoveragePlan" ADD CONSTRAINT "CoveragePlan_campusId_fkey" FOREIGN KEY ("campusId") REFERENCES "Campus"("id") ON DELETE CASCADE ON UPDATE CASCADE;
