import Phaser from "phaser";
import type { TextBox } from "./testSeam.ts";

/**
 * The texts the running scenes show, each with its box on screen in game coordinates: through the
 * camera that draws it (a scene may have several, like the incident map's own camera), clipped to
 * that camera's viewport. Hidden texts, empty ones, and those outside every viewport are left out.
 */
export function textBoxes(game: Phaser.Game): TextBox[] {
  const boxes: TextBox[] = [];
  for (const scene of game.scene.getScenes(true)) {
    const cameras = scene.cameras.cameras.filter((c) => c.visible);
    const visit = (objects: readonly Phaser.GameObjects.GameObject[], depth: number, filter: number) => {
      for (const object of objects) {
        const shown = object as unknown as Phaser.GameObjects.Components.Visible &
          Phaser.GameObjects.Components.AlphaSingle;
        if (shown.visible === false || shown.alpha === 0) continue;
        const own = (object as unknown as Phaser.GameObjects.Components.Depth).depth ?? 0;
        // A child's camera filter is its own and its containers' (a layer hidden from a camera hides its children).
        const cameraFilter = filter | object.cameraFilter;
        if (object instanceof Phaser.GameObjects.Container) {
          visit(object.list, depth + own, cameraFilter);
          continue;
        }
        if (!(object instanceof Phaser.GameObjects.Text) || object.text.trim() === "") continue;
        const bounds = object.getBounds();
        for (const camera of cameras) {
          if ((cameraFilter & camera.id) !== 0) continue;
          const box = onScreen(camera, bounds);
          if (box)
            boxes.push({
              scene: scene.scene.key,
              text: object.text,
              ...box,
              depth: depth + own,
              camera: camera === scene.cameras.main ? "main" : camera.name,
            });
        }
      }
    };
    visit(scene.children.list, 0, 0);
  }
  return boxes;
}

/** A world rectangle as a camera draws it, clipped to its viewport; null when it falls outside. */
function onScreen(
  camera: Phaser.Cameras.Scene2D.Camera,
  r: Phaser.Geom.Rectangle,
): { x: number; y: number; width: number; height: number } | null {
  const zoom = camera.zoom;
  const ox = camera.width * camera.originX;
  const oy = camera.height * camera.originY;
  const left = camera.x + ox + (r.x - camera.scrollX - ox) * zoom;
  const top = camera.y + oy + (r.y - camera.scrollY - oy) * zoom;
  const x0 = Math.max(left, camera.x);
  const y0 = Math.max(top, camera.y);
  const x1 = Math.min(left + r.width * zoom, camera.x + camera.width);
  const y1 = Math.min(top + r.height * zoom, camera.y + camera.height);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
