import type Phaser from "phaser";
import { defaultInflightLimits } from "../../shared/sim/apiserver/flowControl.ts";
import type { Command } from "../../shared/sim/commands.ts";
import type { KubeProxyMode } from "../../shared/sim/network/kubeProxy.ts";
import { DEFAULT_MAX_PODS } from "../../shared/sim/scenario/schema.ts";
import { siBytes } from "../console/format.ts";
import { t } from "../i18n/index.ts";
import type { ClusterView, DeploymentView, EtcdMemberView, NodeView } from "../net/connection.ts";
import { Button } from "./Button.ts";
import { askForm, type Field } from "./Form.ts";
import type { Rect } from "./layout.ts";
import { Menu, type MenuItem } from "./Menu.ts";
import {
  addLearner,
  type MemberReplacement,
  REPLACEMENT_STEPS,
  type ReplacementStep,
  replacementStep,
} from "./memberReplacement.ts";
import { textStyle } from "./theme.ts";

const MiB = 1024 ** 2;
const BUTTON_HEIGHT = 24;
const BUTTON_GAP = 8;
/** The HPA's default CPU target when `kubectl autoscale` is given no --cpu-percent: 80 %. */
const DEFAULT_CPU_PERCENT = 80;
/** The limits the room accepts (shared/sim/commands.ts): replicas per cluster, in-flight requests. */
const MAX_REPLICAS = 150_000;
const MAX_INFLIGHT = 100_000;
/** A taint operators put on a node they are working on, so new pods stay away (NoSchedule). */
const MAINTENANCE_TAINT = { key: "maintenance", value: "", effect: "NoSchedule" } as const;
const PROXY_LABELS = {
  iptables: "op.proxyIptables",
  nftables: "op.proxyNftables",
  ipvs: "op.proxyIpvs",
} as const satisfies Record<KubeProxyMode, string>;

/**
 * The operator's tools: a toolbar (deployments, etcd, the API server, kube-proxy, new nodes) in the
 * right part of the toolbar strip, and the node menu opened on a node of the map. Every action goes
 * through `act`, which sends the command and echoes its kubectl/etcdctl line in the console. Shown
 * only to players who hold the operator role.
 */
export class OperatorTools {
  private bar: Phaser.GameObjects.Container | undefined;
  private shown = false;
  /** Where the toolbar's buttons begin (game x), or the strip's right edge while none shows. */
  left = 0;
  private view: ClusterView | undefined;
  /** The last snapshot this player saved: `etcdutl snapshot restore` needs a file to restore from. */
  private lastSnapshot: string | null = null;
  /** The member replacement this player is walking through (memberReplacement.ts), if any. */
  private replacement: MemberReplacement | null = null;

  private readonly scene: Phaser.Scene;
  private readonly rect: Rect;
  private readonly act: (command: Command) => void;

  constructor(scene: Phaser.Scene, rect: Rect, act: (command: Command) => void) {
    this.scene = scene;
    this.rect = rect;
    this.act = act;
    this.left = rect.x + rect.width;
  }

  update(view: ClusterView): void {
    this.view = view;
    const me = view.players.find((p) => p.id === view.me);
    const operator = (me?.roles.includes("operator") ?? false) && view.phase === "live";
    if (operator === this.shown) return;
    this.shown = operator;
    this.bar?.destroy();
    this.bar = undefined;
    this.left = this.rect.x + this.rect.width;
    if (operator) this.drawBar();
  }

  destroy(): void {
    this.bar?.destroy();
  }

  /**
   * The node's actions, opened at a game point (a click on the node, or Enter on the selected one);
   * `onClose` hears when it closes, chosen or not. False when there is no such node.
   */
  openNodeMenu(name: string, at: { x: number; y: number }, onClose?: () => void): boolean {
    const node = this.view?.nodes.find((n) => n.name === name);
    if (!node) return false;
    Menu.open(this.scene, { x: at.x + 8, y: at.y }, `node/${name}`, this.nodeItems(node), onClose);
    return true;
  }

