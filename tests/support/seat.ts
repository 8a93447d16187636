import { Client, type Room } from "@colyseus/sdk";
import { type Rejoined, rejoin } from "../../client/net/rejoin.ts";
import type { IncidentRoom } from "../../server/rooms/IncidentRoom.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { ownerPort } from "./cluster.ts";

type Player = Room<IncidentRoom, IncidentState>;

/**
 * A player of the cluster tests, as the browser's client behaves (client/net/connection.ts): it
 * talks to the game through the entry proxy, and when its socket closes without its leaving, it
 * reconnects through the proxy to wherever the workshop now lives (client/net/rejoin.ts).
 */
export class Seat {
  room: Player;
  /** The game-server port its WebSocket goes to now. */
  owner: number;
  /** How many times it came back after losing its socket. */
  backs = 0;
  /** Set when it tried to come back and could not. */
  gone: Extract<Rejoined<Player>, { ok: false }> | undefined;
  private leaving = false;
  private readonly proxyPort: number;

  private constructor(proxyPort: number, room: Player, owner: number) {
    this.proxyPort = proxyPort;
    this.room = room;
    this.owner = owner;
    this.watch(room);
  }

  /** Creates a workshop through the entry proxy; this seat facilitates. */
  static async host(proxyPort: number, options: Record<string, unknown>): Promise<Seat> {
    const { client, sockets } = Seat.client(proxyPort);
    const room = (await client.create("incident", options)) as Player;
    return new Seat(proxyPort, room, ownerPort(sockets.at(-1)));
  }

  static async join(proxyPort: number, code: string, name: string): Promise<Seat> {
    const { client, sockets } = Seat.client(proxyPort);
    const room = (await client.joinById(code, { name })) as Player;
    return new Seat(proxyPort, room, ownerPort(sockets.at(-1)));
  }

  get state(): IncidentState {
    return this.room.state;
  }

  get code(): string {
    return this.room.roomId;
  }

  get connected(): boolean {
    return this.room.connection.isOpen;
  }

  send(type: string, message: unknown): void {
    this.room.send(type, message);
  }

  async leave(): Promise<void> {
    this.leaving = true;
    await Promise.race([this.room.leave().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  }

  private static client(proxyPort: number): { client: Client; sockets: string[] } {
    const sockets: string[] = [];
    const client = new Client(`http://127.0.0.1:${proxyPort}`, {
      urlBuilder: (url) => {
        if (url.protocol.startsWith("ws")) sockets.push(url.toString());
        return url.toString();
      },
    });
    return { client, sockets };
  }

  private watch(room: Player): void {
    room.reconnection.enabled = false;
    room.onLeave((code, reason) => {
      if (this.leaving || this.room !== room) return;
      // Consented by the workshop (the facilitator removed this player): the seat is gone.
      if (code === 4000) this.gone = { ok: false, why: "seatGone", message: reason ?? "" };
      else void this.recover(room.reconnectionToken);
    });
  }

  private async recover(token: string): Promise<void> {
    const { client, sockets } = Seat.client(this.proxyPort);
    const back = await rejoin<Player>(client, token, { stopped: () => this.leaving });
    if (!back.ok) {
      this.gone = back;
      return;
    }
    this.room = back.room;
    this.owner = ownerPort(sockets.at(-1));
    this.backs++;
    this.watch(back.room);
  }
}
