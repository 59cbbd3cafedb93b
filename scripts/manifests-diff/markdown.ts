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
   * Maximum length of the whole body in UTF-16 code units (never fewer than GitHub's count of
   * characters). @default 60_000, leaving headroom under {@link githubCommentLimit}
   */
  limit?: number;
}

// A fence longer than any backtick run in the diff, so YAML holding ``` cannot close it early.
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function files(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}

function summary(diff: ClusterDiff): string {
  return `<b>${diff.cluster}</b>: ${files(diff.files)} changed, +${diff.added} −${diff.removed}`;
}

/** The longest prefix of whole lines not over `budget` characters, and how many lines it has. */
function cutAtLine(text: string, budget: number): { text: string; shown: number } {
  if (text.length <= budget) return { text, shown: -1 };
  const cut = text.lastIndexOf('\n', budget - 1);
  const kept = cut < 0 ? '' : text.slice(0, cut + 1);
  return { text: kept, shown: kept === '' ? 0 : kept.split('\n').length - 1 };
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
    return section(diff, '', note).length;
  });
  const fixed = head.length + tail.length + frame.reduce((sum, length) => sum + length, 0);
  const shares = shareBudget(changed.map((diff) => diff.diff.length), limit - fixed);

  const sections = changed.map((diff, index) => {
    const { text, shown } = cutAtLine(diff.diff, shares[index] ?? 0);
    return section(diff, text, truncationNote(diff, shown, options.reproduce));
  });
  const body = [head, ...sections, tail].join('\n');
  if (body.length > limit) {
    throw new Error(`comment framing alone (${fixed} characters) exceeds the ${limit} limit`);
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
