/**
 * Issue 6 and 18 end to end: one update session against the real engine sends exactly one report
 * to a loopback webhook, and nothing at all when nothing changed (report and legacy mode);
 * Watchtower's documented template and shoutrrr's documented smtp URL form work.
 */
import { rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, removeTestContainers, runBosun, runContainer, testEnv, uniqueName } from "./harness.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const received: Received[] = [];
const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
  req.on("end", () => {
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    res.writeHead(200).end();
  });
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await removeTestContainers();
  await new Promise((resolve) => server.close(resolve));
});

describe("notifications end to end", () => {
  it("sends one report for a session that updated, none when nothing changed", async () => {
    const repo = uniqueName("ntf");
    const name = uniqueName("ntf");
    const stale = await staleRepo(repo);
    await runContainer(name, stale.ref, [], SLEEP);
    const url = `generic://127.0.0.1:${String(port)}/hook?template=json&disabletls=yes&@X-Bosun-Test=yes`;
    const args = [
      "--run-once",
      "--notification-url",
      url,
      "--notification-report",
      "--no-startup-message",
      "--notifications-hostname",
      "testhost",
      name,
    ];

    const first = await runBosun(args);
    expect(first.code, first.stderr).toBe(0);
    expect(received).toHaveLength(1);
    const [report] = received;
    expect(report?.method).toBe("POST");
    expect(report?.url).toBe("/hook");
    expect(report?.headers["x-bosun-test"]).toBe("yes");
    const payload = JSON.parse(report?.body ?? "") as { title: string; message: string };
    expect(payload.title).toBe("Watchtower updates on testhost");
    const image = `${testEnv().registry}/${repo}:latest`;
    expect(payload.message).toContain("1 Scanned, 1 Updated, 0 Failed");
    expect(payload.message).toContain(`- /${name} (${image}): `);
    expect(payload.message).toMatch(/: [0-9a-f]{12} updated to [0-9a-f]{12}/);

    const second = await runBosun(args);
    expect(second.code, second.stderr).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("reports stale monitor-only containers (users ask for this)", async () => {
    const repo = uniqueName("ntm");
    const name = uniqueName("ntm");
    const stale = await staleRepo(repo);
    await runContainer(name, stale.ref, [], SLEEP);
    const before = received.length;
    const url = `generic+http://127.0.0.1:${String(port)}/stale`;
    const result = await runBosun([
      "--run-once",
      "--monitor-only",
      "--notification-url",
      url,
      "--notification-report",
      "--no-startup-message",
      name,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const sent = received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("/stale");
    expect(sent[0]?.body).toContain("1 Scanned, 0 Updated, 0 Failed, 1 Stale");
    expect(sent[0]?.body).toContain(`/${name} (${testEnv().registry}/${repo}:latest): Stale`);
  });

  it("without --notification-report sends the session's events as Watchtower phrased them", async () => {
    const repo = uniqueName("ntl");
    const name = uniqueName("ntl");
    const stale = await staleRepo(repo);
    await runContainer(name, stale.ref, [], SLEEP);
    const before = received.length;
    const url = `generic+http://127.0.0.1:${String(port)}/legacy`;
    const result = await runBosun(["--run-once", "--notification-url", url, "--no-startup-message", name]);
    expect(result.code, result.stderr).toBe(0);
    const sent = received.slice(before);
    expect(sent).toHaveLength(1);
    const image = `${testEnv().registry}/${repo}:latest`;
    expect(sent[0]?.body).toMatch(
      new RegExp(`Found new ${image.replace(/[.]/g, "\\.")} image \\([0-9a-f]{12}\\)`),
    );
    expect(sent[0]?.body).toMatch(new RegExp(`Stopping /${name} \\([0-9a-f]{12}\\) with SIGTERM`));
    expect(sent[0]?.body).toContain(`Creating /${name}`);
  });

  it("--notification-template-file: the report is rendered from the file, with named templates", async () => {
    const repo = uniqueName("ntf");
    const name = uniqueName("ntf");
    const stale = await staleRepo(repo);
    await runContainer(name, stale.ref, [], SLEEP);
    const file = join(testEnv().dir, `${name}.tmpl`);
    writeFileSync(
      file,
      '{{define "line"}}{{.Name}} is {{.State}}{{end}}' +
        '{{- range .Report.Updated}}{{template "line" .}};{{end}}',
    );
    const before = received.length;
    const result = await runBosun(
      [
        "--run-once",
        "--notification-url",
        `generic+http://127.0.0.1:${String(port)}/file`,
        "--notification-report",
        "--no-startup-message",
        name,
      ],
      { env: { WATCHTOWER_NOTIFICATION_TEMPLATE_FILE: file, WATCHTOWER_NOTIFICATION_TEMPLATE: "default" } },
    );
    rmSync(file);
    expect(result.code, result.stderr).toBe(0);
    const sent = received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toContain(`/${name} is Updated;`);
  });

  it("legacy mode with Watchtower's documented .Time.Format template: an update is notified, an uneventful session sends nothing", async () => {
    const repo = uniqueName("ntt");
    const name = uniqueName("ntt");
    const stale = await staleRepo(repo);
    await runContainer(name, stale.ref, [], SLEEP);
    // Watchtower's docs/notifications.md:71, verbatim.
    const template =
      '{{range .}}{{.Time.Format "2006-01-02 15:04:05"}} ({{.Level}}): {{.Message}}{{println}}{{end}}';
    const args = [
      "--run-once",
      "--notification-url",
      `generic+http://127.0.0.1:${String(port)}/timed`,
      "--notification-template",
      template,
      "--no-startup-message",
      name,
    ];
    const before = received.length;
    const first = await runBosun(args);
    expect(first.code, first.stderr).toBe(0);
    const sent = received.slice(before);
    expect(sent).toHaveLength(1);
    const lines = (sent[0]?.body ?? "").split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \((info|warning|error)\): ./);
    expect(sent[0]?.body).toContain(`Found new ${testEnv().registry}/${repo}:latest image`);
    expect(sent[0]?.body).not.toContain("Session done");

    const second = await runBosun(["--log-format", "json", ...args]);
    expect(second.code, second.stderr).toBe(0);
    const done = jsonLines(second.stderr).filter((line) => line.event === "session-done");
    expect(done).toEqual([expect.objectContaining({ scanned: 1, updated: 0, failed: 0 })]);
    expect(received.slice(before)).toHaveLength(1);
  });

  it("an smtp URL in shoutrrr's documented form (?from=…&to=…) delivers a mail", async () => {
    const mails: { from: string; to: string[]; data: string }[] = [];
    const smtp = new SMTPServer({
      logger: false,
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === "bosun" && auth.password === "secret") callback(null, { user: "bosun" });
        else callback(new Error("Invalid username or password"));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const from = session.envelope.mailFrom;
          mails.push({
            from: from === false ? "" : from.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    try {
      const smtpPort = (smtp.server.address() as AddressInfo).port;
      // shoutrrr docs/services/email.md:6: smtp://username:password@host:port/?from=…&to=…
      const url = `smtp://bosun:secret@127.0.0.1:${String(smtpPort)}/?from=bosun@example.com&to=ops@example.com,dev@example.com`;
      const result = await runBosun(
        ["--run-once", "--notification-url", url, "--notifications-hostname", "mailhost", uniqueName("none")],
        {
          timeoutMs: 60_000,
        },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.from).toBe("bosun@example.com");
      expect(mails[0]?.to).toEqual(["ops@example.com", "dev@example.com"]);
      expect(mails[0]?.data).toContain("Subject: Watchtower updates on mailhost");
    } finally {
      await new Promise<void>((resolve) => {
        smtp.close(resolve);
      });
    }
  });

  it("a malformed notification URL is a startup error with its secret masked", async () => {
    const result = await runBosun(["--run-once", "--notification-url", "slack://hunter2secret@"], {
      timeoutMs: 20_000,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("slack://");
    expect(result.stderr).not.toContain("hunter2secret");
  });
});
