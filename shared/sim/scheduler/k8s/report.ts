/**
 * What the `schedule` CLI prints for each pending pod: the chosen node (or null),
 * kube-scheduler's summary line, every node's filter verdict and score breakdown,
 * and the preemption decision. The JSON form is the shape issue 4 specifies.
 */

export interface PluginScore {
  raw: number;
  normalized: number;
  weight: number;
}

export interface NodeVerdict {
  name: string;
  feasible: boolean;
  reasons: string[];
  scores: Record<string, PluginScore>;
  /** Σ normalized × weight; null when the node was filtered out or not scored. */
  total: number | null;
}

export interface PodReport {
  name: string;
  namespace: string;
  node: string | null;
  summary: string;
  nodes: NodeVerdict[];
  preemption: { node: string; victims: string[] } | null;
}

export interface ScheduleReport {
  pods: PodReport[];
}

function pad(text: string, width: number, alignRight: boolean): string {
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

/** Lays rows out in columns; numeric columns align right. */
export function alignTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => pad(cell, widths[column] ?? 0, numeric[column] ?? false))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The readable form: one block per pod with a nodes × (verdict, per-plugin scores, total) table. */
export function formatReport(report: ScheduleReport): string {
  const blocks = report.pods.map((pod) => {
    const lines: string[] = [];
    const title = `${pod.namespace}/${pod.name}`;
    lines.push(pod.node === null ? `${title}: not scheduled` : `${title} → ${pod.node}`);
    if (pod.summary !== "") lines.push(`  ${pod.summary}`);
    else if (pod.nodes.filter((node) => node.feasible).length === 1) {
      lines.push("  the only feasible node: kube-scheduler binds it without scoring");
    }
    if (pod.preemption !== null) {
      const victims = pod.preemption.victims.length === 0 ? "none" : pod.preemption.victims.join(", ");
      lines.push(`  preemption: nominated to ${pod.preemption.node}, victims: ${victims}`);
    }
    const plugins = [...new Set(pod.nodes.flatMap((node) => Object.keys(node.scores)))].sort();
    const weights = plugins.map(
      (plugin) => pod.nodes.find((node) => node.scores[plugin] !== undefined)?.scores[plugin]?.weight ?? 0,
    );
    const header = ["NODE", "VERDICT", ...plugins.map((plugin, i) => `${plugin}×${weights[i]}`), "TOTAL"];
    const rows = pod.nodes.map((node) => [
      node.name === pod.node ? `* ${node.name}` : `  ${node.name}`,
      node.feasible ? "fits" : node.reasons.join("; "),
      // raw→normalized, so a reader sees both the plugin's own number and the 0–100 one.
      ...plugins.map((plugin) => {
        const score = node.scores[plugin];
        return score === undefined ? "" : `${score.raw}→${score.normalized}`;
      }),
      node.total === null ? "" : String(node.total),
    ]);
    const numeric = [false, false, ...plugins.map(() => true), true];
    lines.push(...alignTable(header, rows, numeric).map((line) => `  ${line}`));
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}

/** The `--json` form, stable key order, two-space indent. */
export function formatReportJson(report: ScheduleReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