  private nodeItems(node: NodeView): MenuItem[] {
    const name = node.name;
    const items: MenuItem[] = [
      node.unschedulable
        ? { label: t("op.uncordon"), hint: "uncordon", run: () => this.act({ type: "uncordon", node: name }) }
        : { label: t("op.cordon"), hint: "cordon", run: () => this.act({ type: "cordon", node: name }) },
      {
        label: t("op.drain"),
        hint: "drain",
        run: () => this.act({ type: "drain", node: name, gracePeriodMs: null }),
      },
    ];
    if (!node.taints.includes(`${MAINTENANCE_TAINT.key}:${MAINTENANCE_TAINT.effect}`))
      items.push({
        label: t("op.taint"),
        hint: "taint",
        run: () => this.act({ type: "taintNode", node: name, taint: MAINTENANCE_TAINT }),
      });
    for (const taint of node.taints) {
      const [key = "", effect = ""] = taint.split(":");
      const bare = key.split("=")[0] ?? key;
      if (effect === "NoSchedule" || effect === "PreferNoSchedule" || effect === "NoExecute")
        items.push({
          label: t("op.untaint", { taint: `${bare}:${effect}` }),
          run: () => this.act({ type: "untaintNode", node: name, key: bare, effect }),
        });
    }
    items.push({
      label: t("op.removeNode"),
      hint: "delete node",
      danger: true,
      run: () => this.act({ type: "removeNode", node: name }),
    });
    return items;
  }

  private drawBar(): void {
    const bar = this.scene.add.container(0, 0).setDepth(5);
    this.bar = bar;
    const entries: [string, (at: { x: number; y: number }) => void][] = [
      [t("op.bar.deployments"), (at) => this.deploymentsMenu(at)],
      [t("op.bar.etcd"), (at) => this.etcdMenu(at)],
      [t("op.bar.api"), (at) => this.apiMenu(at)],
      [t("op.bar.proxy"), (at) => this.proxyMenu(at)],
      [t("op.bar.addNode"), (at) => this.addNodeMenu(at)],
    ];
    const measure = this.scene.add.text(0, 0, "", { ...textStyle(12), fontStyle: "bold" });
    const widths = entries.map(([label]) => measure.setText(label).width + 28);
    measure.destroy();
    let right = this.rect.x + this.rect.width;
    const y = this.rect.y + this.rect.height / 2;
    for (let i = entries.length - 1; i >= 0; i--) {
      const [label, open] = entries[i]!;
      const width = widths[i]!;
      const x = right - width / 2;
      const below = { x: right - width, y: this.rect.y + this.rect.height + 4 };
      bar.add(
        new Button(this.scene, x, y, label, () => open(below), {
          width,
          height: BUTTON_HEIGHT,
          size: 12,
          style: "secondary",
        }),
      );
      right -= width + BUTTON_GAP;
    }
    this.left = right;
  }

  private deploymentsMenu(at: { x: number; y: number }): void {
    const deployments = this.view?.deployments ?? [];
    Menu.open(
      this.scene,
      at,
      t("op.bar.deployments"),
      deployments.length > 0
        ? deployments.map((d) => ({
            label: d.name,
            hint: `${d.readyReplicas}/${d.replicas}`,
            run: () => this.deploymentMenu(d, at),
          }))
        : [{ label: t("op.none"), disabled: true, run: () => {} }],
    );
  }

  private deploymentMenu(d: DeploymentView, at: { x: number; y: number }): void {
    Menu.open(this.scene, at, `deployment/${d.name}`, [
      { label: t("op.scale"), hint: `replicas ${d.replicas}`, run: () => void this.scaleForm(d) },
      {
        label: t("op.rolloutUndo"),
        hint: "rollout undo",
        run: () => this.act({ type: "rolloutUndo", deployment: d.name, toRevision: null }),
      },
      { label: t("op.hpa"), hint: "autoscale", run: () => void this.hpaForm(d) },
      {
        label: t("op.deleteHpa"),
        hint: "delete hpa",
        danger: true,
        run: () => this.act({ type: "deleteHpa", deployment: d.name }),
      },
    ]);
  }

