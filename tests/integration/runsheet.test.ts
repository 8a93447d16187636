import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { startGameServer } from "../support/server.ts";

/** The run sheets over real HTTP: the pages, their errors, the font they print with, the gallery's listing. */
describe("run sheets at /runsheet/<scenario id>?lang=en|ko", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;
  beforeAll(async () => {
    server = await startGameServer();
  });
  afterAll(async () => server?.stop());

  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path.replace(/^\//, "")}`);
    return {
      status: response.status,
      type: response.headers.get("content-type") ?? "",
      body: await response.text(),
    };
  };

  it.each(
    [...scenarioCatalog.values()].flatMap((s) => [
      [s.id, "en", s.title.en] as const,
      [s.id, "ko", s.title.ko] as const,
    ]),
  )("serves %s in %s", async (id, lang, title) => {
    const page = await get(`/runsheet/${id}?lang=${lang}`);
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    expect(page.body).toContain(`<html lang="${lang}">`);
    expect(page.body).toContain(`<h1>${title.replaceAll("'", "&#39;")}</h1>`);
  });

  it("speaks English when no language is asked for", async () => {
    expect((await get("/runsheet/zone-down")).body).toContain('<html lang="en">');
  });

  it("answers an unknown scenario with a 404 page listing the run sheets, never a stack trace", async () => {
    const page = await get("/runsheet/%3Cscript%3Ealert(1)%3C%2Fscript%3E?lang=ko");
    expect(page.status).toBe(404);
    expect(page.type).toContain("text/html");
    expect(page.body).toContain(
      "&#34;&#60;script&#62;alert(1)&#60;/script&#62;&#34;라는 시나리오는 없습니다",
    );
    expect(page.body).not.toContain("<script>");
    for (const id of scenarioCatalog.keys()) expect(page.body).toContain(`/runsheet/${id}?lang=ko`);
  });

  it.each([["fr"], ["EN"], [""]])("answers lang=%s with a 400 page", async (lang) => {
    const page = await get(`/runsheet/first-light?lang=${lang}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain(`lang must be en or ko (got &#34;${lang}&#34;)`);
    expect(page.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it("answers a repeated lang with a 400 page too", async () => {
    const page = await get("/runsheet/first-light?lang=en&lang=ko");
    expect(page.status).toBe(400);
  });

  it("lists every run sheet at /runsheet", async () => {
    const page = await get("/runsheet?lang=en");
    expect(page.status).toBe(200);
    for (const s of scenarioCatalog.values()) expect(page.body).toContain(`/runsheet/${s.id}?lang=en`);
  });

  it("serves the Hangul font the sheet prints with", async () => {
    const css = await get("/runsheet/fonts/400.css");
    expect(css.status).toBe(200);
    expect(css.body).toContain("font-family: 'Noto Sans KR'");
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(css.body)![1]!;
    const font = await fetch(`${server.url}runsheet/fonts/${file}`);
    expect(font.status).toBe(200);
    expect((await get("/runsheet/fonts/package.json")).status).toBe(404);
  });

  it("lists each scenario's level and what it teaches for the facilitator's gallery", async () => {
    const list = (await (await fetch(`${server.url}api/scenarios`)).json()) as {
      id: string;
      realMinutes: number;
      difficulty: string | null;
      teaches: { en: string; ko: string } | null;
    }[];
    expect(list.map((s) => s.id).sort()).toEqual([...scenarioCatalog.keys()].sort());
    for (const s of list) {
      expect(s.difficulty).toMatch(/^(tutorial|beginner|intermediate|advanced|expert)$/);
      expect(s.teaches?.en.length).toBeGreaterThan(20);
      expect(s.teaches?.ko.length).toBeGreaterThan(10);
      expect(s.realMinutes).toBeGreaterThan(0);
    }
  });
});
