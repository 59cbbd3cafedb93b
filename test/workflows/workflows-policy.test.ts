import { describe, expect, it } from 'vitest';
import { readWorkflows, type Job, type WorkflowFile } from './read-workflows.ts';

const workflows = readWorkflows();

/** Every `uses:` of a workflow: job-level reusable workflows and step actions. */
function usesOf(file: WorkflowFile): string[] {
  return Object.values(file.workflow.jobs).flatMap((job: Job) => [
    ...(job.uses ? [job.uses] : []),
    ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
  ]);
}

/** Problems with how actions are referenced: unpinned, or a pin with no tag comment. */
function pinProblems(file: WorkflowFile): string[] {
  const problems: string[] = [];
  for (const uses of usesOf(file)) {
    if (uses.startsWith('./')) continue;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses)) {
      problems.push(`${file.name}: ${uses} is not pinned to a full commit SHA`);
      continue;
    }
    const line = file.text.split('\n').find((text) => text.includes(uses)) ?? '';
    if (!/#\s*v\d+(\.\d+)*\s*$/.test(line)) {
      problems.push(`${file.name}: ${uses} lacks its release tag in a trailing comment`);
    }
  }
  return problems;
}

function permissionsOf(file: WorkflowFile, job: Job): Record<string, string> | string {
  return job.permissions ?? file.workflow.permissions ?? 'default';
}

describe('every workflow', () => {
  it('pins every action to a 40-hex commit SHA with its tag in a comment', () => {
    expect(workflows.flatMap(pinProblems)).toEqual([]);
    expect(workflows.flatMap(usesOf).length).toBeGreaterThan(0);
  });

  it('declares least-privilege permissions: read-only unless a job needs more', () => {
    for (const file of workflows) {
      expect(file.workflow.permissions, file.name).toBeDefined();
      for (const [name, job] of Object.entries(file.workflow.jobs)) {
        const permissions = permissionsOf(file, job);
        expect(typeof permissions, `${file.name} ${name}`).toBe('object');
        const writes = Object.entries(permissions).filter(([, level]) => level === 'write');
        const allowed = file.name === 'manifests.yml' && name === 'comment'
          ? [['pull-requests', 'write']]
          : [];
        expect(writes, `${file.name} ${name}`).toEqual(allowed);
      }
    }
  });

  it('has a concurrency group and a timeout on every job', () => {
    for (const file of workflows) {
      expect(file.workflow.concurrency?.group, file.name).toMatch(/\$\{\{/);
      for (const [name, job] of Object.entries(file.workflow.jobs)) {
        expect(job['timeout-minutes'], `${file.name} ${name}`).toBeGreaterThan(0);
        expect(job['timeout-minutes'], `${file.name} ${name}`).toBeLessThanOrEqual(30);
      }
    }
  });

  it('never runs PR code under pull_request_target or with persisted credentials', () => {
    for (const file of workflows) {
      expect(Object.keys(file.workflow.on), file.name).not.toContain('pull_request_target');
      for (const job of Object.values(file.workflow.jobs)) {
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith('actions/checkout@')) {
            expect(step.with?.['persist-credentials'], file.name).toBe(false);
          }
        }
      }
    }
  });
});

describe('the manifests workflow', () => {
  const manifests = workflows.find((file) => file.name === 'manifests.yml') as WorkflowFile;
  const runs = (job: string) =>
    (manifests.workflow.jobs[job]?.steps ?? []).map((step) => step.run ?? '').join('\n');

  it('fails a stale dist/ with the fix in the message', () => {
    expect(runs('fresh')).toMatch(/npm run synth[\s\S]*git status --porcelain -- dist\//);
    expect(runs('fresh')).toContain('run npm run synth and commit dist/');
  });

  it('makes the diff with the developers\' script, not a copy of it', () => {
    expect(runs('diff')).toContain('npm run --silent manifests:diff -- "origin/$BASE_BRANCH"');
  });

  it('comments from a job that checks out and runs no PR code', () => {
    const steps = manifests.workflow.jobs.comment?.steps ?? [];
    expect(steps.map((step) => step.uses?.split('@')[0])).toEqual(['actions/github-script']);
    expect(steps.every((step) => step.run === undefined)).toBe(true);
  });
});

describe('pinProblems', () => {
  const file = (uses: string): WorkflowFile => ({
    name: 'x.yml',
    text: `      - uses: ${uses}\n`,
    workflow: { on: {}, jobs: { build: { steps: [{ uses: uses.split(' ')[0] }] } } },
  });

  it('rejects tags, branches, short SHAs and pins without a tag comment', () => {
    expect(pinProblems(file('actions/checkout@v4'))).toHaveLength(1);
    expect(pinProblems(file('actions/checkout@main'))).toHaveLength(1);
    expect(pinProblems(file('actions/checkout@3d3c42e # v7.0.1'))).toHaveLength(1);
    expect(pinProblems(file('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1')))
      .toEqual(['x.yml: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 lacks its' +
        ' release tag in a trailing comment']);
    expect(pinProblems(file('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1')))
      .toEqual([]);
  });
});
