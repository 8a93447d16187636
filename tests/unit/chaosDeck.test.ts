import { describe, expect, it } from "vitest";
import { ChaosHand } from "../../server/rooms/chaosDeck.ts";
import type { ChaosDeck } from "../../shared/sim/scenario/index.ts";

const deck: ChaosDeck = {
  energy: { start: 3, max: 10, perMinute: 2 },
  cards: [
    { id: "kill", fault: "killNode", cost: 3, cooldownMs: 60_000 },
    { id: "spike", fault: "trafficSpike", cost: 5, cooldownMs: 30_000 },
  ],
};

describe("the chaos agent's hand", () => {
  it("starts at the deck's energy and refills with simulated time, up to its maximum", () => {
    const hand = new ChaosHand(deck);
    expect(hand.energy).toBe(3);
    hand.refill(45_000);
    expect(hand.energy).toBe(4.5);
    hand.refill(10 * 60_000);
    expect(hand.energy).toBe(10);
  });

  it("shows the energy to a tenth, rounded down", () => {
    const hand = new ChaosHand(deck);
    hand.refill(1_000);
    expect(hand.energy).toBeCloseTo(3.0333, 3);
    expect(hand.shownEnergy).toBe(3);
    hand.refill(2_000);
    expect(hand.shownEnergy).toBe(3.1);
  });

  it("refuses a card not in the deck, and a card played as another fault", () => {
    const hand = new ChaosHand(deck);
    expect(hand.refusal("nuke", "killNode", 0, false)).toBe(
      "play a card from this scenario's deck (kill, spike)",
    );
    expect(hand.refusal(null, "killNode", 0, true)).toBe(
      "play a card from this scenario's deck (kill, spike)",
    );
    expect(hand.refusal("kill", "partition", 0, true)).toBe("the kill card injects killNode, not partition");
  });

  it("refuses a card the energy does not pay for, and takes it once it does", () => {
    const hand = new ChaosHand(deck);
    expect(hand.refusal("spike", "trafficSpike", 0, false)).toBe("spike costs 5 energy; you have 3");
    hand.refill(60_000);
    expect(hand.refusal("spike", "trafficSpike", 60_000, false)).toBeNull();
  });

  it("pays a played card's cost and cools it down for its cooldown", () => {
    const hand = new ChaosHand(deck);
    hand.refill(3 * 60_000);
    expect(hand.refusal("kill", "killNode", 180_000, false)).toBeNull();
    hand.pay("kill", 180_000);
    expect(hand.energy).toBe(6);
    expect(hand.readyAtMs("kill")).toBe(240_000);
    expect(hand.readyAtMs("spike")).toBe(0);
    expect(hand.refusal("kill", "killNode", 200_500, false)).toBe("kill is cooling down for 40 s more");
    expect(hand.refusal("kill", "killNode", 240_000, false)).toBeNull();
  });

  it("lets the facilitator inject from the deck without energy or cooldown", () => {
    const hand = new ChaosHand(deck);
    hand.coolDown("spike", 0);
    expect(hand.refusal("spike", "trafficSpike", 1_000, true)).toBeNull();
    expect(hand.refusal("spike", "trafficSpike", 1_000, false)).toBe("spike costs 5 energy; you have 3");
  });

  it("replays a log: cooldowns from the played cards, energy from the last tick's record", () => {
    const hand = new ChaosHand(deck);
    hand.coolDown("spike", 5_000);
    hand.restoreEnergy(7.25);
    expect(hand.readyAtMs("spike")).toBe(35_000);
    expect(hand.energy).toBe(7.25);
    expect(hand.shownEnergy).toBe(7.2);
  });
});