  private async scaleForm(d: DeploymentView): Promise<void> {
    const values = await askForm(
      t("op.scaleTitle", { name: d.name }),
      [countField("replicas", t("op.replicas"), d.replicas, 0, MAX_REPLICAS)],
      t("op.apply"),
    );
    if (values) this.act({ type: "scale", deployment: d.name, replicas: Number(values.replicas) });
  }

  private async hpaForm(d: DeploymentView): Promise<void> {
    const min = Math.max(1, d.replicas);
    const values = await askForm(
      t("op.hpaTitle", { name: d.name }),
      [
        countField("min", t("op.hpaMin"), min, 1, MAX_REPLICAS),
        countField("max", t("op.hpaMax"), min * 2, 1, MAX_REPLICAS),
        // The room takes up to 10 (1000 %): targets above 100 % of the request are allowed in Kubernetes.
        countField("cpu", t("op.hpaCpu"), DEFAULT_CPU_PERCENT, 1, 1000),
      ],
      t("op.apply"),
    );
    if (!values) return;
    const minReplicas = Number(values.min);
    const maxReplicas = Math.max(minReplicas, Number(values.max));
    this.act({
      type: "setHpa",
      deployment: d.name,
      minReplicas,
      maxReplicas,
      targetCPUUtilization: Number(values.cpu) / 100,
    });
  }

  private etcdMenu(at: { x: number; y: number }): void {
    const members = this.view?.etcd ?? [];
    const items: MenuItem[] = [...this.replacementItems(members)];
    items.push(
      ...members.map((m) => ({
        label: m.name,
        hint: t("op.memberHint", { role: t(`controlPlane.role.${m.role}`), term: m.term }),
        run: () => this.memberMenu(m, at),
      })),
    );
    items.push(
      {
        label: t("op.addMember"),
        hint: "member add",
        run: () =>
          this.act({
            type: "addEtcdMember",
            name: nextName(
              members.map((m) => m.name),
              "etcd-",
            ),
          }),
      },
      ...this.spaceItems(members, at),
      {
        label: t("op.snapshot"),
        hint: "snapshot save",
        run: () => {
          const name = `snapshot-${Math.floor((this.view?.timeMs ?? 0) / 1000)}s.db`;
          this.lastSnapshot = name;
          this.act({ type: "snapshotEtcd", name });
        },
      },
      {
        label: t("op.restore"),
        hint: this.lastSnapshot ?? t("op.noSnapshot"),
        disabled: this.lastSnapshot === null || members.length === 0,
        danger: true,
        run: () => {
          if (this.lastSnapshot)
            this.act({
              type: "restoreEtcd",
              snapshot: this.lastSnapshot,
              members: members.map((m) => m.name),
            });
        },
      },
    );
    Menu.open(this.scene, at, "etcd", items);
  }

  /**
   * etcd's space maintenance, in the order its maintenance guide gives it: compact the history to
   * the current revision (what `etcdctl endpoint status -w json` shows), defragment each member one
   * at a time, then disarm the alarms (`etcdctl alarm list` is the last item's hint).
   */
  private spaceItems(members: readonly EtcdMemberView[], at: { x: number; y: number }): MenuItem[] {
    const revision = Math.max(0, ...members.map((m) => m.revision));
    const alarms = [...new Set(members.flatMap((m) => m.alarms))];
    const running = members.filter((m) => m.role !== "down");
    return [
      {
        label: t("op.compact", { revision }),
        hint: `compact ${revision}`,
        disabled: revision === 0,
        run: () => this.act({ type: "compactEtcd", revision }),
      },
      {
        label: t("op.defrag"),
        hint: "defrag",
        disabled: running.length === 0,
        run: () =>
          Menu.open(
            this.scene,
            at,
            t("op.defragTitle"),
            running.map((m) => ({
              label: m.name,
              hint: `DB ${siBytes(m.dbSize)}`,
              run: () => this.act({ type: "defragEtcd", member: m.name }),
            })),
          ),
      },
      {
        label: t("op.disarm"),
        hint: alarms.length > 0 ? alarms.join(", ") : t("op.noAlarm"),
        disabled: alarms.length === 0,
        run: () => this.act({ type: "disarmEtcdAlarms" }),
      },
    ];
  }

