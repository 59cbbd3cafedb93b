import type { ClusterDiff } from './cluster-diffs.ts';

/** Hidden first line that lets the workflow find and update its own comment (sticky). */
export const commentMarker = '<!-- traylinx:manifests-diff -->';

/** GitHub rejects issue and PR comments longer than this many characters. */
export const githubCommentLimit = 65_536;

/** Options of {@link renderComment}. */
export interface CommentOptions {
  /** How the base is named in the comment, e.g. "origin/main (1a2b3c4)". */
  base: string;
  /** The command that prints the full diff locally, shown when a diff is cut. */
  reproduce: string;
  /**
   * Maximum size of the whole body in UTF-8 bytes. Bytes are never fewer than GitHub's count of
   * characters, and the body travels to the comment job in one environment variable, which
   * Linux caps at 128 KiB. @default 60_000, leaving headroom under {@link githubCommentLimit}
   */
  limit?: number;
}

// A fence longer than any backtick run in the diff, so YAML holding ``` cannot close it early.
function fenceFor(text: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  return '`'.repeat(Math.max(3, longest + 1));
}

function files(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}

function summary(diff: ClusterDiff): string {
  return `<b>${diff.cluster}</b>: ${files(diff.files)} changed, +${diff.added} −${diff.removed}`;
}

function size(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of whole lines not over `budget` bytes; shown is -1 when nothing is cut. */
function cutAtLine(text: string, budget: number): { text: string; shown: number } {
  if (size(text) <= budget) return { text, shown: -1 };
  let used = 0;
  let shown = 0;
  for (const line of text.split('\n')) {
    if (used + size(line) + 1 > budget) break;
    used += size(line) + 1;
    shown += 1;
  }
  const kept = text.split('\n').slice(0, shown).join('\n');
  return { text: shown === 0 ? '' : `${kept}\n`, shown };
}

function section(diff: ClusterDiff, body: string, note: string): string {
  const fence = fenceFor(diff.diff);
  const trailer = body === '' || body.endsWith('\n') ? '' : '\n';
  return [
    `<details><summary>${summary(diff)}</summary>`,
    '',
    `${fence}diff`,
    `${body}${trailer}${fence}`,
    note,
    '</details>',
    '',
  ].join('\n');
}

function truncationNote(diff: ClusterDiff, shown: number, reproduce: string): string {
  if (shown < 0) return '';
  const total = diff.diff.split('\n').length - (diff.diff.endsWith('\n') ? 1 : 0);
  return `\n_Truncated: ${shown} of ${total} lines shown. Full diff: \`${reproduce}\`_\n`;
}

/**
 * Splits `budget` characters over the diffs: small diffs keep all they need and hand what they
 * leave to the larger ones, so one huge cluster never hides a small change in another.
 */
function shareBudget(lengths: number[], budget: number): number[] {
  const order = lengths.map((length, index) => ({ length, index }))
    .sort((left, right) => left.length - right.length);
  const shares = new Array<number>(lengths.length).fill(0);
  let remaining = Math.max(0, budget);
  order.forEach(({ length, index }, position) => {
    const share = Math.min(length, Math.floor(remaining / (order.length - position)));
    shares[index] = share;
    remaining -= share;
  });
  return shares;
}

/**
 * The sticky PR comment: one collapsible section per changed cluster, one line per untouched
 * cluster, every diff cut at a line boundary so the body stays under `limit`.
 */
export function renderComment(diffs: ClusterDiff[], options: CommentOptions): string {
  const limit = options.limit ?? 60_000;
  const changed = diffs.filter((diff) => diff.diff !== '');
  const untouched = diffs.filter((diff) => diff.diff === '');

  const head = [
    commentMarker,
    '### Manifest diff',
    '',
    `Committed \`dist/\` at ${options.base} against \`dist/\` freshly synthesized from this PR.`,
    '',
  ].join('\n');
  const tail = [
    ...untouched.map((diff) => `- **${diff.cluster}**: no changes`),
    ...(diffs.length === 0 ? ['_No cluster directories on either side._'] : []),
    '',
    `Preview locally: \`${options.reproduce}\``,
    '',
  ].join('\n');

  // Worst case: every section truncated, with the longest possible note.
  const frame = changed.map((diff) => {
    const note = truncationNote(diff, diff.diff.split('\n').length, options.reproduce);
    return size(section(diff, '', note));
  });
  const fixed = size(head) + size(tail) + frame.reduce((sum, length) => sum + length, 0);
  const shares = shareBudget(changed.map((diff) => size(diff.diff)), limit - fixed);

  const sections = changed.map((diff, index) => {
    const { text, shown } = cutAtLine(diff.diff, shares[index] ?? 0);
    return section(diff, text, truncationNote(diff, shown, options.reproduce));
  });
  const body = [head, ...sections, tail].join('\n');
  if (size(body) > limit) {
    throw new Error(`comment framing alone (${fixed} bytes) exceeds the ${limit}-byte limit`);
  }
  return body;
}

/** Plain-text rendering for a terminal: a header per cluster, then its unified diff. */
export function renderPlain(diffs: ClusterDiff[], base: string): string {
  const lines = [`# manifests diff: committed dist/ at ${base} -> working tree synthesized`];
  for (const diff of diffs) {
    if (diff.diff === '') {
      lines.push(`# ${diff.cluster}: no changes`);
      continue;
    }
    const stats = `${files(diff.files)} changed, +${diff.added} -${diff.removed}`;
    lines.push(`# ${diff.cluster}: ${stats}`);
    lines.push(diff.diff.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
