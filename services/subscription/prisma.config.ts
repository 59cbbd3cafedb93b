import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'prisma/config';

const here = path.dirname(fileURLToPath(import.meta.url));

// Production runs `prisma migrate deploy --config services/subscription/prisma.config.ts` from
// the image root; paths are resolved from this file so the working directory does not matter.
export default defineConfig({
  schema: path.join(here, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(here, 'prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