  /**
   * The guided replacement's steps, at the top of the etcd menu while one is under way: the steps
   * done ticked, the next one to run, the later ones waiting. Each runs its real etcdctl command,
   * so a refusal (a promote before the learner is in sync) comes back in etcd's words.
   */
  private replacementItems(members: readonly EtcdMemberView[]): MenuItem[] {
    if (this.replacement === null) return [];
    const r = this.replacement;
    const next = replacementStep(r, members);
    if (next.step === "done") {
      this.replacement = null;
      return [];
    }
    const current = REPLACEMENT_STEPS.indexOf(next.step);
    const items = REPLACEMENT_STEPS.map((step, i): MenuItem => {
      const mark = i < current ? "✓" : `${i + 1}.`;
      const label =
        step === "add"
          ? t("op.replaceAdd", { step: mark, name: r.replacement })
          : step === "promote"
            ? t("op.replacePromote", {
                step: mark,
                name: r.replacement,
                percent: i < current ? 100 : next.step === "promote" ? Math.floor(next.caughtUp * 100) : 0,
              })
            : t("op.replaceRemove", { step: mark, name: r.old });
      const hint = i !== current ? undefined : replacementHint(next);
      return {
        label,
        ...(hint === undefined ? {} : { hint }),
        disabled: i !== current,
        danger: step === "remove",
        run: () => this.act(next.command),
      };
    });
    items.push({
      label: t("op.replaceStop"),
      run: () => {
        this.replacement = null;
      },
    });
    return items;
  }

  private memberMenu(m: EtcdMemberView, at: { x: number; y: number }): void {
    const names = (this.view?.etcd ?? []).map((x) => x.name);
    Menu.open(this.scene, at, `etcd/${m.name}`, [
      {
        label: t("op.replace"),
        hint: t("op.replaceHint"),
        disabled: this.replacement !== null,
        run: () => {
          this.replacement = { old: m.name, replacement: nextName(names, "etcd-") };
          this.act(addLearner(this.replacement.replacement));
        },
      },
      { label: t("op.restartMember"), run: () => this.act({ type: "restartEtcdMember", member: m.name }) },
      {
        label: t("op.removeMember"),
        hint: "member remove",
        danger: true,
        run: () => this.act({ type: "removeEtcdMember", member: m.name }),
      },
    ]);
  }

  /** kube-apiserver's flags, and the control-plane static pods that are not running, to start again. */
  private apiMenu(at: { x: number; y: number }): void {
    const apf = this.view?.controlPlane.apfEnabled ?? false;
    const stopped = this.view?.controlPlane.stoppedProcesses ?? [];
    Menu.open(this.scene, at, t("op.controlPlaneTitle"), [
      { label: t("op.limits"), hint: "--max-requests-inflight", run: () => void this.limitsForm() },
      {
        label: t(apf ? "op.apfOff" : "op.apfOn"),
        hint: "--enable-priority-and-fairness",
        run: () => this.act({ type: "setPriorityAndFairness", enabled: !apf }),
      },
      ...stopped.map(({ component, machine }) => ({
        label: t("op.startProcess", { component, machine }),
        hint: "/etc/kubernetes/manifests",
        run: () => this.act({ type: "startControlPlane", component, machine }),
      })),
      ...(stopped.length === 0 ? [{ label: t("op.allProcessesRun"), disabled: true, run: () => {} }] : []),
    ]);
  }

