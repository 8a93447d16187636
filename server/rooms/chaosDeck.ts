import type { ChaosDeck, FaultKind } from "../../shared/sim/scenario/index.ts";

/**
 * The chaos agent's hand for one round, with no sockets and no clock: the energy that refills with
 * simulated time, what each card costs, when each is ready again, and why a card cannot be played.
 * Who may play a card at all is the Workshop's question (`authorizeCommand`); the room asks this
 * module whether the card is payable, then pays for it once the cluster took the fault.
 *
 * Energy, costs and cooldowns are a game choice: each scenario's deck sets them (scenarios/*.json).
 */
export class ChaosHand {
  private readonly deck: ChaosDeck;
  private energyNow: number;
  /** When each card may be played again (simulated ms), by card id. */
  private readonly readyAt = new Map<string, number>();

  constructor(deck: ChaosDeck) {
    this.deck = deck;
    this.energyNow = deck.energy.start;
  }

  get energy(): number {
    return this.energyNow;
  }

  /** The energy as the players see it: to a tenth, never rounded up. */
  get shownEnergy(): number {
    return Math.floor(this.energyNow * 10) / 10;
  }

  /** When the card may be played again (0: from the start). */
  readyAtMs(id: string): number {
    return this.readyAt.get(id) ?? 0;
  }

  /** `simMs` of simulated time passed: the energy refills at the deck's rate, up to its maximum. */
  refill(simMs: number): void {
    const { max, perMinute } = this.deck.energy;
    this.energyNow = Math.min(max, this.energyNow + (perMinute * simMs) / 60_000);
  }

  /**
   * Why this card cannot be played at `now` (null: it can): the deck and the fault always; energy and
   * cooldown for the chaos agent, not for the facilitator injecting from the deck (`free`).
   */
  refusal(cardId: string | null, fault: FaultKind, now: number, free: boolean): string | null {
    const card = this.deck.cards.find((c) => c.id === cardId);
    if (card === undefined) {
      const ids = this.deck.cards.map((c) => c.id).join(", ");
      return `play a card from this scenario's deck (${ids})`;
    }
    if (card.fault !== fault) return `the ${card.id} card injects ${card.fault}, not ${fault}`;
    if (free) return null;
    if (this.energyNow < card.cost)
      return `${card.id} costs ${card.cost} energy; you have ${Math.floor(this.energyNow)}`;
    const readyAt = this.readyAtMs(card.id);
    if (now < readyAt) return `${card.id} is cooling down for ${Math.ceil((readyAt - now) / 1000)} s more`;
    return null;
  }

  /** The card was played at `now`: its cost leaves the energy and it cools down. */
  pay(cardId: string, now: number): void {
    const card = this.deck.cards.find((c) => c.id === cardId);
    if (card === undefined) return;
    this.energyNow -= card.cost;
    this.coolDown(card.id, now);
  }

  /**
   * A card played at `at` cools down until then plus its cooldown. A replayed log calls this alone:
   * the energy after each tick is in the tick's record.
   */
  coolDown(cardId: string, at: number): void {
    const card = this.deck.cards.find((c) => c.id === cardId);
    if (card !== undefined) this.readyAt.set(card.id, at + card.cooldownMs);
  }

  /** The energy as a replayed log last recorded it. */
  restoreEnergy(energy: number): void {
    this.energyNow = energy;
  }
}
