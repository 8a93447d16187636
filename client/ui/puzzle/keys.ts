import { puzzleConnection } from "../../net/puzzle.ts";
import type { BoardActions } from "./Board.ts";
import type { PuzzleScreenSession } from "./session.ts";

/** What a key does on the puzzle screen (the scene's actions): the board's, and more. */
export interface KeyActions extends BoardActions {
  select(pod: string): void;
  /** Aims at a node (←/→). */
  aim(node: string): void;
  hintAll(): void;
  next(): void;
  back(): void;
}

/**
 * The puzzle by keyboard: Tab/↑/↓ choose a pod, ←/→ a node, Enter places (or evicts), Del takes off,
 * U undo, R reset, H hint, N next, Esc back.
 */
export function puzzleKey(event: KeyboardEvent, session: PuzzleScreenSession, act: KeyActions): void {
  const view = session.view;
  if (!view || session.dragging !== "") return;
  const pods = view.pods.filter((p) => !p.running || session.preemption);
  const nodes = view.nodes.map((n) => n.name);
  const cycle = <T>(list: readonly T[], current: T, step: number): T | undefined => {
    if (list.length === 0) return undefined;
    const at = list.indexOf(current);
    return list[(at + step + list.length * 2 + (at < 0 && step < 0 ? 1 : 0)) % list.length];
  };
  const selected = view.pods.find((p) => p.name === session.selectedPod);
  switch (event.key) {
    case "Tab":
    case "ArrowUp":
    case "ArrowDown": {
      event.preventDefault();
      const back = event.key === "ArrowUp" || (event.key === "Tab" && event.shiftKey);
      const next = cycle(
        pods.map((p) => p.name),
        session.selectedPod,
        back ? -1 : 1,
      );
      if (next) act.select(next);
      return;
    }
    case "ArrowLeft":
    case "ArrowRight": {
      event.preventDefault();
      const next = cycle(nodes, session.targetNode, event.key === "ArrowLeft" ? -1 : 1);
      if (!next) return;
      act.aim(next);
      if (session.selectedPod !== "" && !selected?.running) act.askHint(session.selectedPod, next);
      return;
    }
    case "Enter":
    case " ":
      event.preventDefault();
      if (view.complete && event.key === "Enter" && !selected) {
        act.next();
        return;
      }
      if (!selected) return;
      if (selected.running) act.evictOrRestore(selected);
      else if (session.targetNode !== "" && session.targetNode !== selected.node)
        act.place(selected.name, session.targetNode);
      return;
    case "Delete":
    case "Backspace":
      if (selected && !selected.running && selected.node !== "") act.unplace(selected.name);
      return;
    case "e":
    case "E":
      if (selected) act.evictOrRestore(selected);
      return;
    case "u":
    case "U":
      puzzleConnection().undo();
      return;
    case "r":
    case "R":
      puzzleConnection().reset();
      return;
    case "h":
    case "H":
      act.hintAll();
      return;
    case "n":
    case "N":
      if (view.complete) act.next();
      return;
    case "Escape":
      act.back();
      return;
  }
}
