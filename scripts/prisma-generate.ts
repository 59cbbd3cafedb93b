/**
 * Regenerates a service's committed Prisma client (services/<svc>/generated/prisma) offline.
 *
 *   npm run prisma:generate -- registry
 */
import path from 'node:path';
import { prismaGenerate } from '../services/kit/devtools/prisma-generate.ts';

const service = process.argv[2];
if (!service || !/^[a-z0-9-]+$/.test(service)) {
  console.error('usage: npm run prisma:generate -- <service>');
  process.exit(1);
}
prismaGenerate(
  path.resolve(import.meta.dirname, '..', 'services', service, 'prisma', 'schema.prisma'),
);
console.log(`${service}: generated services/${service}/generated/prisma`);
