// Prisma CLI configuration of the registry. Production runs, from /app:
//   npx prisma migrate deploy --config services/registry/prisma.config.ts
// Paths are relative to this file.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
