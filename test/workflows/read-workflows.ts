import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** .github/workflows in this repository. */
export const workflowsDir = new URL('../../.github/workflows/', import.meta.url).pathname;

/** The parts of a workflow the policy tests read. */
export interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string };
  jobs: Record<string, Job>;
}

export interface Job {
  permissions?: Record<string, string> | string;
  'timeout-minutes'?: number;
  uses?: string;
  steps?: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
}

/** One workflow file: its name, raw text (comments matter for pins) and parsed form. */
export interface WorkflowFile {
  name: string;
  text: string;
  workflow: Workflow;
}

export function readWorkflows(dir = workflowsDir): WorkflowFile[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, workflow: parse(text) as Workflow };
    });
}
