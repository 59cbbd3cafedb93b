/**
 * Prisma's schema engine (WASM build) with an in-memory PGlite shadow database, for the two
 * jobs `prisma migrate` would do if its native engine could be downloaded here: writing a new
 * migration from a schema change, and proving committed migrations match the schema.
 *
 * Development and test tool only: it loads devDependencies and must never be imported by a
 * service's runtime code.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiffTarget, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPGlite } from 'pglite-prisma-adapter';

const require = createRequire(import.meta.url);
const NO_FILTERS = { externalTables: [], externalEnums: [] };

type Bindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let bindings: Promise<Bindings> | undefined;

// The package imports its .wasm the bundler way; under Node we instantiate it ourselves with
// the JS glue as the import object, then hand the exports back to the glue.
function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Bindings & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const wasmPath = path.join(
      path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

/**
 * Runs `work` with an engine connected to `database` (default: a fresh in-memory PGlite, used as
 * the shadow database for diffs). The engine can only drive PGlite here (see machine notes).
 */
export async function withSchemaEngine<T>(
  work: (engine: SchemaEngine) => Promise<T>,
  database?: PGlite,
): Promise<T> {
  const glue = await loadBindings();
  const db = database ?? (await PGlite.create('memory://'));
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(db));
  const engine = await glue.SchemaEngine.new({ datamodels: undefined }, () => undefined, adapter);
  try {
    return await work(engine);
  } finally {
    engine.free();
    if (!database) await db.close();
  }
}

/**
 * Applies pending migrations to `database` with Prisma's own engine (what `prisma migrate
 * deploy` does) and returns the names it applied. Tests use it to prove the kit's migrator and
 * Prisma agree on what is applied.
 */
export async function prismaApplyMigrations(
  database: PGlite,
  migrationsDir: string,
): Promise<string[]> {
  return withSchemaEngine(async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: await migrationList(migrationsDir),
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  }, database);
}

/** The committed migrations of a `prisma/migrations` folder, as the engine takes them. */
export async function migrationList(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');

  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: await readFile(lockPath, 'utf8').catch(() => null),
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

async function schemaTarget(schemaPath: string): Promise<DiffTarget> {
  return {
    tag: 'schemaDatamodel',
    files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }],
  };
}

/** What the schema needs beyond the committed migrations: `''` when they match. */
export async function pendingSchemaChanges(
  schemaPath: string,
  migrationsDir: string,
): Promise<string> {
  return withSchemaEngine(async (engine) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...(await migrationList(migrationsDir)) },
      to: await schemaTarget(schemaPath),
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === 0 ? '' : (result.stdout ?? '');
  });
}

/** The full SQL that creates the schema from an empty database. */
export async function schemaFromEmpty(schemaPath: string): Promise<string> {
  return withSchemaEngine(async (engine) => {
    const result = await engine.diff({
      from: { tag: 'empty' },
      to: await schemaTarget(schemaPath),
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? '';
  });
}
