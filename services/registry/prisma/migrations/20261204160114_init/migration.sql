-- CreateTable
CREATE TABLE "agents" (
    "id" UUID NOT NULL,
    "agent_key" VARCHAR(200) NOT NULL,
    "owner_agent_user_id" VARCHAR(200) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000) NOT NULL DEFAULT '',
    "endpoint" VARCHAR(2048) NOT NULL,
    "tags" VARCHAR(100)[] DEFAULT ARRAY[]::VARCHAR(100)[],
    "version" VARCHAR(64) NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'active',
    "last_heartbeat_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_capabilities" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "key" VARCHAR(100) NOT NULL,
    "value" VARCHAR(200),

    CONSTRAINT "agent_capabilities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_stats" (
    "agent_id" UUID NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "successes" INTEGER NOT NULL DEFAULT 0,
    "latency_ewma_ms" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_stats_pkey" PRIMARY KEY ("agent_id")
);

-- CreateTable
CREATE TABLE "catalog_manifests" (
    "id" UUID NOT NULL,
    "agent_key" VARCHAR(200) NOT NULL,
    "version" VARCHAR(64) NOT NULL,
    "manifest" JSONB NOT NULL,
    "format" VARCHAR(10) NOT NULL,
    "owner_agent_user_id" VARCHAR(200) NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search" tsvector,

    CONSTRAINT "catalog_manifests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agents_agent_key_key" ON "agents"("agent_key");

-- CreateIndex
CREATE INDEX "agents_owner_agent_user_id_idx" ON "agents"("owner_agent_user_id");

-- CreateIndex
CREATE INDEX "agents_last_heartbeat_at_idx" ON "agents"("last_heartbeat_at");

-- CreateIndex
CREATE INDEX "agents_tags_idx" ON "agents" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "agent_capabilities_key_value_idx" ON "agent_capabilities"("key", "value");

-- CreateIndex
CREATE INDEX "agent_capabilities_agent_id_idx" ON "agent_capabilities"("agent_id");

-- CreateIndex
CREATE INDEX "catalog_manifests_search_idx" ON "catalog_manifests" USING GIN ("search");

-- CreateIndex
CREATE UNIQUE INDEX "catalog_manifests_agent_key_version_key" ON "catalog_manifests"("agent_key", "version");

-- AddForeignKey
ALTER TABLE "agent_capabilities" ADD CONSTRAINT "agent_capabilities_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_stats" ADD CONSTRAINT "agent_stats_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Custom SQL (not expressible in schema.prisma; invisible to Prisma's drift diff):
-- keep catalog_manifests.search in sync with the agent key and every string in the manifest.
CREATE FUNCTION "catalog_manifests_search_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."search" :=
        setweight(to_tsvector('english', NEW."agent_key"), 'A') ||
        setweight(jsonb_to_tsvector('english', NEW."manifest", '["string"]'), 'B');
    RETURN NEW;
END
$$;

CREATE TRIGGER "catalog_manifests_search_trigger"
    BEFORE INSERT OR UPDATE OF "agent_key", "manifest" ON "catalog_manifests"
    FOR EACH ROW EXECUTE FUNCTION "catalog_manifests_search_update"();