  private async limitsForm(): Promise<void> {
    const values = await askForm(
      t("op.limitsTitle"),
      [
        countField("reads", t("op.maxInflight"), defaultInflightLimits.maxRequestsInflight, 1, MAX_INFLIGHT),
        countField(
          "writes",
          t("op.maxMutating"),
          defaultInflightLimits.maxMutatingRequestsInflight,
          1,
          MAX_INFLIGHT,
        ),
      ],
      t("op.apply"),
    );
    if (values)
      this.act({
        type: "setApiServerLimits",
        maxRequestsInflight: Number(values.reads),
        maxMutatingRequestsInflight: Number(values.writes),
      });
  }

  /** kube-proxy's modes, nftables (GA in v1.33) before IPVS (deprecated in v1.35). */
  private proxyMenu(at: { x: number; y: number }): void {
    const mode = this.view?.controlPlane.kubeProxyMode ?? "";
    Menu.open(
      this.scene,
      at,
      "kube-proxy",
      (["iptables", "nftables", "ipvs"] as const).map((m) => ({
        label: t(PROXY_LABELS[m]),
        hint: m === mode ? t("op.current") : `--proxy-mode=${m}`,
        disabled: m === mode,
        run: () => this.act({ type: "setKubeProxyMode", mode: m }),
      })),
    );
  }

  /**
   * A node like the others of a zone (same size), with the next free name: free of the nodes and
   * of those still booting, so a second order in a zone does not take the first one's name.
   */
  private addNodeMenu(at: { x: number; y: number }): void {
    const nodes = this.view?.nodes ?? [];
    const taken = [...nodes, ...(this.view?.booting ?? [])].map((n) => n.name);
    const zones = [...new Set(nodes.map((n) => n.zone))].sort();
    Menu.open(
      this.scene,
      at,
      t("op.bar.addNode"),
      zones.length > 0
        ? zones.flatMap((zone) => {
            const like = nodes.findLast((n) => n.zone === zone);
            if (!like) return [];
            return {
              label: t("op.addNodeIn", { zone }),
              hint: `${like.cpuMilli / 1000} CPU · ${Math.round(like.memoryMiB / 1024)} GiB`,
              run: () =>
                this.act({
                  type: "addNode",
                  name: nextName(taken, like.name.replace(/\d+$/, "")),
                  zone,
                  milliCPU: like.cpuMilli,
                  memoryBytes: like.memoryMiB * MiB,
                  pods: like.podCapacity || DEFAULT_MAX_PODS,
                }),
            };
          })
        : [{ label: t("op.none"), disabled: true, run: () => {} }],
    );
  }
}

/** The etcdctl verb of the step to run now, and for a promote whether the learner is in sync yet. */
function replacementHint(next: Exclude<ReplacementStep, { step: "done" }>): string {
  if (next.step === "add") return "member add --learner";
  if (next.step === "remove") return "member remove";
  return next.ready ? t("op.replaceInSync") : t("op.replaceCatchingUp");
}

/** A whole number field between min and max. */
function countField(name: string, label: string, value: number, min: number, max: number): Field {
  return {
    name,
    label,
    value: String(value),
    maxLength: 7,
    check: (text) => {
      const n = Number(text);
      return /^\d+$/.test(text) && n >= min && n <= max ? null : t("op.countRule", { min, max });
    },
  };
}

/** `prefix` followed by one more than the highest number already used after it: etcd-4, node-a4. */
function nextName(taken: readonly string[], prefix: string): string {
  let highest = 0;
  for (const name of taken)
    if (name.startsWith(prefix)) {
      const n = Number(name.slice(prefix.length));
      if (Number.isInteger(n)) highest = Math.max(highest, n);
    }
  return `${prefix}${highest + 1}`;
}
