/**
 * How many rooms this process runs now (workshops, solo rounds, puzzles), for the limit on rooms
 * per process (server/limits.ts): a create request is refused at the door when it is reached.
 */
let open = 0;

export function roomOpened(): void {
  open++;
}

export function roomClosed(): void {
  open = Math.max(0, open - 1);
}

export function openRooms(): number {
  return open;
}
